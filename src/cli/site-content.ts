import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ContentFile, Content } from '../core/content/load.ts';
import { parseMarkdownFile } from '../core/content/markdown-file.ts';
import { rewriteLinks } from '../core/content/rewrite-links.ts';
import { documentPath } from '../site/view-models/documents.ts';

/**
 * Stages the content folder for the site: a copy in which links between content files point
 * at the site's pages (a control file → its control page, a document → its document page).
 * Links to anything else, or to files that do not exist, are left as written.
 */
export async function stageSiteContent(
  contentDir: string,
  files: readonly ContentFile[],
  content: Content,
  outDir: string,
  base: string,
): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  // Images and other files documents refer to come along unchanged.
  await cp(contentDir, outDir, {
    recursive: true,
    filter: (src) => !/(^|\/)(\.[^/]+|node_modules)$/.test(src.slice(contentDir.length)),
  });
  const controls = new Map(content.controls.map((c) => [c.path, c.id]));
  const documents = new Set(content.documents.map((d) => d.path));
  const root = `/${base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  for (const f of files) {
    if (!/\.mdx?$/i.test(f.path)) continue;
    const parsed = parseMarkdownFile(f.path, f.text);
    const text = rewriteLinks(f.text, parsed, (target, fragment) => {
      const id = controls.get(target);
      if (id !== undefined) return `${root}controls/${id.toLowerCase()}/${fragment}`;
      if (documents.has(target)) return `${root}${documentPath(target)}${fragment}`;
      return null;
    });
    if (text !== f.text) {
      await mkdir(dirname(join(outDir, f.path)), { recursive: true });
      await writeFile(join(outDir, f.path), text);
    }
  }
}
