import type { Definition, Link, Nodes } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { MarkdownFile } from './markdown-file.ts';
import { resolveTarget } from './references.ts';

// Rewriting needs each URL's exact place in the source, which remark's syntax tree gives.
const parser = unified().use(remarkParse);

/**
 * Rewrites the targets of relative links in a markdown file, in its source text, so that links
 * between content files lead to the site's pages. `map` gets the content path a link resolves
 * to and returns the new URL, or null to leave the link as written. Only the URL characters
 * change; the rest of the file stays byte for byte.
 */
export function rewriteLinks(
  text: string,
  file: Pick<MarkdownFile, 'path' | 'body'>,
  map: (targetPath: string, fragment: string) => string | null,
): string {
  const bodyStart = text.length - file.body.length;
  const edits: { from: number; to: number; url: string }[] = [];
  visit(parser.parse(file.body), (node: Nodes) => {
    if (node.type !== 'link' && node.type !== 'definition') return;
    const url = (node as Link | Definition).url;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined || url === '') return;
    const target = resolveTarget(file.path, url);
    if (target === null) return;
    const fragment = url.includes('#') ? url.slice(url.indexOf('#')) : '';
    const next = map(target, fragment);
    if (next === null) return;
    // The URL is the last occurrence of its text inside the node's source (after the link text).
    const source = file.body.slice(start, end);
    const at = source.lastIndexOf(url);
    if (at < 0) return;
    edits.push({
      from: bodyStart + start + at,
      to: bodyStart + start + at + url.length,
      url: next,
    });
  });
  let out = text;
  for (const e of edits.sort((a, b) => b.from - a.from))
    out = out.slice(0, e.from) + e.url + out.slice(e.to);
  return out;
}
