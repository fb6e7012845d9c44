import type { Problem } from '../problems.ts';
import { outlineParser, type MarkdownLink } from './markdown-outline.ts';
import { parseYaml, type YamlSource } from '../yaml-source.ts';

/** A markdown or MDX file split into frontmatter and a parsed body, with line numbers kept. */
export interface MarkdownFile {
  path: string;
  /** Frontmatter as positioned YAML, or null when the file has none (or an empty block). */
  frontmatter: YamlSource | null;
  body: string;
  /** The line of the file on which `body` starts. */
  bodyFirstLine: number;
  /** The body's links (none when the body is not read). */
  links: MarkdownLink[];
  /** Text of the first level-1 heading, if any. */
  heading: string | null;
  problems: Problem[];
}

const OPENING = /^---[ \t]*\r?\n/;
const CLOSED = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

/**
 * Splits a file into its frontmatter block and its body: the block runs from the `---` line that
 * opens the file to the first `---` line after it. The YAML starts on the file's second line.
 * Null when the file opens no block or does not close it.
 */
export function splitFrontmatter(text: string): { yaml: string; body: string } | null {
  const block = OPENING.test(text) ? CLOSED.exec(text) : null;
  if (!block) return null;
  const yamlStart = text.indexOf('\n') + 1;
  const closing = block[0].replace(/\r?\n$/, '').lastIndexOf('\n');
  return {
    yaml: closing < yamlStart ? '' : text.slice(yamlStart, closing + 1),
    body: text.slice(block[0].length),
  };
}

/** Nesting no real document needs; beyond it markdown parsing slows quadratically or overflows the stack. */
export const MAX_NESTING = 32;
const MAX_INDENT = 8 * MAX_NESTING;
const MAX_DEPTH = 4 * MAX_NESTING;
const outline = outlineParser(MAX_DEPTH);

/** The first line whose nesting is beyond what Docket reads, checked before parsing. */
function nestingProblem(body: string, firstLine: number): { line: number; message: string } | null {
  const lines = body.split('\n');
  let brackets = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    // Link text cannot span a blank line, so neither can bracket nesting.
    if (line.trim() === '') brackets = 0;
    const quotes = /^[ \t>]*/.exec(line)?.[0].replace(/[^>]/g, '').length ?? 0;
    const indent = /^[ \t]*/.exec(line)?.[0].replace(/\t/g, '    ').length ?? 0;
    for (let j = 0; j < line.length; j++) {
      const c = line[j];
      if (c === '\\') j++;
      else if (c === '[') brackets++;
      else if (c === ']' && brackets > 0) brackets--;
      if (brackets > MAX_NESTING) break;
    }
    if (quotes > MAX_NESTING || indent > MAX_INDENT || brackets > MAX_NESTING) {
      const what =
        quotes > MAX_NESTING
          ? `${quotes} levels of block quotes`
          : indent > MAX_INDENT
            ? `${indent} columns of indentation`
            : `brackets nested over ${MAX_NESTING} deep`;
      return {
        line: firstLine + i,
        message:
          `markdown nested too deeply (${what}; Docket reads up to ${MAX_NESTING} ` +
          `levels); file not read`,
      };
    }
  }
  return null;
}

/**
 * Splits and parses a markdown file. With `body: false` the body is not parsed (a control's body
 * feeds no check; the site renders it separately), which saves most of the time.
 */
export function parseMarkdownFile(
  path: string,
  input: string,
  opts: { body?: boolean } = {},
): MarkdownFile {
  const text = input.startsWith('\ufeff') ? input.slice(1) : input;
  const problems: Problem[] = [];
  let frontmatter: YamlSource | null = null;
  let body = text;
  if (OPENING.test(text)) {
    const split = splitFrontmatter(text);
    if (!split) {
      problems.push({
        file: path,
        line: 1,
        message: 'frontmatter is not closed: add a line `---` after it',
      });
    } else {
      body = split.body;
      // A block of blank and comment lines is no frontmatter (the file is read as unowned).
      if (split.yaml.replace(/^\s*#.*$/gm, '').trim() !== '') {
        frontmatter = parseYaml(split.yaml, path, 2);
        problems.push(...frontmatter.problems);
        if (
          frontmatter.problems.length === 0 &&
          (frontmatter.data === null ||
            typeof frontmatter.data !== 'object' ||
            Array.isArray(frontmatter.data))
        ) {
          problems.push({
            file: path,
            line: 2,
            message: 'frontmatter must be a YAML mapping of keys to values',
          });
        }
      }
    }
  }
  const bodyFirstLine = text.slice(0, text.length - body.length).split('\n').length;
  const nesting = opts.body === false ? null : nestingProblem(body, bodyFirstLine);
  let heading: string | null = null;
  let links: MarkdownLink[] = [];
  if (nesting) problems.push({ file: path, ...nesting });
  else if (opts.body !== false) {
    const read = outline(body);
    if (read.depth > MAX_DEPTH)
      problems.push({
        file: path,
        line: bodyFirstLine,
        message: `markdown nested too deeply (over ${MAX_DEPTH} levels); file not read`,
      });
    else ({ heading, links } = read);
  }
  return { path, frontmatter, body, bodyFirstLine, links, heading, problems };
}
