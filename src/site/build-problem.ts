import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  stack?: unknown;
  errors?: unknown;
}

// eslint-disable-next-line no-control-regex -- the colour codes Rolldown puts in its messages
const ANSI = /\x1b\[[0-9;]*m/g;
const MDX_PATH = /[^\s'"`[\]()]+\.mdx?\b/gi;

/**
 * The content problem behind a site build failure, or null when the failure is not in a
 * content file. `contentDir` is the staged content folder; `rendering` the content path of the
 * document page being rendered when the build failed (its MDX threw), or null; `root` what
 * relative paths in messages are relative to (the site build's working folder); `readFile` reads
 * a staged document or a compiled chunk (null when it cannot).
 */
export function siteBuildProblem(
  err: unknown,
  contentDir: string,
  rendering: string | null,
  root: string = process.cwd(),
  readFile: (path: string) => string | null = () => null,
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
    const staged = specifier !== undefined ? readFile(resolve(contentDir, file)) : null;
    const line = staged === null ? 0 : lineOf(staged, specifier as string);
    return { file, line, message: `MDX: ${first}` };
  }
  // An MDX document that threw while rendering: its stack names only a compiled chunk.
  if (rendering !== null && String(e.id ?? '').startsWith('src/pages/documents/')) {
    const staged = readFile(resolve(contentDir, rendering));
    return {
      file: rendering,
      line:
        staged === null
          ? 0
          : namedLine(message, staged) ||
            thrownLine(String(e.stack ?? ''), rendering, staged, readFile),
      message: `MDX threw while the site rendered this document: ${firstLine(message)}`,
    };
  }
  return null;
}

const FRAME = /\(?((?:file:\/\/)?\/[^\s()]+?\.m?js):(\d+):\d+\)?$/;
const MODULE_COMMENT = /^\/\/ (\S+\.mdx?)$/;

/**
 * The line of the user's document that threw, from the innermost frame of the stack: Astro's MDX
 * compiler gives no source map, so the frame's line of the compiled chunk is looked up in the
 * document itself (sourceLineOf). 0 when the frame is not in the document's own module (the
 * bundler heads each module with a `// path` comment) or its code is not found once.
 */
export function thrownLine(
  stack: string,
  rendering: string,
  source: string,
  read: (path: string) => string | null,
): number {
  const frame = stack
    .split('\n')
    .slice(1)
    .map((l) => FRAME.exec(l.trim()))
    .find((m) => m !== null);
  if (!frame) return 0;
  const [, file = '', at = '0'] = frame;
  const chunk = read(file.startsWith('file:') ? fileURLToPath(file) : file);
  if (chunk === null) return 0;
  const lines = chunk.split('\n');
  const index = Number(at) - 1;
  const module = lines
    .slice(0, index)
    .reverse()
    .map((l) => MODULE_COMMENT.exec(l))
    .find((m) => m !== null)?.[1];
  if (!module || !`/${module}`.endsWith(`/${rendering}`)) return 0;
  return sourceLineOf(lines[index] ?? '', source);
}

/**
 * The line of what an error names as undefined (a variable, or a component MDX was not given),
 * when the document writes it exactly once: V8 places such errors loosely in the compiled code.
 */
export function namedLine(message: string, source: string): number {
  const component = /^Expected (?:component|object) `([\w$.]+)` to be defined/.exec(message)?.[1];
  const variable = /^([\w$]+) is not defined$/.exec(firstLine(message))?.[1];
  const pattern =
    component !== undefined
      ? new RegExp(`<${escape(component)}(?![\\w$])`, 'g')
      : variable !== undefined
        ? new RegExp(`(?<![\\w$.])${escape(variable)}(?![\\w$])`, 'g')
        : null;
  if (!pattern) return 0;
  const found = [...source.matchAll(pattern)];
  if (found.length !== 1) return 0;
  return source.slice(0, found[0]?.index).split('\n').length;
}

/**
 * The 1-based line of `source` holding the code of one line of compiled output, compared
 * without spaces, quote style or the separator that ends it; 0 unless it is there exactly once
 * (short code such as `})()` could be anywhere).
 */
export function sourceLineOf(compiled: string, source: string): number {
  const code = compiled.trim().replace(/[;,]$/, '');
  const hay = normalized(source);
  // A JSX attribute is compiled to a property (`title: x.y`): its value is what the user wrote.
  const value = /^["']?[\w$-]+["']?\s*:\s*(.+)$/.exec(code)?.[1];
  for (const candidate of value === undefined ? [code] : [code, value]) {
    const needle = normalized(candidate).text;
    if (needle.length < 6) continue;
    const first = hay.text.indexOf(needle);
    if (first < 0 || hay.text.indexOf(needle, first + 1) >= 0) continue;
    return source.slice(0, hay.offsets[first]).split('\n').length;
  }
  return 0;
}

/** The text without whitespace, single quotes as double, and each kept character's offset. */
function normalized(text: string): { text: string; offsets: number[] } {
  let out = '';
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (/\s/.test(c)) continue;
    out += c === "'" ? '"' : c;
    offsets.push(i);
  }
  return { text: out, offsets };
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
