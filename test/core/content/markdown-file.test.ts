import { describe, expect, it } from 'vitest';
import { parseMarkdownFile, splitFrontmatter } from '../../../src/core/content/markdown-file.ts';

describe('frontmatter', () => {
  it('splits the block that opens the file from the body, at the first --- line', () => {
    expect(splitFrontmatter('---\ntitle: A\n---\n# A\n\n---\nmore\n')).toEqual({
      yaml: 'title: A\n',
      body: '# A\n\n---\nmore\n',
    });
    expect(splitFrontmatter('---  \r\ntitle: A\r\n---\t\r\nbody')).toEqual({
      yaml: 'title: A\r\n',
      body: 'body',
    });
    expect(splitFrontmatter('---\n---\nbody')).toEqual({ yaml: '', body: 'body' });
    expect(splitFrontmatter('---\ntitle: A\n---')).toEqual({ yaml: 'title: A\n', body: '' });
    expect(splitFrontmatter('# no frontmatter\n---\n')).toBeNull();
    expect(splitFrontmatter('---\ntitle: A\n')).toBeNull();
  });

  it('counts lines from the file: YAML errors and the body keep their file lines', () => {
    const file = parseMarkdownFile('p.md', '---\ntitle: A\nowner: [x\n---\n# Title\n');
    expect(file.problems).toEqual([
      { file: 'p.md', line: 3, message: expect.stringMatching(/^invalid YAML: \[ is not closed/) },
    ]);
    const ok = parseMarkdownFile('p.md', '\ufeff---\ntitle: A\n---\n\n# Title\n\nSee [X](x.md).\n');
    expect(ok.frontmatter?.lineOf(['title'])).toBe(2);
    expect(ok.bodyFirstLine).toBe(4);
    expect(ok.links.map((l) => l.line + ok.bodyFirstLine - 1)).toEqual([7]);
    expect(ok.heading).toBe('Title');
  });

  it('reads a block of blank and comment lines as no frontmatter, and an unclosed block as a problem', () => {
    expect(parseMarkdownFile('c.md', '---\n# draft\n\n---\nbody\n')).toMatchObject({
      frontmatter: null,
      problems: [],
      body: 'body\n',
    });
    expect(parseMarkdownFile('u.md', '---\ntitle: A\n# Title\n').problems).toEqual([
      { file: 'u.md', line: 1, message: 'frontmatter is not closed: add a line `---` after it' },
    ]);
    expect(parseMarkdownFile('l.md', '---\n- a\n---\n').problems).toEqual([
      { file: 'l.md', line: 2, message: 'frontmatter must be a YAML mapping of keys to values' },
    ]);
  });
});
