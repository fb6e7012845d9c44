/**
 * Secret redaction on a maintained rule set: secretlint's recommended preset
 * (@secretlint/secretlint-rule-preset-recommend), plus a few rules of Docket's own for what the
 * preset does not catch (AWS secrets behind field names in any spelling, AWS access key ids,
 * Authorization headers, GitHub tokens glued to a word, URL credentials, private key blocks without
 * their END line, JWTs). Each secret's range is replaced with `[REDACTED:<rule>]`; the secret
 * itself is never logged or returned.
 *
 * Speed (scripts/bench-secrets.ts, 300,000 CloudTrail records): about a quarter of the CPU time of
 * the per-string redactDeep it replaces on stored events, under half on raw records; records are
 * then linted only when a pre-filter (PREFILTER, below) finds in their line something a rule's
 * match must contain.
 *
 * `redactRecords` lints records as NDJSON, one lint call per ~1 MB of lines, so a secret whose
 * field name is a JSON key and whose value is the next string is caught too.
 */
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';
import type {
  SecretLintCoreConfig,
  SecretLintCoreResultMessage,
  SecretLintRuleCreator,
} from '@secretlint/types';

// secretlint's profiler is on by default: it marks every rule of every lint call on the global
// performance timeline and keeps every entry, which grows without bound over a long collection.
secretLintProfiler.setEnabled(false);

export interface Redaction {
  text: string;
  /** How many secrets each rule redacted, sorted by rule. */
  found: { rule: string; count: number }[];
}

/** A rule's name in markers and counts: secretlint's short form (`github`, `slack`, …). */
export function ruleName(id: string): string {
  return id.replace(/^@secretlint\/secretlint-rule-/, '');
}

/** A Docket rule: scans the text and reports ranges; its message never contains the secret. */
function docketRule(
  id: string,
  what: string,
  scan: (text: string) => Iterable<readonly [number, number]>,
): SecretLintRuleCreator {
  const messages = { FOUND: { en: () => `found ${what}` } };
  return {
    messages,
    meta: {
      id,
      type: 'scanner',
      recommended: true,
      supportedContentTypes: ['text'],
    },
    create(context) {
      const t = context.createTranslator(messages);
      return {
        file(source) {
          for (const range of scan(source.content)) context.report({ message: t('FOUND'), range });
        },
      };
    },
  };
}

/** Ranges of capture group 1 (the patterns have the `d` flag), or of the whole match. */
function* matches(text: string, ...patterns: RegExp[]): Generator<readonly [number, number]> {
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) {
      const range = m.indices?.[1] ?? [m.index, m.index + m[0].length];
      if (range[1] > range[0]) yield range;
    }
  }
}

// A field name and its value, as env files, YAML, SDK JSON, JSON inside a JSON string (escaped
// quotes), HTTP headers and name/value pairs (ECS task definitions, CloudFormation parameters)
// write them: `NAME=v`, `name: v`, `"Name": "v"`, `\"Name\":\"v\"`, `"name":"NAME","value":"v"`.
const QUOTE = String.raw`(?:\\?["'])?`;
const ASSIGN = String.raw`${QUOTE}\s{0,16}(?::|=>|=)\s{0,16}${QUOTE}`;
const Q = String.raw`\\?["']`;
const NAME_VALUE = String.raw`${Q}\s{0,9},\s{0,9}${Q}(?:parameter)?value${Q}\s{0,9}:\s{0,9}${Q}`;
const CONNECT = `(?:${ASSIGN}|${NAME_VALUE})`;
/** Between a field name's words: `aws_secret_access_key`, `aws-secret-access-key`, `AccessKey`. */
const SEP = '[-_. ]?';

const field = (name: string, value: string) => new RegExp(`${name}${CONNECT}(${value})`, 'dgi');

