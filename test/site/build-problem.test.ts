import { describe, expect, it } from 'vitest';
import {
  contentProblemLine,
  readContentProblem,
  siteBuildProblem,
} from '../../src/site/build-problem.ts';

const STAGED = '/org/.docket/content';
const ROOT = '/srv';

describe('a failed site build as a content problem', () => {
  it("takes the MDX compiler's file and line, in the user's path", () => {
    const err = Object.assign(
      new Error('9:1: Expected a closing tag for `<div>` (9:1) (mdx-jsx:unexpected-character)'),
      { name: 'MDXError', loc: { file: `${STAGED}/docs/a.mdx`, line: 9, column: 1 } },
    );
    expect(siteBuildProblem(err, STAGED, null, ROOT)).toEqual({
      file: 'docs/a.mdx',
      line: 9,
      message: 'MDX: Expected a closing tag for `<div>` (mdx-jsx:unexpected-character)',
    });
  });

  it('finds the staged file in a bundler message (relative to the build), the line by the import', () => {
    const inner = Object.assign(
      new Error(
        "\x1b[31m[UNRESOLVED_IMPORT] \x1b[0mCould not resolve './nope.js' in ../org/.docket/content/docs/b.mdx\n   ╭─[ ../org/.docket/content/docs/b.mdx:2:15 ]",
      ),
      { loc: { file: '../org/.docket/content/docs/b.mdx', line: 2 } },
    );
    const err = Object.assign(new Error('Build failed with 1 error'), { errors: [inner] });
    const staged = (path: string) =>
      path === `${STAGED}/docs/b.mdx` ? '---\ntitle: B\n---\n\nimport X from "./nope.js"\n' : null;
    expect(siteBuildProblem(err, STAGED, null, ROOT, staged)).toEqual({
      file: 'docs/b.mdx',
      line: 5,
      message: "MDX: Could not resolve './nope.js'",
    });
  });

  it('names the document being rendered when its MDX threw', () => {
    const err = Object.assign(new Error('boom'), { id: 'src/pages/documents/[...path].astro' });
    expect(siteBuildProblem(err, STAGED, 'docs/c.mdx', ROOT)).toEqual({
      file: 'docs/c.mdx',
      line: 0,
      message: 'MDX threw while the site rendered this document: boom',
    });
  });

  it('leaves other failures alone (their stack is for Docket, not the user)', () => {
    expect(siteBuildProblem(new Error('out of memory'), STAGED, 'docs/c.mdx', ROOT)).toBeNull();
    const elsewhere = Object.assign(new Error('x'), {
      name: 'MDXError',
      loc: { file: '/somewhere/else.mdx', line: 1 },
    });
    expect(siteBuildProblem(elsewhere, STAGED, null, ROOT)).toBeNull();
  });

  it('passes the problem on one line of the output, among others', () => {
    const problem = { file: 'docs/a b.mdx', line: 3, message: 'MDX: x' };
    expect(readContentProblem(`warn: something\n${contentProblemLine(problem)}`)).toEqual(problem);
    expect(readContentProblem('nothing here\n')).toBeNull();
  });
});
