import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rootHash, sha256 } from '../../src/evidence/manifest.ts';
import { readNdjson, readNdjsonChunks, toNdjson } from '../../src/evidence/ndjson.ts';
import { commitStore, openStore, readStored, writeSource } from '../../src/evidence/store.ts';
import { verifyStore } from '../../src/evidence/verify.ts';
import { tempDir } from '../helpers/cli.ts';

const at = '2026-11-22T00:00:00.000Z';
const source = { collected_at: at, cursors: { 'acme/api': '2026-11-21T10:00:00Z' } };

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const HASH = '0'.repeat(64);

describe('evidence store', () => {
  it('writes NDJSON files with a manifest of sha256s and a sha256sum-compatible root hash', async () => {
    const dir = await tempDir();
    const body = toNdjson([{ b: 2, a: 1 }, { a: 3 }]);
    expect(body).toBe('{"a":1,"b":2}\n{"a":3}\n');
    const { manifest, changed } = await commitStore(dir, null, {
      files: new Map([['github/acme/api/pull-requests.ndjson', body]]),
      sources: { github: source },
    });
    expect(changed).toBe(true);
    expect(manifest.files['github/acme/api/pull-requests.ndjson']).toEqual({
      sha256: sha256(body),
      records: 2,
      bytes: body.length,
    });
    expect(manifest.root).toBe(sha256(`${sha256(body)}  github/acme/api/pull-requests.ndjson\n`));
    expect(await openStore(dir)).toEqual(manifest);
    expect(await collect(readNdjson(dir, 'github/acme/api/pull-requests.ndjson'))).toEqual([
      { a: 1, b: 2 },
      { a: 3 },
    ]);
    expect(await readdir(dir)).toEqual(['github', 'manifest.json']);
  });

  it('reads records across chunk boundaries: long lines, CRLF, blank lines, no final newline; names the line of bad JSON', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'x'));
    const long = 'é'.repeat(1_500_000); // a line longer than the reader's one-megabyte buffer, with multi-byte characters
    const records = [
      { n: 1 },
      { s: long },
      ...Array.from({ length: 30_000 }, (_, i) => ({ i, pad: 'p'.repeat(i % 97) })),
    ];
    const text = records
      .map((r) => JSON.stringify(r))
      .join('\r\n')
      .replace('{"i":5,', '\n\n{"i":5,');
    await writeFile(join(dir, 'x/a.ndjson'), text);
    const hash = createHash('sha256');
    expect(await collect(readNdjson(dir, 'x/a.ndjson', hash))).toEqual(records);
    expect(hash.digest('hex')).toBe(sha256(text));
    await writeFile(join(dir, 'x/b.ndjson'), `${text}\n{"broken":\n`);
    await expect(collect(readNdjson(dir, 'x/b.ndjson'))).rejects.toMatchObject({
      problems: [
        {
          file: join(dir, 'x/b.ndjson'),
          line: records.length + 3,
          message: expect.stringMatching(/^not valid JSON/),
        },
      ],
    });
    // Read with blocking calls (as the check worker does): the same records, hash and error.
    const blockingHash = createHash('sha256');
    expect(
      (await collect(readNdjsonChunks(dir, 'x/a.ndjson', blockingHash, { blocking: true }))).flat(),
    ).toEqual(records);
    expect(blockingHash.digest('hex')).toBe(sha256(text));
    await expect(
      collect(readNdjsonChunks(dir, 'x/b.ndjson', undefined, { blocking: true })),
    ).rejects.toMatchObject({ problems: [{ line: records.length + 3 }] });
  });

  it('gives the root hash the README tells auditors to compute with sha256sum', async () => {
    const dir = await tempDir();
    const { manifest } = await commitStore(dir, null, {
      files: new Map([
        ['github/acme/web/pull-requests.ndjson', toNdjson([{ n: 1 }])],
        ['github/acme/api/pull-requests.ndjson', toNdjson([{ n: 2 }])],
        ['cloudtrail/111111111111/2026-06.ndjson', toNdjson([{ e: 'x' }])],
      ]),
      sources: { github: source },
    });
    const readme = await readFile(join(import.meta.dirname, '../../README.md'), 'utf8');
    const command = /```sh\n(cd evidence && [^\n]+)\n```/.exec(readme)?.[1];
    expect(command).toBeDefined();
    const { execSync } = await import('node:child_process');
    const out = execSync(command!.replace('cd evidence', `cd ${JSON.stringify(dir)}`), {
      encoding: 'utf8',
      shell: '/bin/bash',
    });
    expect(out.split(' ')[0]).toBe(manifest.root);
  });

  it('does not touch the store when a rerun brings the same data', async () => {
    const dir = await tempDir();
    const change = {
      files: new Map([['x/a.ndjson', toNdjson([{ id: 1 }])]]),
      sources: { x: source },
    };
    const first = await commitStore(dir, null, change);
    const bytes = await readFile(join(dir, 'manifest.json'));
    const second = await commitStore(dir, first.manifest, change);
    expect(second.changed).toBe(false);
    expect((await readFile(join(dir, 'manifest.json'))).equals(bytes)).toBe(true);
  });

  it('writes a file given as a stream of lines as it writes the same file given whole', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({
      id: i,
      note: `é ${'x'.repeat(i % 700)}`,
    }));
    const whole = await tempDir();
    const streamed = await tempDir();
    const a = await commitStore(whole, null, {
      files: new Map([['x/a.ndjson', toNdjson(records)]]),
      sources: { x: source },
    });
    const lines = async function* () {
      for (const r of records) yield JSON.stringify(r);
    };
    const b = await commitStore(streamed, null, {
      files: new Map([['x/a.ndjson', lines]]),
      sources: { x: source },
    });
    // The same manifest entry (sha256, records, bytes) and the same bytes on disk.
    expect(b.manifest).toEqual(a.manifest);
    expect(await readFile(join(streamed, 'x/a.ndjson'))).toEqual(
      await readFile(join(whole, 'x/a.ndjson')),
    );
    // Streamed again with the same lines: nothing is written, the staging is gone.
    const again = await commitStore(streamed, b.manifest, {
      files: new Map([['x/a.ndjson', lines]]),
      sources: { x: source },
    });
    expect(again.changed).toBe(false);
    expect(await readdir(streamed)).toEqual(['manifest.json', 'x']);
  });

  it('writes a source by catalog entry, and moves collected_at only when a file changed', async () => {
    const dir = await tempDir();
    const runs = [{ file: 'a.sarif', run_index: 0 }] as never[];
    const write = (at: string, records: never[]) => ({
      files: [{ file: 'runs' as const, key: {}, records }],
      cursors: {},
      now: () => new Date(at),
    });
    const first = await writeSource(dir, null, 'sarif', write('2026-06-01T00:00:00Z', runs));
    expect(Object.keys(first.manifest.files)).toEqual(['sarif/runs.ndjson']);
    expect(first.manifest.sources.sarif?.collected_at).toBe('2026-06-01T00:00:00.000Z');
    const again = await writeSource(
      dir,
      first.manifest,
      'sarif',
      write('2026-06-02T00:00:00Z', runs),
    );
    expect(again.changed).toBe(false);
    const more = [...runs, { file: 'b.sarif', run_index: 0 }] as never[];
    const next = await writeSource(
      dir,
      again.manifest,
      'sarif',
      write('2026-06-03T00:00:00Z', more),
    );
    expect(next.manifest.sources.sarif?.collected_at).toBe('2026-06-03T00:00:00.000Z');
    expect(await collect(readStored(dir, next.manifest, 'sarif', 'runs', {}))).toEqual(more);
    expect(await collect(readStored(dir, null, 'sarif', 'runs', {}))).toEqual([]);
  });

  it('redacts secrets (secretlint preset + Docket rules) in what writeSource stores', async () => {
    const dir = await tempDir();
    const token = `ghp_${'a1B2'.repeat(9)}`;
    const akid = 'AKIAIOSFODNN7EXAMPLE';
    const runs = [
      {
        body: `use ${token} and ${akid}`,
        note: 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345',
      },
    ];
    await writeSource(dir, null, 'sarif', {
      files: [{ file: 'runs', key: {}, records: runs as never }],
      cursors: {},
      now: () => new Date('2026-06-01T00:00:00Z'),
    });
    const text = await readFile(join(dir, 'sarif/runs.ndjson'), 'utf8');
    expect(text).not.toContain(token);
    expect(text).not.toContain(akid);
    expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
    expect(text).toMatch(/\[REDACTED:github\]/);
    expect((await verifyStore(dir)).ok).toBe(true);
  });

  it('discards a commit killed before its plan was written: the store stays as it was', async () => {
    const dir = await tempDir();
    const { manifest } = await commitStore(dir, null, {
      files: new Map([['x/a.ndjson', toNdjson([{ id: 1 }])]]),
      sources: { x: source },
    });
    const before = await readFile(join(dir, 'x/a.ndjson'));
    // What a kill half-way through staging leaves behind.
    await mkdir(join(dir, '.txn'));
    await writeFile(join(dir, '.txn', '0.ndjson'), '{"id":2');
    expect(await openStore(dir)).toEqual(manifest);
    expect((await readFile(join(dir, 'x/a.ndjson'))).equals(before)).toBe(true);
    expect(await readdir(dir)).not.toContain('.txn');
    expect((await verifyStore(dir)).ok).toBe(true);
  });

  it.each([
    [
      'moves a file out of the store',
      { moves: [['0.ndjson', '../escaped.ndjson', HASH]], deletes: [] },
    ],
    ['deletes the manifest', { moves: [], deletes: ['manifest.json'] }],
    ['moves an unstaged file', { moves: [['../../etc/passwd', 'x/a.ndjson', HASH]], deletes: [] }],
    ['names no staged hash (an older plan)', { moves: [['0.ndjson', 'x/a.ndjson']], deletes: [] }],
  ])('refuses an unfinished commit whose plan %s, and applies nothing', async (_what, plan) => {
    const root = await tempDir();
    const dir = join(root, 'evidence');
    const before = await commitStore(dir, null, {
      files: new Map([['x/a.ndjson', toNdjson([{ id: 1 }])]]),
      sources: { x: source },
    });
    await mkdir(join(dir, '.txn'));
    await writeFile(join(dir, '.txn', '0.ndjson'), toNdjson([{ id: 666 }]));
    await writeFile(join(dir, '.txn', 'plan.json'), JSON.stringify(plan));
    await expect(openStore(dir)).rejects.toThrow(
      /\.txn\/plan\.json:1: unfinished store commit with an invalid plan \(.+\); nothing applied/,
    );
    expect(await readdir(root)).toEqual(['evidence']);
    expect(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))).toEqual(before.manifest);
    expect(await readFile(join(dir, 'x/a.ndjson'), 'utf8')).toBe(toNdjson([{ id: 1 }]));
  });

  it('never moves a staged file whose bytes are not the ones its plan was made with', async () => {
    const dir = await tempDir();
    const before = await commitStore(dir, null, {
      files: new Map([['x/a.ndjson', toNdjson([{ id: 1 }])]]),
      sources: { x: source },
    });
    const planned = toNdjson([{ id: 2 }]);
    await mkdir(join(dir, '.txn'));
    // Another run's staged file (or a damaged one) sits where the plan's file should be.
    await writeFile(join(dir, '.txn', '0.ndjson'), toNdjson([{ other: 'month' }]));
    await writeFile(
      join(dir, '.txn', 'plan.json'),
      JSON.stringify({ moves: [['0.ndjson', 'x/a.ndjson', sha256(planned)]], deletes: [] }),
    );
    await expect(openStore(dir)).rejects.toThrow(
      /\.txn\/0\.ndjson:1: unfinished store commit: the file staged for x\/a\.ndjson is not the one planned/,
    );
    expect(await readFile(join(dir, 'x/a.ndjson'), 'utf8')).toBe(toNdjson([{ id: 1 }]));
    expect(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))).toEqual(before.manifest);
  });

  it('completes a commit killed after its plan was written, on the next open', async () => {
    const dir = await tempDir();
    const { manifest } = await commitStore(dir, null, {
      files: new Map([['x/a.ndjson', toNdjson([{ id: 1 }])]]),
      sources: { x: source },
    });
    const next = toNdjson([{ id: 1 }, { id: 2 }]);
    const nextManifest = {
      ...manifest,
      files: { 'x/a.ndjson': { sha256: sha256(next), records: 2, bytes: next.length } },
    };
    nextManifest.root = rootHash(nextManifest.files);
    // A kill after the plan's rename, before any file moved into place.
    await mkdir(join(dir, '.txn'));
    await writeFile(join(dir, '.txn', '0.ndjson'), next);
    await writeFile(
      join(dir, '.txn', 'manifest.json'),
      `${JSON.stringify(nextManifest, null, 2)}\n`,
    );
    await writeFile(
      join(dir, '.txn', 'plan.json'),
      JSON.stringify({
        moves: [
          ['0.ndjson', 'x/a.ndjson', sha256(next)],
          ['manifest.json', 'manifest.json', sha256(`${JSON.stringify(nextManifest, null, 2)}\n`)],
        ],
        deletes: [],
      }),
    );
    expect(await openStore(dir)).toEqual(nextManifest);
    expect(await readFile(join(dir, 'x/a.ndjson'), 'utf8')).toBe(next);
    expect((await verifyStore(dir)).ok).toBe(true);
  });

  it('verify names each file that differs from the manifest, is missing, or is not listed', async () => {
    const dir = await tempDir();
    await commitStore(dir, null, {
      files: new Map([
        ['x/a.ndjson', toNdjson([{ id: 1 }])],
        ['x/b.ndjson', toNdjson([{ id: 2 }])],
      ]),
      sources: { x: source },
    });
    expect(await verifyStore(dir)).toMatchObject({ ok: true, files: 2, problems: [] });
    await writeFile(join(dir, 'x/a.ndjson'), '{"id":9}\n');
    await writeFile(join(dir, 'x/extra.ndjson'), '{}\n');
    const { rm } = await import('node:fs/promises');
    await rm(join(dir, 'x/b.ndjson'));
    const result = await verifyStore(dir);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^x\/a\.ndjson: sha256 [0-9a-f]{64} does not match the manifest's [0-9a-f]{64}/,
      ),
      expect.stringMatching(/^x\/b\.ndjson: missing/),
      'x/extra.ndjson: not in the manifest',
    ]);
  });
});
