import { parseDocumentDate } from './time.ts';

// Which post-mortem covers a break-glass session, shared by break-glass-no-postmortem and the
// site's account pages (which have the site data, not the model, hence the small shapes here).

const HOUR = 3_600_000;

/** The frontmatter keys read as the day a post-mortem was written, in this order. */
export const POSTMORTEM_DATE_KEYS = ['date', 'created'] as const;

export interface PostmortemDocument {
  path: string;
  title: string;
  type: string | null;
  extra: Record<string, unknown>;
}

export interface SessionWindow {
  session_name: string | null;
  /** When the role was assumed (ISO instant). */
  start: string;
  /** When its credentials expired (ISO instant). */
  end: string;
}

/** The latest instant a post-mortem may be written (or a labelled pull request opened) in. */
export function postmortemDeadline(s: SessionWindow, withinHours: number): number {
  return Date.parse(s.end) + withinHours * HOUR;
}

/** Of labelled pull requests, those opened in the session's window: from its start to the deadline. */
export function postmortemPullRequests<T extends { created_at: string }>(
  prs: readonly T[],
  s: SessionWindow,
  withinHours: number,
): T[] {
  const start = Date.parse(s.start);
  const deadline = postmortemDeadline(s, withinHours);
  return prs.filter((pr) => {
    const t = Date.parse(pr.created_at);
    return t >= start && t <= deadline;
  });
}

/** Whether a document of type postmortem is about the session: names it, or its incident window covers the session's start. */
export function coversSession(d: PostmortemDocument, s: SessionWindow): boolean {
  if (d.type !== 'postmortem') return false;
  if (s.session_name !== null && d.extra.session === s.session_name) return true;
  const w = d.extra.incident_window as { start?: unknown; end?: unknown } | undefined;
  const from = parseDocumentDate(w?.start);
  const to = parseDocumentDate(w?.end);
  if (from === null || to === null) return false;
  // A day without a time covers the whole day (UTC).
  const lo = from.kind === 'day' ? Date.parse(`${from.day}T00:00:00.000Z`) : from.ms;
  const hi = to.kind === 'day' ? Date.parse(`${to.day}T23:59:59.999Z`) : to.ms;
  const start = Date.parse(s.start);
  return lo <= start && start <= hi;
}

export type PostmortemDate =
  /** No date key: accepted whenever it was written (Docket cannot tell). */
  | { state: 'undated' }
  | { state: 'on-time' | 'late'; key: string; value: string }
  | { state: 'unreadable'; key: string; value: unknown };

/**
 * Whether the document was written by the deadline, by its `date` (or `created`) frontmatter.
 * A day without a time counts as written that day (UTC), so a document dated the day the
 * deadline falls on is on time.
 */
export function postmortemDate(d: PostmortemDocument, deadline: number): PostmortemDate {
  const key = POSTMORTEM_DATE_KEYS.find((k) => d.extra[k] !== undefined && d.extra[k] !== null);
  if (key === undefined) return { state: 'undated' };
  const value = d.extra[key];
  const date = parseDocumentDate(value);
  if (date === null) return { state: 'unreadable', key, value };
  const late =
    date.kind === 'day'
      ? date.day > new Date(deadline).toISOString().slice(0, 10)
      : date.ms > deadline;
  return { state: late ? 'late' : 'on-time', key, value: String(value) };
}

export interface PostmortemMatch {
  /** The documents about the session, in path order. */
  documents: { document: PostmortemDocument; date: PostmortemDate }[];
  /** The first of them written in time (or undated), if any. */
  satisfying: PostmortemDocument | null;
}

/** The post-mortem documents about a session and whether one of them was written in time. */
export function postmortemDocuments(
  documents: readonly PostmortemDocument[],
  s: SessionWindow,
  withinHours: number,
): PostmortemMatch {
  const deadline = postmortemDeadline(s, withinHours);
  const about = documents
    .filter((d) => coversSession(d, s))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((document) => ({ document, date: postmortemDate(document, deadline) }));
  const ok = about.find((x) => x.date.state === 'undated' || x.date.state === 'on-time');
  return { documents: about, satisfying: ok?.document ?? null };
}
