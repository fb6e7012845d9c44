/** 2026-03-02T12:00:00Z → 2026-03-02 12:00 UTC; dates pass through. */
export function when(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime())
    ? value
    : `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A population cell as text; lists are joined. */
export function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  return String(value);
}

export const STATUS_LABEL: Record<string, string> = {
  ok: 'OK',
  gaps: 'Gaps',
  'no-evidence': 'No evidence',
  passes: 'Passes',
  gap: 'Gap',
  accepted: 'Accepted risk',
  current: 'Current',
  'due-soon': 'Due soon',
  overdue: 'Overdue',
  'no-review': 'No review record',
  'not-reviewed': 'Unowned',
};

/**
 * An evidence URL fit for an href: http(s) only. URLs come from collected records (a deployment's
 * environment URL is whatever its creator typed), so a javascript: or data: URL must stay text.
 */
export function externalHref(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A web address as short link text: without its scheme, and only its host when the rest is long
 * (a CloudTrail console address is 150 characters, repeated on every record); the link keeps the
 * whole address.
 */
export function shortUrl(url: string, max = 60): string {
  const bare = url.replace(/^https?:\/\//, '');
  if (bare.length <= max) return bare;
  try {
    return new URL(url).host;
  } catch {
    return bare;
  }
}

/**
 * Splits text at `backtick` pairs: the spans between them are code. An unpaired backtick stays
 * text.
 */
export function codeSpans(text: string): { text: string; code: boolean }[] {
  const parts: { text: string; code: boolean }[] = [];
  const re = /`([^`]+)`/g;
  let at = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index), code: false });
    parts.push({ text: m[1] as string, code: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), code: false });
  return parts;
}

/** a; a or b; a, b or c (or another last word). */
export function orList(items: readonly string[], last = 'or'): string {
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}
