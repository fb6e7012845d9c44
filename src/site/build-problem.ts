import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Problem } from '../core/problems.ts';

// A failed site build, told as a problem in the user's own content file when it is one: the
// staged copy (.docket/content/...) and the compiled chunk its errors name are mapped back to
// the content path, and the line is given where the error knows it. Pure, for tests.

/** The site build's exit status when it stopped on a content file (the problem is on stdout). */
export const CONTENT_PROBLEM_EXIT = 3;
const PREFIX = 'docket-content-problem ';

export function contentProblemLine(problem: Problem): string {
  return `${PREFIX}${JSON.stringify(problem)}\n`;
}

/** The problem the site build reported on its output, if it stopped on a content file. */
export function readContentProblem(output: string): Problem | null {
  for (const line of output.split('\n'))
    if (line.startsWith(PREFIX)) {
      const p = JSON.parse(line.slice(PREFIX.length)) as Problem;
      if (typeof p.file === 'string' && typeof p.line === 'number') return p;
    }
  return null;
}

interface BuildError {
  name?: unknown;
  message?: unknown;
  loc?: { file?: unknown; line?: unknown };
  id?: unknown;
  errors?: unknown;
}

// eslint-disable-next-line no-control-regex -- the colour codes Rolldown puts in its messages
const ANSI = /\x1b\[[0-9;]*m/g;
const MDX_PATH = /[^\s'"`[\]()]+\.mdx?\b/gi;

/**
 * The content problem behind a site build failure, or null when the failure is not in a
 * content file. `contentDir` is the staged content folder; `rendering` the content path of the
 * document page being rendered when the build failed (its MDX threw), or null; `root` what
 * relative paths in messages are relative to (the site build's working folder).
 */
export function siteBuildProblem(
  err: unknown,
  contentDir: string,
  rendering: string | null,
  root: string = process.cwd(),
  readStaged: (path: string) => string | null = () => null,
): Problem | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as BuildError;
  const inner = Array.isArray(e.errors) && e.errors.length ? (e.errors[0] as BuildError) : e;
  const message = String(inner.message ?? e.message ?? '').replace(ANSI, '');
  const contentPath = (candidate: string): string | null => {
    const full = isAbsolute(candidate) ? candidate : resolve(root, candidate);
    if (!full.startsWith(contentDir + sep)) return null;
    return relative(contentDir, full).split(sep).join('/');
  };
  // The MDX compiler's errors carry the file and a line of the file itself (the bundler's carry
  // a line of the compiled code).
  const mdx = [inner, e].find((x) => x.name === 'MDXError');
  const loc = mdx?.loc;
  if (loc && typeof loc.file === 'string') {
    const file = contentPath(loc.file);
    if (file !== null)
      return {
        file,
        line: typeof loc.line === 'number' ? loc.line : 0,
        message: `MDX: ${cleanMessage(message, file)}`,
      };
  }
  // Errors of the bundler (an import that does not resolve) name the staged file in their text.
  for (const m of message.matchAll(MDX_PATH)) {
    const file = contentPath(m[0].replace(/:\d+(?::\d+)?$/, ''));
    if (file === null) continue;
    const first = cleanMessage(message.split('\n', 1)[0] ?? '', file);
    const specifier = /Could not resolve '([^']+)'/.exec(first)?.[1];
    const staged = specifier !== undefined ? readStaged(resolve(contentDir, file)) : null;
    const line = staged === null ? 0 : lineOf(staged, specifier as string);
    return { file, line, message: `MDX: ${first}` };
  }
  // An MDX document that threw while rendering: its stack names only a compiled chunk.
  if (rendering !== null && String(e.id ?? '').startsWith('src/pages/documents/'))
    return {
      file: rendering,
      line: 0,
      message: `MDX threw while the site rendered this document: ${firstLine(message)}`,
    };
  return null;
}

/** The message without Rolldown's code tag, the staged path or a repeated position. */
function cleanMessage(message: string, file: string): string {
  return firstLine(message)
    .replace(/^\[[A-Z_]+\]\s*/, '')
    .replace(/^\d+:\d+:\s*/, '')
    .replace(/\s*\(\d+:\d+\)/g, '')
    .replace(MDX_PATH, (p) => (p.endsWith(file) ? file : p))
    .replace(new RegExp(` in ${escape(file)}$`), '');
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

/** The 1-based line of the first occurrence of `needle` in `text`, 0 if absent. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  return at < 0 ? 0 : text.slice(0, at).split('\n').length;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
