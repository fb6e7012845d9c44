import markdownit, { type Token } from 'markdown-it';

/** A link in a markdown body, with what a control reference needs of it. */
export interface MarkdownLink {
  /** The destination as written (escapes and entities decoded, nothing percent-encoded). */
  url: string;
  /** The link's plain text. */
  text: string;
  /** The line of the body (1-based) on which the link starts. */
  line: number;
  /** The inline text the link sits in, and the offset in it just past the link (for `^[...]` annotations). */
  source: string;
  end: number;
}

/** What Docket reads of a markdown body: its first level-1 heading, its links and how deeply it nests. */
export interface MarkdownOutline {
  heading: string | null;
  links: MarkdownLink[];
  /** The deepest nesting of blocks and inline spans. */
  depth: number;
}

/**
 * Docket reads markdown structure with markdown-it (CommonMark, as remark is): it is several
 * times faster than remark's micromark, and a large organisation has thousands of documents.
 * The site renders markdown with Astro's own pipeline; this only finds headings and links.
 */
export function outlineParser(maxDepth: number) {
  const md = markdownit('commonmark', { html: true, maxNesting: maxDepth + 8 });
  // Keep destinations as authors wrote them (remark does too): no percent-encoding, no scheme filter.
  md.normalizeLink = (url) => url;
  md.validateLink = () => true;
  // Inline tokens carry no source positions; the link rule is wrapped to record where each link
  // starts and ends, which gives its line and the text right after it.
  const ruler = md.inline.ruler;
  const link = ruler.__rules__[ruler.__find__('link')]?.fn;
  if (!link) throw new Error('markdown-it has no link rule');
  ruler.at('link', (state, silent) => {
    const start = state.pos;
    const before = state.tokens.length;
    if (!link(state, silent)) return false;
    if (!silent) {
      const open = state.tokens.slice(before).find((t) => t.type === 'link_open');
      if (open) open.meta = { start, end: state.pos };
    }
    return true;
  });
  return (body: string): MarkdownOutline => outline(md.parse(body, {}));
}

function outline(tokens: Token[]): MarkdownOutline {
  let heading: string | null = null;
  let sawHeading = false;
  const links: MarkdownLink[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    depth = Math.max(depth, t.level);
    if (!sawHeading && t.type === 'heading_open' && t.tag === 'h1' && t.level === 0) {
      sawHeading = true;
      heading = plainText(tokens[i + 1]?.children ?? []).trim() || null;
    }
    if (t.type !== 'inline' || !t.children || !t.map) continue;
    const children = t.children;
    // Lines of an inline token's text are the lines of its block, from map[0].
    let line = t.map[0] + 1;
    let counted = 0;
    for (let j = 0; j < children.length; j++) {
      const c = children[j] as Token;
      depth = Math.max(depth, t.level + 1 + c.level);
      const at = c.meta as { start: number; end: number } | null;
      if (c.type !== 'link_open' || !at) continue;
      for (; counted < at.start; counted++) if (t.content.charCodeAt(counted) === 10) line++;
      let k = j + 1;
      while (k < children.length && (children[k] as Token).type !== 'link_close') k++;
      links.push({
        url: String(c.attrGet('href') ?? ''),
        text: plainText(children.slice(j + 1, k)),
        line,
        source: t.content,
        end: at.end,
      });
    }
  }
  return { heading, links, depth };
}

/** The text of inline tokens, as mdast's toString gives it (images by their alt text). */
function plainText(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.type === 'text' || t.type === 'code_inline' || t.type === 'html_inline') out += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') out += '\n';
    else if (t.type === 'image') out += plainText(t.children ?? []);
  }
  return out;
}
