import { describe, expect, it } from 'vitest';
import { mdxSyntaxProblem } from '../../../src/core/content/mdx-syntax.ts';

const FRONTMATTER = '---\ntype: policy\ntitle: T\nowner: sec\n---\n';

describe('MDX syntax', () => {
  it('names the line of the file itself, frontmatter counted', () => {
    expect(mdxSyntaxProblem('docs/a.mdx', `${FRONTMATTER}\nText.\n\n<div>\n\nmore\n`)).toEqual({
      file: 'docs/a.mdx',
      line: 9,
      message: 'MDX syntax: Expected a closing tag for `<div>` (mdx-jsx:unexpected-character)',
    });
    expect(mdxSyntaxProblem('b.mdx', 'One.\n\nTwo { foo( }\n')).toMatchObject({
      file: 'b.mdx',
      line: 3,
      message: expect.stringMatching(/^MDX syntax: Could not parse expression/),
    });
    // A byte-order mark does not shift the lines.
    expect(mdxSyntaxProblem('c.mdx', `\ufeff${FRONTMATTER}<b>\n`)?.line).toBe(6);
  });

  it('accepts expressions, components, imports and exports that parse', () => {
    const ok = `${FRONTMATTER}import X from './x.js'\nexport const n = 2\n\n# Title {n}\n\n<X a={1} />\n\na {1 + 1} b\n`;
    expect(mdxSyntaxProblem('ok.mdx', ok)).toBeNull();
  });
});
