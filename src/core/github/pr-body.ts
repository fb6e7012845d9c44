const FENCE = /^ {0,3}(```|~~~)/;

/**
 * The text under each markdown heading of a PR body, keyed by the lower-cased heading. Each
 * section's text is its lines, each ended by a newline (CRLF read as LF).
 */
export function sectionsOf(input: string): Map<string, string> {
  const body = input.includes('\r') ? input.replace(/\r\n/g, '\n') : input;
  const sections = new Map<string, string>();
  // Lines are found with indexOf and a section's text is one slice: PR bodies are many and long.
  let current: string | null = null;
  let from = 0;
  let fenced = false;
  for (let pos = 0; pos <= body.length;) {
    let end = body.indexOf('\n', pos);
    if (end === -1) end = body.length;
    // Only a line whose first non-space character (within three spaces) is #, ` or ~ can matter.
    let i = pos;
    while (i < pos + 3 && body.charCodeAt(i) === 32) i++;
    const first = body.charCodeAt(i);
    if ((first === 96 || first === 126) && FENCE.test(body.slice(pos, end))) fenced = !fenced;
    const heading = !fenced && first === 35 ? headingAt(body, i, end) : null;
    if (heading !== null) {
      if (current !== null) sections.set(current, body.slice(from, pos));
      current = (heading.endsWith(':') ? heading.slice(0, -1) : heading).trim().toLowerCase();
      from = end + 1;
    }
    pos = end + 1;
  }
  if (current !== null) sections.set(current, from > body.length ? '' : `${body.slice(from)}\n`);
  return sections;
}

/**
 * The text of an ATX heading (`#` to `######`, then a space or tab) whose #s start at `at`, up to
 * `end`, without its closing #s and spaces; null when the line is no such heading. Read by hand
 * rather than by a regular expression: every line of every PR body that starts with # comes here.
 */
function headingAt(body: string, at: number, end: number): string | null {
  let i = at;
  while (i < end && i - at < 7 && body.charCodeAt(i) === 35) i++;
  const level = i - at;
  if (level < 1 || level > 6 || i >= end || (body.charCodeAt(i) !== 32 && body.charCodeAt(i) !== 9))
    return null;
  while (i < end && (body.charCodeAt(i) === 32 || body.charCodeAt(i) === 9)) i++;
  let e = end;
  while (
    e > i &&
    (body.charCodeAt(e - 1) === 32 || body.charCodeAt(e - 1) === 9 || body.charCodeAt(e - 1) === 35)
  )
    e--;
  // A line break other than \n inside the line (\r, U+2028, U+2029) ends markdown's line: no heading.
  for (let k = i; k < end; k++) {
    const c = body.charCodeAt(k);
    if (c === 13 || c === 0x2028 || c === 0x2029) return null;
  }
  return body.slice(i, e);
}