const AWS_SECRET_ACCESS_KEY = field(
  `secret${SEP}access${SEP}key`,
  '[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])',
);
const AWS_SESSION_TOKEN = field(`(?:session|security)${SEP}token`, '[A-Za-z0-9/+=]{32,}');
const SCHEME = '(?:bearer|basic|token|digest|negotiate)';
const AUTHORIZATION = new RegExp(
  String.raw`authorization${ASSIGN}${SCHEME}\s+([A-Za-z0-9\-._~+/]{4,}=*)`,
  'dgi',
);
const BEARER = /\bbearer\s+([A-Za-z0-9\-._~+/]{16,}=*)/dgi;
/** No boundary on either side: `MYghp_…`, and a token followed by more text. */
const GITHUB_TOKEN = /gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}/g;
/** `scheme://user:password@`: the user part and the password are redacted together. (The scan
 * starts at `://`, which the engine finds fast; a scheme before it is not needed.) */
const URL_CREDENTIALS = /:\/\/([^\s/?#@"'\\<>:]{1,256}:[^\s/?#@"'\\<>]{1,256})@/dg;
/** A template's placeholder for the password (`${PASSWORD}`, `{{pass}}`, `$TOKEN`): no secret. */
const TEMPLATE = /:(?:\$\{[^}]{1,50}\}|\{\{[^}]{1,50}\}\}|\{[^}]{1,50}\}|\$[A-Za-z_]{1,30})$/;
/** A JSON Web Token: base64url JSON header and payload (`eyJ` is `{"`), then the signature. */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

// A private key from its BEGIN line to its END line, or, when the END line is missing, to the
// end of its armoured body: `Name: value` armour headers (PGP's Version, PEM's Proc-Type) and a
// blank line, then base64 lines, one line break apart: a blank line after them ends the body.
// Line breaks may be escaped (`\n`, as in logged JSON) or spaces (a key pasted on one line).
const KEY_BEGIN = /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
const BREAK = String.raw`(?:[ \t]{0,16}(?:\r?\n|\\r\\n|\\n)[ \t]{0,16}|[ \t]{1,16})`;
const ARMOUR_HEADER = String.raw`[A-Z][A-Za-z-]{1,30}: [^\n"\\]{0,200}`;
const BASE64_LINE = '[A-Za-z0-9+/=]{1,4096}';
const KEY_BODY = new RegExp(
  `(?:${BREAK}${ARMOUR_HEADER})*(?:${BREAK}{1,2}${BASE64_LINE})?(?:${BREAK}${BASE64_LINE})*`,
  'y',
);
const KEY_END = /(?:\s|\\[nrt])*-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/y;

function* privateKeys(text: string): Generator<readonly [number, number]> {
  for (const begin of text.matchAll(KEY_BEGIN)) {
    let end = begin.index + begin[0].length;
    KEY_BODY.lastIndex = end;
    if (KEY_BODY.exec(text)) end = KEY_BODY.lastIndex;
    KEY_END.lastIndex = end;
    if (KEY_END.exec(text)) end = KEY_END.lastIndex;
    yield [begin.index, end];
  }
}

/**
 * AWS access key ids, long-term (AKIA…) and temporary (ASIA…). The preset's AWS rule finds them
 * only with enableIDScanRule, which also scans every `account_id: 123…` (to drop the findings
 * again) and takes unique ids of users and roles (AIDA…, AROA…), ordinary CloudTrail text. On raw
 * CloudTrail records that option took 1.1 s of CPU per 20,000 records, this rule 0.7 s.
 */
const AWS_ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;

