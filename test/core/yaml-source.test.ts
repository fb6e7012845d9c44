import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node as YamlNode,
} from 'yaml';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/core/content/markdown-file.ts';
import { MAX_ALIASED_VALUES, parseYaml } from '../../src/core/yaml-source.ts';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('YAML with positions', () => {
  it('gives the line of every field, in block and flow style, counted from the first line given', () => {
    const y = parseYaml(
      lines(
        'id: OPS-01',
        'frameworks:',
        '  soc2: [CC8.1, CC6.1]',
        'checks:',
        '  - rule: pr-missing-approval',
        '    repos:',
        '      - acme/api',
        '  - { rule: review-overdue }',
      ),
      'c.md',
      2,
    );
    expect(y.problems).toEqual([]);
    expect(y.data).toEqual({
      id: 'OPS-01',
      frameworks: { soc2: ['CC8.1', 'CC6.1'] },
      checks: [{ rule: 'pr-missing-approval', repos: ['acme/api'] }, { rule: 'review-overdue' }],
    });
    expect(y.lineOf(['id'])).toBe(2);
    expect(y.lineOf(['frameworks', 'soc2', 1])).toBe(4);
    expect(y.lineOf(['checks', 0, 'repos', 0])).toBe(8);
    expect(y.lineOf(['checks', 1, 'rule'])).toBe(9);
    // A missing field is placed at its nearest existing ancestor.
    expect(y.lineOf(['checks', 1, 'params', 'x'])).toBe(9);
    expect(y.lineOf(['nothing'])).toBe(2);
    expect(y.lineOfKey(['checks', 0], 'repos')).toBe(7);
    expect(y.lineOfKey(['checks', 0], 'absent')).toBe(6);
  });

  it('keeps the YAML 1.2 core schema: dates and "no" stay strings', () => {
    expect(
      parseYaml(lines('a: 2026-02-30', 'b: no', 'c: 0o17', 'd: ~', 'e: "1"', 'f: 1.5'), 'x').data,
    ).toEqual({ a: '2026-02-30', b: 'no', c: 15, d: null, e: '1', f: 1.5 });
  });

  it('names the line of a syntax error and of a duplicate key', () => {
    const broken = parseYaml(lines('title: x', 'controls: [OPS-01', 'owner: y'), 'd.md', 2);
    expect(broken.data).toBeUndefined();
    // The parser stumbles on line 4; the error is the unclosed bracket on line 3.
    expect(broken.problems).toEqual([
      { file: 'd.md', line: 3, message: expect.stringMatching(/^invalid YAML: \[ is not closed/) },
    ]);
    expect(parseYaml(lines('title: "unclosed', 'owner: y'), 'd.md').problems).toEqual([
      { file: 'd.md', line: 1, message: expect.stringMatching(/^invalid YAML: " is not closed/) },
    ]);
    // Brackets inside quotes and comments open nothing; an error elsewhere keeps its own line.
    expect(
      parseYaml(lines("a: '[x' # [y", 'b: "{"', 'c: [1]', 'd: e: f'), 'd.md').problems,
    ).toEqual([{ file: 'd.md', line: 4, message: expect.stringMatching(/^invalid YAML: bad/) }]);
    expect(parseYaml(lines('a: 1', 'b: 2', 'a: 3'), 'd.md').problems).toEqual([
      { file: 'd.md', line: 3, message: 'invalid YAML: duplicated mapping key' },
    ]);
  });

  it('follows aliases, but refuses a document whose aliases would repeat too much', () => {
    expect(parseYaml(lines('a: &x [1, 2]', 'b: *x'), 'x').data).toEqual({ a: [1, 2], b: [1, 2] });
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcde')
      levels.push(
        `${name}: &${name} [${Array(10)
          .fill(`*${levels.length === 1 ? 'a' : String.fromCharCode(name.charCodeAt(0) - 1)}`)
          .join(', ')}]`,
      );
    const bomb = parseYaml(lines(...levels), 'bomb.md');
    expect(bomb.data).toBeUndefined();
    expect(bomb.problems).toEqual([
      {
        file: 'bomb.md',
        line: 1,
        message: `invalid YAML: aliases repeat over ${MAX_ALIASED_VALUES} values (an alias bomb?)`,
      },
    ]);
  });

  it('refuses several documents, at the line of the second', () => {
    expect(parseYaml(lines('a: 1', '---', 'b: 2'), 'x').problems).toEqual([
      { file: 'x', line: 2, message: 'invalid YAML: several documents where one was expected' },
    ]);
  });

  it('does not let a __proto__ key reach the prototype', () => {
    const y = parseYaml(lines('__proto__: { polluted: 1 }'), 'x');
    expect(Object.getPrototypeOf(y.data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // The YAML library Docket used before (and which the 1.2 spec is written against) reads every
  // YAML file Docket ships to the same data, and places every node and key on the same line.
  it('reads every bundled YAML file as the yaml library does, with the same lines', () => {
    const root = join(import.meta.dirname, '../..');
    const sources = ['content', 'test/fixtures']
      .flatMap((dir) =>
        (
          readdirSync(join(root, dir), { recursive: true, withFileTypes: true }) as {
            name: string;
            parentPath: string;
            isFile(): boolean;
          }[]
        )
          .filter((e) => e.isFile() && /\.(mdx?|ya?ml)$/.test(e.name))
          .map((e) => join(e.parentPath, e.name)),
      )
      .concat(join(root, 'docket.config.yaml'))
      .flatMap((path) => {
        const text = readFileSync(path, 'utf8');
        if (!/\.mdx?$/.test(path)) return [{ path, yaml: text }];
        const yaml = splitFrontmatter(text)?.yaml;
        return yaml?.trim() ? [{ path, yaml }] : [];
      });
    expect(sources.length).toBeGreaterThan(30);
    let compared = 0;
    for (const { path, yaml } of sources) {
      const lineCounter = new LineCounter();
      const doc = parseDocument(yaml, { lineCounter, uniqueKeys: true, version: '1.2' });
      const ours = parseYaml(yaml, path);
      if (doc.errors.length) {
        expect(ours.problems.length, path).toBeGreaterThan(0);
        continue;
      }
      expect(ours.problems, path).toEqual([]);
      expect(ours.data, path).toEqual(doc.toJS());
      const walk = (node: unknown, at: (string | number)[]) => {
        if (!isNode(node)) return;
        const line = (n: YamlNode) => lineCounter.linePos(n.range?.[0] ?? 0).line;
        expect(ours.lineOf(at), `${path} ${at.join('.')}`).toBe(line(node));
        compared++;
        if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...at, i]));
        if (isMap(node))
          for (const pair of node.items) {
            if (!isScalar(pair.key)) continue;
            const key = String(pair.key.value);
            expect(ours.lineOfKey(at, key), `${path} key ${[...at, key].join('.')}`).toBe(
              line(pair.key),
            );
            walk(pair.value, [...at, key]);
          }
      };
      walk(doc.contents, []);
    }
    expect(compared).toBeGreaterThan(300);
  });
});
