const HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/;
const FENCE = /^ {0,3}(```|~~~)/;

/** The text under each markdown heading of a PR body, keyed by the lower-cased heading. */
export function sectionsOf(body: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | null = null;
  let lines: string[] = [];
  let fenced = false;
  for (const line of body.split(/\r?\n/)) {
    // Only a line whose first non-space character (within three spaces) is #, ` or ~ can matter.
    let i = 0;
    while (i < 3 && line.charCodeAt(i) === 32) i++;
    const first = line.charCodeAt(i);
    if ((first === 96 || first === 126) && FENCE.test(line)) fenced = !fenced;
    const m = !fenced && first === 35 ? HEADING.exec(line) : null;
    if (m) {
      if (current !== null) sections.set(current, lines.join(''));
      current = (m[1] ?? '').replace(/:$/, '').trim().toLowerCase();
      lines = [];
    } else if (current !== null) {
      lines.push(`${line}\n`);
    }
  }
  if (current !== null) sections.set(current, lines.join(''));
  return sections;
}
