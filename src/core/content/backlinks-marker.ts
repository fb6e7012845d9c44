// The marker under which `docket backlinks --write` keeps a control's generated section. Content
// loading reads it too (the prose ends there), so it lives apart from the backlinks writer.

export const BACKLINKS_MARKER = '<!-- Backlinks auto-generated below -->';
/** MDX has no HTML comments, so MDX controls carry the marker as an MDX comment. */
export const BACKLINKS_MARKER_MDX = '{/* Backlinks auto-generated below */}';

export function markerFor(path: string): string {
  return path.toLowerCase().endsWith('.mdx') ? BACKLINKS_MARKER_MDX : BACKLINKS_MARKER;
}

/** Where a control file's generated section starts, or -1. */
export function markerIndex(text: string): number {
  const a = text.indexOf(BACKLINKS_MARKER);
  const b = text.indexOf(BACKLINKS_MARKER_MDX);
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}
