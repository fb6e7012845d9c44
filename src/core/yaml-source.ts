import {
  constructFromEvents,
  CORE_SCHEMA,
  EVENT_ID,
  getScalarValue,
  parseEvents,
  YAMLException,
  type Event,
} from 'js-yaml';
import type { z } from 'zod';
import type { Problem } from './problems.ts';

/**
 * YAML parsed with positions, so that a schema error can name the line of the offending field.
 * YAML 1.2 core schema: dates stay strings (no silent timezone shifts) and "no" stays a string.
 */
export interface YamlSource {
  data: unknown;
  /** Problems from the YAML syntax itself. */
  problems: Problem[];
  /** The 1-based line of the node at `path`, or of its nearest existing ancestor. */
  lineOf(path: readonly PropertyKey[]): number;
  /** The 1-based line of the key `key` in the mapping at `path`. */
  lineOfKey(path: readonly PropertyKey[], key: string): number;
}

/** Aliases may repeat at most this many values in all: beyond, a "billion laughs" bomb is refused. */
export const MAX_ALIASED_VALUES = 10_000;

/**
 * The outermost flow collection (`[`, `{`) or quoted scalar still open at `end`, if any: where it
 * opened, and its opening character. Comments and block scalars' text are read as plain text,
 * which is enough to place an error in YAML the parser has already refused.
 */
export function unclosedBefore(text: string, end: number): { at: number; char: string } | null {
  const open: { at: number; char: string }[] = [];
  let quote: { at: number; char: string } | null = null;
  for (let i = 0; i < end && i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (quote.char === '"' && c === '\\') i++;
      else if (c === quote.char && quote.char === "'" && text[i + 1] === "'") i++;
      else if (c === quote.char) quote = null;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      while (i < end && text[i] !== '\n') i++;
    } else if (c === '"' || (c === "'" && (i === 0 || /[\s[{,:]/.test(text[i - 1] as string)))) {
      quote = { at: i, char: c };
    } else if (c === '[' || c === '{') open.push({ at: i, char: c });
    else if ((c === ']' || c === '}') && open.length > 0) open.pop();
  }
  return open[0] ?? quote;
}

/** Where a node starts, and for a collection where its entries start. */
interface Placed {
  at: number;
  /** A mapping's entries by key (the key's offset and the value), or a sequence's items. */
  entries?: Map<string, { keyAt: number; value: Placed }> | Placed[];
}

/**
 * Parses with js-yaml's event parser: several times faster than the `yaml` library's document
 * model, which matters for the thousands of frontmatter blocks of a large organisation. The
 * events carry source offsets, from which the positions of every node are kept.
 */
export function parseYaml(text: string, file: string, firstLine = 1): YamlSource {
  let lineStarts: number[] | null = null;
  const toLine = (offset: number): number => {
    if (lineStarts === null) {
      lineStarts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
        lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + firstLine;
  };
  const problems: Problem[] = [];
  let data: unknown;
  let root: Placed | null = null;
  try {
    const events = parseEvents(text, { filename: file });
    const placed = placeNodes(text, events);
    if (placed.documents > 1) {
      problems.push({
        file,
        line: toLine(placed.secondDocument),
        message: 'invalid YAML: several documents where one was expected',
      });
    } else if (placed.aliased > MAX_ALIASED_VALUES) {
      problems.push({
        file,
        line: firstLine,
        message: `invalid YAML: aliases repeat over ${MAX_ALIASED_VALUES} values (an alias bomb?)`,
      });
    } else {
      data =
        constructFromEvents(events, { source: text, filename: file, schema: CORE_SCHEMA })[0] ??
        null;
      root = placed.root;
    }
  } catch (err) {
    if (err instanceof YAMLException) {
      // The parser notices an unclosed bracket or quote only on a later line: name the opening.
      const open = err.mark ? unclosedBefore(text, err.mark.position) : null;
      problems.push({
        file,
        line: open ? toLine(open.at) : (err.mark?.line ?? 0) + firstLine,
        message: open
          ? `invalid YAML: ${open.char} is not closed (${err.reason} after it)`
          : `invalid YAML: ${err.reason}`,
      });
    } else
      problems.push({
        file,
        line: firstLine,
        message: `invalid YAML: ${err instanceof Error ? err.message : String(err)}`,
      });
  }
  const nodeAt = (path: readonly PropertyKey[]): { node: Placed | null; depth: number } => {
    let node = root;
    let depth = 0;
    for (const key of path) {
      const entries: Placed['entries'] = node?.entries;
      const next = Array.isArray(entries)
        ? typeof key === 'number'
          ? entries[key]
          : undefined
        : entries?.get(String(key))?.value;
      if (!next) break;
      node = next;
      depth++;
    }
    return { node, depth };
  };
  const lineOf = (path: readonly PropertyKey[]): number => {
    const { node } = nodeAt(path);
    return node ? toLine(node.at) : firstLine;
  };
  const lineOfKey = (path: readonly PropertyKey[], key: string): number => {
    const { node, depth } = nodeAt(path);
    const entries = depth === path.length ? node?.entries : undefined;
    const entry = entries && !Array.isArray(entries) ? entries.get(key) : undefined;
    return entry ? toLine(entry.keyAt) : lineOf(path);
  };
  return { data, problems, lineOf, lineOfKey };
}

/**
 * The node tree of the first document, the number of documents, and how many values aliases
 * repeat (each alias counts the values of the node it names).
 */
function placeNodes(
  text: string,
  events: readonly Event[],
): { root: Placed | null; documents: number; secondDocument: number; aliased: number } {
  interface Open {
    node: Placed;
    kind: 'mapping' | 'sequence';
    /** A mapping's key waiting for its value. */
    key: { text: string; at: number } | null;
    size: number;
    anchor: string | null;
  }
  const sizes = new Map<string, number>();
  const stack: Open[] = [];
  let root: Placed | null = null;
  let documents = 0;
  let secondDocument = 0;
  let lastAt = 0;
  let aliased = 0;
  const anchorOf = (e: { anchorStart: number; anchorEnd: number }) =>
    e.anchorStart >= 0 ? text.slice(e.anchorStart, e.anchorEnd) : null;
  // Adds a finished node to its parent (or makes it the root); `keyText` is set for scalars.
  const add = (node: Placed, size: number, keyText: string | null) => {
    const parent = stack.at(-1);
    if (!parent) {
      if (documents === 1) root = node;
      return;
    }
    parent.size += size;
    if (parent.kind === 'sequence') (parent.node.entries as Placed[]).push(node);
    else if (parent.key === null) parent.key = { text: keyText ?? '', at: node.at };
    else {
      const entries = parent.node.entries as Map<string, { keyAt: number; value: Placed }>;
      if (!entries.has(parent.key.text))
        entries.set(parent.key.text, { keyAt: parent.key.at, value: node });
      parent.key = null;
    }
  };
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        documents++;
        // The second document starts at its marker line, after the first document's last node.
        if (documents === 2)
          secondDocument = Math.max(lastAt, text.slice(lastAt).search(/^(?:---|\.\.\.)/m) + lastAt);
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        lastAt = e.start;
        stack.push({
          node: { at: e.start, entries: e.type === EVENT_ID.MAPPING ? new Map() : [] },
          kind: e.type === EVENT_ID.MAPPING ? 'mapping' : 'sequence',
          key: null,
          size: 1,
          anchor: anchorOf(e),
        });
        break;
      case EVENT_ID.SCALAR: {
        const at = e.tagStart >= 0 ? Math.min(e.tagStart, e.valueStart) : e.valueStart;
        lastAt = at;
        const anchor = anchorOf(e);
        if (anchor !== null) sizes.set(anchor, 1);
        add({ at }, 1, getScalarValue(text, e));
        break;
      }
      case EVENT_ID.ALIAS: {
        const size = sizes.get(anchorOf(e) ?? '') ?? 1;
        aliased += size;
        add({ at: e.anchorStart - 1 }, size, null);
        break;
      }
      case EVENT_ID.POP: {
        const done = stack.pop();
        if (!done) break;
        if (done.anchor !== null) sizes.set(done.anchor, done.size);
        add(done.node, done.size, null);
        break;
      }
    }
  }
  return { root, documents, secondDocument, aliased };
}

