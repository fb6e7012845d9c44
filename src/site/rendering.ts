// Which document the site build is rendering, so that an MDX document that throws while it
// renders can be named (its error names only a compiled chunk). Astro renders pages one at a
// time; the document page marks its document before rendering it, and the build entry reads the
// mark when the build fails. A global, because the page runs from a bundled copy of this module.

const MARK = Symbol.for('docket.site.rendering-document');
type Marked = { [MARK]?: string };

/** Marks the content path of the document about to be rendered. */
export function markRenderingDocument(path: string): void {
  (globalThis as Marked)[MARK] = path;
}

/** The document the last document page marked, or null. */
export function renderingDocument(): string | null {
  return (globalThis as Marked)[MARK] ?? null;
}