/** Docket's own rules: only shapes the preset misses (test/evidence/secrets.test.ts shows it). */
export const DOCKET_RULES: readonly SecretLintRuleCreator[] = [
  docketRule('docket-aws-secret-access-key', 'AWS secret access key behind its field name', (t) =>
    matches(t, AWS_SECRET_ACCESS_KEY),
  ),
  docketRule('docket-aws-access-key-id', 'AWS access key id', (t) => matches(t, AWS_ACCESS_KEY_ID)),
  docketRule('docket-aws-session-token', 'AWS session token behind its field name', (t) =>
    matches(t, AWS_SESSION_TOKEN),
  ),
  docketRule('docket-authorization', 'Authorization header credential', (t) =>
    matches(t, AUTHORIZATION, BEARER),
  ),
  docketRule('docket-github-token', 'GitHub token glued to other text', (t) =>
    matches(t, GITHUB_TOKEN),
  ),
  docketRule('docket-url-credentials', 'credentials in a URL', (t) =>
    [...matches(t, URL_CREDENTIALS)].filter(([s, e]) => !TEMPLATE.test(t.slice(s, e))),
  ),
  docketRule('docket-private-key', 'private key block', privateKeys),
  docketRule('docket-jwt', 'JSON Web Token', (t) => matches(t, JWT)),
];

/**
 * The preset's rules, each registered on its own: secretlint honours `disabled` only for a
 * top-level rule, not for one inside a preset, and one rule must go. Rules the preset adds in a
 * later version are picked up from its `rules` list. Options are the preset's defaults.
 */
const PRESET_RULES = presetRules
  // `secretlint-disable` in a PR body must not switch redaction off for the text after it.
  .filter((rule) => ruleName(rule.meta.id) !== 'filter-comments')
  .map((rule) => ({ id: rule.meta.id, rule }));

const CONFIG: SecretLintCoreConfig = {
  rules: [...PRESET_RULES, ...DOCKET_RULES.map((rule) => ({ id: rule.meta.id, rule }))],
};

interface Finding {
  start: number;
  end: number;
  rule: string;
}

/** Every secret's range in `text`, unmerged. `ext` picks the preset's file-type rules. */
async function findSecrets(text: string, ext: string): Promise<Finding[]> {
  const result = await lintSource({
    // Named .npmrc so that the preset's npm rule also looks for `_authToken=` lines (it does only
    // in files of that name); its package.json-only check, `https://TOKEN:x-oauth-basic@github.com`
    // URLs, is a URL credential, which docket-url-credentials catches anywhere.
    source: { content: text, filePath: '.npmrc', ext, contentType: 'text' },
    options: { config: CONFIG, noPhysicFilePath: true },
  });
  // secretlint drops a leading byte-order mark from the text it reports ranges in.
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return result.messages.map((m) => finding(text, m, shift));
}

function finding(text: string, m: SecretLintCoreResultMessage, shift: number): Finding {
  let start = m.range[0] + shift;
  let end = m.range[1] + shift;
  // Some preset rules report a range of the secret's length from the start of the whole match
  // (aws: `AWS_SECRET_ACCESS_KEY=wJal…` → the name and the secret's first characters). The message
  // data holds the secret: where it starts inside the range (or just after), its own range is
  // redacted instead, so the field name stays and the whole secret goes.
  let found: [number, number] | undefined;
  for (const [key, value] of Object.entries(m.data ?? {})) {
    if (key === 'typeName' || key === 'FILE_NAME') continue;
    if (typeof value !== 'string' || value.length < 8) continue;
    const at = text.indexOf(value, start);
    if (at === -1 || at > end + 256) continue;
    found = found
      ? [Math.min(found[0], at), Math.max(found[1], at + value.length)]
      : [at, at + value.length];
  }
  if (found) [start, end] = found;
  return { start, end, rule: ruleName(m.ruleId) };
}

/** Preset rules name a merged range before Docket's: the maintained rule says what it is. */
const rank = (rule: string) => (rule.startsWith('docket-') ? 1 : 0);

