import { cp, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toNdjson } from '../../src/evidence/ndjson.ts';
import { commitStore } from '../../src/evidence/store.ts';
import { FIXTURES, runCli, tempDir } from '../helpers/cli.ts';

/**
 * A content folder of hostile and broken inputs. Each must give a clear message naming the file
 * (and line where there is one), and no crash and no partial output.
 */
let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  const content = join(dir, 'content');
  await cp(join(FIXTURES, 'bad-content'), content, { recursive: true });
  await mkdir(join(content, 'docs'), { recursive: true });
  await writeFile(
    join(content, 'docs/huge.md'),
    `---\ntype: policy\ntitle: Huge\nowner: o\n---\n${'All work and no play. '.repeat(500_000)}\n`,
  );
  await writeFile(
    join(content, 'docs/binary.md'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
  );
  await writeFile(
    join(content, 'docs/nested.md'),
    `---\ntype: policy\ntitle: Nested\nowner: o\n---\n${Array.from({ length: 300 }, (_, i) => `${'    '.repeat(i)}- level ${i}`).join('\n')}\n`,
  );
  await writeFile(join(content, 'docs/quotes.md'), `# Quotes\n\n${'> '.repeat(20_000)}deep\n`);
  await writeFile(
    join(content, 'docs/aliases.md'),
    `---\ntype: policy\ntitle: Bomb\nowner: o\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n---\n`,
  );
  await writeFile(
    join(dir, 'secret.md'),
    '---\ntype: policy\ntitle: Outside\nowner: o\n---\nNot part of the content.\n',
  );
  await symlink(join(dir, 'secret.md'), join(content, 'docs/escape.md'));
  await symlink('/etc', join(content, 'etc-link'));
});

describe('hostile and broken content', () => {
  it('docket check names every problem, writes nothing and does not crash', async () => {
    await writeFile(join(dir, 'gaps.json'), 'previous\n');
    const started = Date.now();
    const r = await runCli(['check', '--out', 'gaps.json'], { cwd: dir });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    for (const expected of [
      expect.stringMatching(
        /^docs\/huge\.md: file is 1100\d{4} bytes, over the 2097152-byte limit for a content file$/,
      ),
      'docs/binary.md: binary file (contains NUL bytes); not markdown',
      expect.stringMatching(
        /^docs\/escape\.md: symbolic link points outside the content folder \(.*secret\.md\); not read$/,
      ),
      'etc-link: symbolic link points outside the content folder (/etc); not read',
      expect.stringMatching(
        /^docs\/nested\.md:\d+: markdown nested too deeply \(\d+ columns of indentation; Docket reads up to 32 levels\); file not read$/,
      ),
      'docs/quotes.md:3: markdown nested too deeply (20000 levels of block quotes; Docket reads up to 32 levels); file not read',
      expect.stringMatching(/^docs\/aliases\.md:\d+: invalid YAML: .*alias/i),
      'controls/bad-id.md:2: id: "../../etc/passwd" is not a control id (expected e.g. OPS-01)',
      'controls/dup-b.md:2: duplicate control id DUP-01 (also defined in controls/dup-a.md)',
      'policies/invalid-date.md:5: last_reviewed: "2026-02-30" is not a calendar date (no such day)',
    ])
      expect(lines).toContainEqual(expected);
    expect(lines.at(-1)).toMatch(/^docket check: \d+ problems; nothing written$/);
    expect(await readFile(join(dir, 'gaps.json'), 'utf8')).toBe('previous\n');
  });

  it('docket build stops before writing a site', async () => {
    const r = await runCli(['build', '--out', 'dist'], { cwd: dir });
    expect(r.code).toBe(2);
    await expect(stat(join(dir, 'dist'))).rejects.toThrow();
  });
});

describe('a damaged evidence store', () => {
  it('a record that is not JSON, or not a valid record, is named by file and line', async () => {
    const org = await tempDir();
    await mkdir(join(org, 'content'));
    // Content to check (an empty content folder is a problem of its own).
    await writeFile(join(org, 'content', 'readme.md'), '# Notes\n');
    const store = join(org, 'evidence');
    await commitStore(store, null, {
      files: new Map([
        [
          'github/acme/api/pull-requests.ndjson',
          `${toNdjson([{ repo: 'acme/api', number: 'one' }])}{"repo":\n`,
        ],
      ]),
      sources: { github: { collected_at: '2026-11-22T00:00:00.000Z', cursors: {} } },
    });
    const r = await runCli(['check'], { cwd: org });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /evidence\/github\/acme\/api\/pull-requests\.ndjson:1: number: Invalid input: expected number, received string/,
    );
    await writeFile(join(store, 'manifest.json'), '{ not json');
    const broken = await runCli(['check'], { cwd: org });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/evidence\/manifest\.json: not valid JSON/);
  });
});
