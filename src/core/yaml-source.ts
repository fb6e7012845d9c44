import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
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

export function parseYaml(text: string, file: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.2' });
  const toLine = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;
  const problems: Problem[] = doc.errors.map((e) => ({
    file,
    line: toLine(e.pos[0]),
    message: `invalid YAML: ${e.message.split('\n')[0]}`,
  }));
  const lineOf = (path: readonly PropertyKey[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return toLine(node.range[0]);
    }
    return firstLine;
  };
  const lineOfKey = (path: readonly PropertyKey[], key: string): number => {
    const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
    if (isMap(map)) {
      const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair && isNode(pair.key) && pair.key.range) return toLine(pair.key.range[0]);
    }
    return lineOf(path);
  };
  let data: unknown;
  if (problems.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      // A "billion laughs" alias bomb, or another document the YAML library refuses to expand.
      problems.push({ file, line: firstLine, message: `invalid YAML: ${(err as Error).message}` });
    }
  }
  return { data, problems, lineOf, lineOfKey };
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

export function zodIssuesToProblems(issues: readonly z.core.$ZodIssue[], source: YamlSource, file: string, prefix: readonly PropertyKey[] = []): Problem[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys;
      return {
        file,
        line: source.lineOfKey(path, keys[0] as string),
        message: `${keys.length > 1 ? 'unknown keys' : 'unknown key'} ${keys.map((k) => JSON.stringify(k)).join(', ')}${path.length ? ` in ${fieldName(path)}` : ''}`,
      };
    }
    const missing = issue.code === 'invalid_type' && !hasPath(source.data, path);
    const field = fieldName(path);
    return {
      file,
      line: source.lineOf(path),
      message: missing ? `missing required field ${field}` : `${field || 'value'}: ${issue.message}`,
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
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}