/** Overlapping findings merged, sorted; each named after its earliest (then longest) finding. */
function merge(findings: Finding[]): Finding[] {
  const sorted = [...findings].sort(
    (a, b) =>
      a.start - b.start ||
      b.end - a.end ||
      rank(a.rule) - rank(b.rule) ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
  const out: Finding[] = [];
  for (const f of sorted) {
    const last = out.at(-1);
    if (last && f.start < last.end) last.end = Math.max(last.end, f.end);
    else out.push({ ...f });
  }
  return out;
}

function replace(text: string, merged: readonly Finding[]): string {
  let out = '';
  let at = 0;
  for (const f of merged) {
    out += `${text.slice(at, f.start)}[REDACTED:${f.rule}]`;
    at = f.end;
  }
  return out + text.slice(at);
}

function count(merged: readonly Finding[], into = new Map<string, number>()) {
  for (const f of merged) into.set(f.rule, (into.get(f.rule) ?? 0) + 1);
  return into;
}

const sortedCounts = (counts: Map<string, number>) =>
  [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([rule, n]) => ({ rule, count: n }));

/** Redacts every secret in a text (a log message, a PR body, a file). */
export async function redactText(text: string): Promise<Redaction> {
  if (text === '') return { text, found: [] };
  // A JSON object is linted as a .json file, so the preset's GCP rule sees service account keys.
  const ext = text.trimStart().startsWith('{') && text.trimEnd().endsWith('}') ? '.json' : '.txt';
  const merged = merge(await findSecrets(text, ext));
  return { text: replace(text, merged), found: sortedCounts(count(merged)) };
}

/** About 1 MB of NDJSON per lint call. */
const BATCH_CHARS = 1 << 20;

// JSON escapes, as JSON.stringify writes them: `\n`, `\"`, `\\`, `\u001b`, …
const ESCAPE = /\\(?:u[0-9a-fA-F]{4}|[^u])/g;

/**
 * The serialised text the rules see: escapes that end in a letter (`\n`, `\t`, `\u001b`) become
 * whitespace of the same length, so a token right after a newline in a PR body (`…\nghp_…`) is
 * not taken for the tail of a word; `\n` becomes a real line break for the private-key rules.
 * Offsets are unchanged.
 */
function neutralise(serialised: string): string {
  if (!serialised.includes('\\')) return serialised;
  return serialised.replace(ESCAPE, (e) =>
    e === '\\"' || e === '\\\\' || e === '\\/' ? e : e === '\\n' ? ' \n' : ' '.repeat(e.length),
  );
}

/** Ranges moved off the middle of an escape sequence: a start to its end, an end to its end. */
function snapToEscapes(line: string, findings: Finding[]): Finding[] {
  if (!line.includes('\\')) return findings;
  const escapes = [...line.matchAll(ESCAPE)].map((m) => [m.index, m.index + m[0].length]);
  const inside = (at: number) => {
    let lo = 0;
    let hi = escapes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [s, e] = escapes[mid] as [number, number];
      if (at <= s) hi = mid - 1;
      else if (at >= e) lo = mid + 1;
      else return e;
    }
    return undefined;
  };
  return findings.map((f) => {
    const start = inside(f.start) ?? f.start;
    const end = inside(f.end) ?? f.end;
    return { ...f, start: start < end ? start : f.start, end };
  });
}

/** Whether a slice of a JSON line holds a string's closing quote (an unescaped `"`). */
function crossesString(line: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return true;
  }
  return false;
}

