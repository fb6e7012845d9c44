const HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/;
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
  for (let pos = 0; pos <= body.length; ) {
    let end = body.indexOf('\n', pos);
    if (end === -1) end = body.length;
    // Only a line whose first non-space character (within three spaces) is #, ` or ~ can matter.
    let i = pos;
    while (i < pos + 3 && body.charCodeAt(i) === 32) i++;
    const first = body.charCodeAt(i);
    if ((first === 96 || first === 126) && FENCE.test(body.slice(pos, end))) fenced = !fenced;
    const m = !fenced && first === 35 ? HEADING.exec(body.slice(pos, end)) : null;
    if (m) {
      if (current !== null) sections.set(current, body.slice(from, pos));
      current = (m[1] ?? '').replace(/:$/, '').trim().toLowerCase();
      from = end + 1;
    }
    pos = end + 1;
  }
  if (current !== null) sections.set(current, from > body.length ? '' : `${body.slice(from)}\n`);
  return sections;
}
