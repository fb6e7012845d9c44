const HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/;

/** The text under each markdown heading of a PR body, keyed by the lower-cased heading. */
export function sectionsOf(body: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | null = null;
  let fenced = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^ {0,3}(```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : HEADING.exec(line);
    if (m) {
      current = (m[1] ?? '').replace(/:$/, '').trim().toLowerCase();
      sections.set(current, '');
    } else if (current !== null) {
      sections.set(current, `${sections.get(current)}${line}\n`);
    }
  }
  return sections;
}
