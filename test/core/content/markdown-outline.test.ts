import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Link, LinkReference, Definition, Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { parseMarkdownFile } from '../../../src/core/content/markdown-file.ts';
import { outlineParser } from '../../../src/core/content/markdown-outline.ts';

const outline = outlineParser(128);
const links = (body: string) =>
  outline(body).links.map(({ url, text, line }) => ({ url, text, line }));

describe('markdown outline', () => {
  it('finds inline, reference and collapsed links with the line each starts on', () => {
    const body = [
      '# Title',
      '',
      'See [OPS-01: Change](../controls/ops-01.md) and',
      'the [policy][p], then [Gov].',
      '',
      '[p]: ./policy.md',
      '[gov]: <gov flow.md>',
    ].join('\n');
    expect(links(body)).toEqual([
      { url: '../controls/ops-01.md', text: 'OPS-01: Change', line: 3 },
      { url: './policy.md', text: 'policy', line: 4 },
      { url: 'gov flow.md', text: 'Gov', line: 4 },
    ]);
  });

  it('gives lines inside lists and block quotes, and a link text that spans lines', () => {
    const body = ['- one', '- two', '  [a', '  b](x.md)', '', '> quoted', '> [q](y.md)'].join('\n');
    expect(links(body)).toEqual([
      { url: 'x.md', text: 'a\nb', line: 3 },
      { url: 'y.md', text: 'q', line: 7 },
    ]);
  });

  it('is not fooled by code, HTML blocks or escaped brackets', () => {
    const body = [
      '`[a](b.md)`',
      '',
      '```',
      '[c](d.md)',
      '```',
      '',
      '<div>',
      '[e](f.md)',
      '</div>',
      '',
      '\\[g](h.md)',
      '',
      '[&amp; `i`](j%20k.md "t")',
    ].join('\n');
    expect(links(body)).toEqual([{ url: 'j%20k.md', text: '& i', line: 13 }]);
  });

  it('reads the first top-level level-1 heading, setext or ATX', () => {
    expect(outline('> # quoted\n\nIntro\n=====\n\n# Later').heading).toBe('Intro');
    expect(outline('## Two\n\n# One *emphasis* `code`').heading).toBe('One emphasis code');
    expect(outline('no heading').heading).toBeNull();
  });

  it('gives the text after each link, for annotations', () => {
    const [link] = outline('A [x](y.md) ^[why [it] maps]\nnext').links;
    expect(link?.source.slice(link.end)).toBe(' ^[why [it] maps]\nnext');
  });

  it('measures nesting, so that a file nested beyond what Docket reads is refused', () => {
    expect(outline('plain').depth).toBeLessThan(4);
    expect(outline('- '.repeat(40) + 'x').depth).toBeGreaterThan(80);
    const deep = parseMarkdownFile('deep.md', `${'- '.repeat(100)}x\n`);
    expect(deep.problems.map((p) => p.message)).toEqual([
      'markdown nested too deeply (over 128 levels); file not read',
    ]);
    expect(deep.links).toEqual([]);
  });

  // remark (the parser the site's link rewriting uses) must see the same links in every markdown
  // file Docket ships: the bundled example, the seed documents and the test fixtures.
  it('finds exactly the links remark finds in every bundled markdown file', () => {
    const root = join(import.meta.dirname, '../../..');
    const files = ['content', 'test/fixtures'].flatMap((dir) =>
      (
        readdirSync(join(root, dir), { recursive: true, withFileTypes: true }) as {
          name: string;
          parentPath: string;
          isFile(): boolean;
        }[]
      )
        .filter((e) => e.isFile() && /\.mdx?$/.test(e.name))
        .map((e) => join(e.parentPath, e.name)),
    );
    expect(files.length).toBeGreaterThan(20);
    const remark = unified().use(remarkParse);
    let compared = 0;
    for (const path of files) {
      const file = parseMarkdownFile(path, readFileSync(path, 'utf8'));
      if (file.problems.length) continue;
      const tree = remark.parse(file.body);
      const definitions = new Map<string, string>();
      visit(tree, 'definition', (d: Definition) => {
        if (!definitions.has(d.identifier)) definitions.set(d.identifier, d.url);
      });
      const expected: { url: string; text: string; line: number }[] = [];
      visit(tree, (node: Nodes) => {
        if (node.type !== 'link' && node.type !== 'linkReference') return;
        const url =
          node.type === 'link'
            ? (node as Link).url
            : definitions.get((node as LinkReference).identifier);
        if (url !== undefined)
          expected.push({ url, text: toString(node), line: node.position?.start.line ?? 0 });
      });
      expect(links(file.body), path).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(50);
  });
});