/** Every string of a value (keys included) redacted on its own. */
async function redactStrings(value: unknown): Promise<unknown> {
  if (typeof value === 'string') return (await redactText(value)).text;
  if (Array.isArray(value)) return Promise.all(value.map(redactStrings));
  if (value !== null && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(
        async ([k, v]) => [(await redactText(k)).text, await redactStrings(v)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

async function redactLine<T>(line: string, record: T, findings: Finding[]): Promise<T> {
  const merged = merge(snapToEscapes(line, findings));
  // Findings inside one string each are replaced in the line (a field name's secret included).
  const inside = merged.filter((f) => !crossesString(line, f.start, f.end));
  let redacted: T | undefined;
  try {
    redacted = inside.length ? (JSON.parse(replace(line, inside)) as T) : record;
  } catch {
    // A range outside any string: the line is redacted string by string below.
  }
  if (redacted !== undefined && inside.length === merged.length) return redacted;
  // A finding spans a string's end (or sits outside strings): replacing it would break the line's
  // JSON or merge two fields, so each string is then redacted on its own as well.
  return (await redactStrings(redacted ?? record)) as T;
}

/**
 * What every rule's match contains, ASCII case aside: a line in which none of these occurs holds
 * nothing any rule would find, so it is not linted (most records hold no secret, and two regular
 * expressions cost far less than the rule set). One entry per rule, read from its patterns (the
 * preset's source, version 13.1.0, and Docket's own above). Most anchor on a punctuation mark
 * and look behind it (`_(?<=npm_)` for `npm_`): lines hold few of those, so the scan is fast. A
 * rule in use that is not listed here (a later preset's) turns the pre-filter off: every line is
 * then linted. test/evidence/secrets.test.ts runs every secret of the preset's own test corpus
 * and of Docket's rules through it.
 */
const ANCHORS: Readonly<Record<string, readonly string[]>> = {
  // Preset rules (short ids). aws: only its secret access key pattern runs (its id scan is off).
  aws: ['secret'],
  gcp: [' key(?<=private key)'],
  npm: ['-(?<=x-)', '_authtoken', '_(?<=npm_)'],
  slack: ['-(?<=xox[a-z]-)', '-(?<=xapp-)', String.raw`\.(?<=hooks\.)`],
  basicauth: [String.raw`:\/\/[-a-z0-9_]+:`],
  openai: ['-(?<=sk-)'],
  anthropic: ['-(?<=sk-)'],
  groq: ['_(?<=gsk_)'],
  huggingface: ['_(?<=hf_)'],
  linear: ['_(?<=lin_)'],
  notion: ['_(?<=ntn_)'],
  privatekey: [' key(?<=private key)'],
  sendgrid: [String.raw`\.(?<=sg\.)`],
  shopify: ['_(?<=shp[a-z]{2}_)'],
  stripe: ['_(?<=k_)'],
  github: ['_(?<=gh[pousr]_)', '_(?<=github_)'],
  gitlab: ['-(?<=glpat-)'],
  grafana: ['_(?<=glc_)', '_(?<=glsa_)'],
  '1password': ['_(?<=ops_)'],
  'database-connection-string': [
    String.raw`:\/\/(?<=(?:mongodb|\+srv|mysqlx?|postgres(?:ql)?):\/\/)`,
  ],
  'hashicorp-vault': [String.raw`\.(?<=hv[sbr]\.)`],
  vercel: ['_(?<=vc[pciark]_)'],
  databricks: ['dapi'],
  docker: ['_(?<=dckr_)'],
  figma: ['_(?<=figd_)'],
  cloudflare: ['_(?<=(?:cfk|cfut|cfat)_)'],
  tailscale: ['-(?<=tskey-)'],
  // Docket's rules.
  'docket-aws-secret-access-key': ['secret'],
  'docket-aws-access-key-id': ['akia', 'asia'],
  'docket-aws-session-token': ['token'],
  'docket-authorization': ['authorization', 'bearer'],
  'docket-github-token': ['_(?<=gh[pousr]_)', '_(?<=github_)'],
  'docket-url-credentials': [String.raw`:\/\/[^\s/?#@"'\\<>]*@`],
  'docket-private-key': [' key(?<=private key)'],
  'docket-jwt': [String.raw`\.eyj`],
};

/**
 * The pre-filter: true when a line may hold a secret; null when a rule in use has no anchors
 * listed (then every line is linted).
 */
export const PREFILTER: { test(line: string): boolean } | null = (() => {
  const ids = CONFIG.rules.map((r) => ruleName(r.id));
  if (ids.some((id) => ANCHORS[id] === undefined)) return null;
  const all = [...new Set(ids.flatMap((id) => ANCHORS[id] as readonly string[]))];
  // Two expressions: those anchored on punctuation, and the few plain words.
  const punct = new RegExp(all.filter((a) => /^[^a-z]/.test(a)).join('|'), 'i');
  const words = new RegExp(all.filter((a) => /^[a-z]/.test(a)).join('|'), 'i');
  return { test: (line) => punct.test(line) || words.test(line) };
})();

/**
 * Redacts records as the store writes them: their serialised JSON, one lint call per ~1 MB of
 * NDJSON lines, so a secret behind a field name that is a JSON key is caught. Returns a new array;
 * a record without secrets is returned as it was (the same object), a redacted one as parsed back
 * from its redacted line.
 */
export async function redactRecords<T>(records: readonly T[]): Promise<T[]> {
  const lines = records.map((r) => JSON.stringify(r) as string | undefined);
  const changed = await redactSerialised(lines, (i) => records[i] as T);
  return records.map((r, i) => (changed.has(i) ? (changed.get(i) as T) : r));
}

/**
 * Each record serialised by `serialise` (canonical JSON, for the store), redacted: the line of a
 * record without secrets as serialised, a redacted record's serialised again. Lines are linted as
 * redactRecords lints them.
 */
export async function redactedLines<T>(
  records: readonly T[],
  serialise: (record: T) => string,
): Promise<string[]> {
  const lines = records.map(serialise);
  const changed = await redactSerialised(lines, (i) => records[i] as T);
  return lines.map((line, i) => (changed.has(i) ? serialise(changed.get(i) as T) : line));
}

/**
 * JSON lines (each record serialised by `serialise`) redacted as redactedLines redacts the
 * records: a line with a secret is parsed, redacted and serialised again; the others are kept.
 */
export async function redactJsonLines(
  lines: readonly string[],
  serialise: (record: unknown) => string,
): Promise<string[]> {
  const changed = await redactSerialised(lines, (i) => JSON.parse(lines[i] as string) as unknown);
  return lines.map((line, i) => (changed.has(i) ? serialise(changed.get(i)) : line));
}

/** The records redacted (by index) among serialised ones; `recordAt` gives a line's record. */
async function redactSerialised<T>(
  all: readonly (string | undefined)[],
  recordAt: (i: number) => T,
): Promise<Map<number, T>> {
  const out = new Map<number, T>();
  let next = 0;
  while (next < all.length) {
    const lines: string[] = [];
    const indexes: number[] = [];
    const starts: number[] = [];
    let size = 0;
    for (; next < all.length && size < BATCH_CHARS; next++) {
      const line = all[next];
      if (line === undefined) continue;
      if (PREFILTER && !PREFILTER.test(line)) continue;
      starts.push(size);
      lines.push(line);
      indexes.push(next);
      size += line.length + 1;
    }
    if (lines.length === 0) continue;
    const findings = await findSecrets(neutralise(lines.join('\n')), '.ndjson');
    if (findings.length === 0) continue;
    // Each finding to its line (clipped to it), in line-relative offsets.
    const byLine = new Map<number, Finding[]>();
    for (const f of findings) {
      let i = lineOf(starts, f.start);
      for (; i < lines.length && (starts[i] as number) < f.end; i++) {
        const base = starts[i] as number;
        const length = (lines[i] as string).length;
        const start = Math.max(f.start - base, 0);
        const end = Math.min(f.end - base, length);
        if (end <= start) continue;
        const list = byLine.get(i) ?? [];
        list.push({ start, end, rule: f.rule });
        byLine.set(i, list);
      }
    }
    for (const [i, list] of byLine) {
      const at = indexes[i] as number;
      const record = recordAt(at);
      const redacted = await redactLine(lines[i] as string, record, list);
      if (redacted !== record) out.set(at, redacted);
    }
  }
  return out;
}

/** The line holding offset `at`: the last start ≤ at. */
function lineOf(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The rule set: the preset's rules in use (short ids) and Docket's own. */
export const RULES = {
  preset: presetRules.map((r) => ruleName(r.meta.id)).filter((id) => id !== 'filter-comments'),
  docket: DOCKET_RULES.map((r) => r.meta.id),
};