/** Validates YAML data against a schema and maps every issue to `file:line: field: message`. */
export function validateYaml<S extends z.ZodType>(
  source: YamlSource,
  schema: S,
  file: string,
): { value: z.infer<S>; problems: [] } | { value: undefined; problems: Problem[] } {
  const result = schema.safeParse(source.data);
  if (result.success) return { value: result.data, problems: [] };
  return { value: undefined, problems: zodIssuesToProblems(result.error.issues, source, file) };
}

export function zodIssuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  source: YamlSource,
  file: string,
  prefix: readonly PropertyKey[] = [],
): Problem[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys;
      return {
        file,
        line: source.lineOfKey(path, keys[0] as string),
        message:
          `${keys.length > 1 ? 'unknown keys' : 'unknown key'} ` +
          keys.map((k) => JSON.stringify(k)).join(', ') +
          (path.length ? ` in ${fieldName(path)}` : ''),
      };
    }
    const missing = issue.code === 'invalid_type' && !hasPath(source.data, path);
    const field = fieldName(path);
    return {
      file,
      line: source.lineOf(path),
      message: missing
        ? `missing required field ${field}`
        : `${field || 'value'}: ${issue.message}`,
    };
  });
}

function hasPath(data: unknown, path: readonly PropertyKey[]): boolean {
  let node: unknown = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node !== undefined && node !== null;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}
