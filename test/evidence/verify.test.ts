import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toNdjson } from '../../src/evidence/ndjson.ts';
import { commitStore } from '../../src/evidence/store.ts';
import { verifyStore } from '../../src/evidence/verify.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { generatePullRequests } from '../../testkit/fake-github/generate.ts';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
    stdio: 'pipe',
  });

async function committedStore(): Promise<string> {
  const dir = await tempDir();
  git(dir, 'init', '-q');
  await commitStore(join(dir, 'evidence'), null, {
    files: new Map([
      [
        'github/acme/api/pull-requests.ndjson',
        toNdjson(generatePullRequests('acme/api', { seed: 'v', count: 5 })),
      ],
    ]),
    sources: { github: { collected_at: '2026-11-22T00:00:00.000Z', cursors: {} } },
  });
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'evidence');
  return dir;
}

describe('docket verify', () => {
  it('names each record that was changed, added or removed since the committed store', async () => {
    const dir = await committedStore();
    const file = join(dir, 'evidence/github/acme/api/pull-requests.ndjson');
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    const changed = JSON.parse(lines[1] as string);
    changed.title = 'Quietly edited';
    const added = { ...JSON.parse(lines[0] as string), number: 99 };
    await writeFile(
      file,
      `${[lines[0], JSON.stringify(changed), lines[3], lines[4], JSON.stringify(added)].join('\n')}\n`,
    );
    const result = await verifyStore(join(dir, 'evidence'));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^github\/acme\/api\/pull-requests\.ndjson: sha256 [0-9a-f]{64} does not match the manifest's [0-9a-f]{64} \(5 records on disk, 5 in the manifest\)$/,
      ),
      '  github/acme/api/pull-requests.ndjson:2: record github:acme/api#2 was changed',
      '  github/acme/api/pull-requests.ndjson:5: record github:acme/api#99 was added',
      '  github/acme/api/pull-requests.ndjson: record github:acme/api#3 (line 3 as committed) was removed',
    ]);
    const cli = await runCli(['verify', '--evidence', join(dir, 'evidence')], { cwd: dir });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('record github:acme/api#2 was changed');
  });

  it('docket build refuses a store that fails verification unless told otherwise', async () => {
    const dir = await committedStore();
    await writeFile(join(dir, 'evidence/github/acme/api/pull-requests.ndjson'), '{}\n');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'content'));
    const r = await runCli(['build', '--out', 'dist'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fails verification (above); nothing built');
    await expect(readFile(join(dir, 'dist/index.html'))).rejects.toThrow();
  });
});
