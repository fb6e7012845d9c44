import { createMdxMdastHandle, dropHandle } from 'satteri';
import type { Problem } from '../problems.ts';
import { splitFrontmatter } from './markdown-file.ts';

// MDX syntax, checked with the parser the site renders MDX with (satteri, which Astro's MDX
// integration compiles through), so that `check` finds what would stop `build`. Parsing alone:
// the syntax tree is dropped at once, a few milliseconds for a long document.

/** The MDX syntax error of a file, at its line in the file, or null. */
export function mdxSyntaxProblem(path: string, input: string): Problem | null {
  const text = input.startsWith('\ufeff') ? input.slice(1) : input;
  const split = splitFrontmatter(text);
  // The frontmatter becomes blank lines, so that the parser's lines are the file's own.
  const head = split ? text.slice(0, text.length - split.body.length) : '';
  const source = split ? '\n'.repeat(head.split('\n').length - 1) + split.body : text;
  try {
    dropHandle(createMdxMdastHandle(source));
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /^(\d+):(\d+):\s*/.exec(message);
    return {
      file: path,
      line: at ? Number(at[1]) : 0,
      message: `MDX syntax: ${message.replace(/^\d+:\d+:\s*/, '').replace(/\s*\(\d+:\d+\)/g, '')}`,
    };
  }
}
