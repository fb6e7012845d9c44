import { describe, expect, it } from 'vitest';
import {
  contentProblemLine,
  readContentProblem,
  siteBuildProblem,
  namedLine,
  sourceLineOf,
  thrownLine,
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

  it("finds the line that threw in the user's document, from the compiled chunk's line", () => {
    // A chunk as Rolldown writes it: each module under a `// path` comment, code reprinted.
    const chunk = [
      'import { n as createVNode } from "./jsx-runtime_B.mjs";',
      '// ../../org/.docket/content/docs/other.mdx',
      'function a() { throw new Error("boom"); }',
      '// ../../org/.docket/content/docs/c.mdx',
      'function _createMdxContent(props) {',
      '\treturn createVNode(Fragment, { children: [',
      '\t\t(() => {',
      '\t\t\tthrow new Error("boom");',
      '\t\t})(),',
      '\t\tcreateVNode("abbr", {',
      '\t\t\ttitle: frontmatter.missing.value,',
    ].join('\n');
    const source =
      "---\ntitle: C\n---\n\nText.\n\n{(() => { throw new Error('boom') })()}\n\n" +
      'See <abbr title={frontmatter.missing.value}>x</abbr>.\n';
    const chunkPath = '/srv/.build/.prerender/chunks/c_X1.mjs';
    const read = (path: string) => (path === chunkPath ? chunk : null);
    const stack = (line: number, col = 4) =>
      `Error: boom\n    at file://${chunkPath}:${line}:${col}\n    at _createMdxContent (file://${chunkPath}:9:3)`;
    expect(thrownLine(stack(8), 'docs/c.mdx', source, read)).toBe(7);
    expect(thrownLine(stack(11), 'docs/c.mdx', source, read)).toBe(9);
    // The same code in another document's module of the chunk is not this document's line.
    expect(thrownLine(stack(3), 'docs/c.mdx', source, read)).toBe(0);
    expect(thrownLine(stack(8), 'docs/other.mdx', source, read)).toBe(0);
    expect(
      thrownLine('Error: boom\n    at somewhere (node:internal/x:1:1)', 'docs/c.mdx', source, read),
    ).toBe(0);
  });

  it('gives no line when the compiled code is not in the document exactly once', () => {
    const twice = '{(() => { throw new Error("a") })()}\n\n{(() => { throw new Error("a") })()}\n';
    expect(sourceLineOf('throw new Error("a");', twice)).toBe(0);
    expect(sourceLineOf('})(),', '{(() => { f() })()}\n')).toBe(0);
    expect(sourceLineOf('2,', 'Sum: {1 + 1}\n')).toBe(0);
    expect(
      sourceLineOf('throw new Error("a");', 'x\n\n{(() => {\n  throw new Error("a")\n})()}'),
    ).toBe(4);
  });

  it('names the line of the document being rendered when its MDX threw', async () => {
    const chunkPath = '/srv/.build/.prerender/chunks/c_X1.mjs';
    const files: Record<string, string> = {
      [`${STAGED}/docs/c.mdx`]: '---\ntitle: C\n---\n\n{frontmatter.nope.deeper}\n',
      [chunkPath]:
        '// ../../org/.docket/content/docs/c.mdx\nfunction f() {\n\t\tfrontmatter.nope.deeper,\n}',
    };
    const err = Object.assign(
      new TypeError("Cannot read properties of undefined (reading 'deeper')"),
      {
        id: 'src/pages/documents/[...path].astro',
        stack: `TypeError: x\n    at f (file://${chunkPath}:3:30)`,
      },
    );
    expect(siteBuildProblem(err, STAGED, 'docs/c.mdx', ROOT, (p) => files[p] ?? null)).toEqual({
      file: 'docs/c.mdx',
      line: 5,
      message:
        "MDX threw while the site rendered this document: Cannot read properties of undefined (reading 'deeper')",
    });
  });

  it('finds what an error names as undefined where the document writes it once', () => {
    const doc = '---\ntitle: D\n---\n\nUse <Callout kind="x" />.\n\n{owners.length} people.\n';
    const missing = (what: string, name: string) =>
      `Expected ${what} \`${name}\` to be defined: you likely forgot to import, pass, or provide it.`;
    expect(namedLine(missing('component', 'Callout'), doc)).toBe(5);
    expect(namedLine('owners is not defined', doc)).toBe(7);
    expect(namedLine(missing('object', 'Callout'), 'A <Callout.Title />\n')).toBe(1);
    // Written twice, or not at all (a name inside another name does not count): no line.
    expect(namedLine('owners is not defined', `${doc}{owners[0]}\n`)).toBe(0);
    expect(namedLine('own is not defined', doc)).toBe(0);
    expect(namedLine(missing('component', 'Call'), doc)).toBe(0);
    expect(namedLine('boom', doc)).toBe(0);
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
