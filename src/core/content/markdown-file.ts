import matter from 'gray-matter';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Problem } from '../problems.ts';
import { parseYaml, type YamlSource } from '../yaml-source.ts';

/** A markdown or MDX file split into frontmatter and a parsed body, with line numbers kept. */
export interface MarkdownFile {
  path: string;
  /** Frontmatter as positioned YAML, or null when the file has none (or an empty block). */
  frontmatter: YamlSource | null;
  body: string;
  /** The line of the file on which `body` starts. */
  bodyFirstLine: number;
  tree: Root;
  /** Text of the first level-1 heading, if any. */
  heading: string | null;
  problems: Problem[];
}

// gray-matter's default engine (js-yaml) turns dates into Date objects and loses positions, so
// it only splits the block here and `yaml` parses it.
const RAW_ENGINE = { engines: { yaml: (raw: string) => ({ raw }) } };
const OPENING = /^---[ \t]*\r?\n/;
const CLOSED = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

const parser = unified().use(remarkParse);

export function parseMarkdownFile(path: string, input: string): MarkdownFile {
  const text = input.startsWith('\ufeff') ? input.slice(1) : input;
  const problems: Problem[] = [];
  let frontmatter: YamlSource | null = null;
  let body = text;
  if (OPENING.test(text)) {
    if (!CLOSED.test(text)) {
      problems.push({ file: path, line: 1, message: 'frontmatter is not closed: add a line `---` after it' });
    } else {
      const split = matter(text, RAW_ENGINE);
      body = split.content;
      const raw = (split.data as { raw?: string }).raw ?? '';
      if (raw.trim() !== '') {
        frontmatter = parseYaml(raw, path, 1);
        problems.push(...frontmatter.problems);
        if (frontmatter.problems.length === 0 && (frontmatter.data === null || typeof frontmatter.data !== 'object' || Array.isArray(frontmatter.data))) {
          problems.push({ file: path, line: 2, message: 'frontmatter must be a YAML mapping of keys to values' });
        }
      }
    }
  }
  const bodyFirstLine = text.slice(0, text.length - body.length).split('\n').length;
  const tree = parser.parse(body);
  const h1 = tree.children.find((n) => n.type === 'heading' && n.depth === 1);
  return { path, frontmatter, body, bodyFirstLine, tree, heading: h1 ? toString(h1).trim() || null : null, problems };
}
