import { existsSync } from 'node:fs';
import { appendFile, cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../helpers/cli.ts';

/** An organisation with a control and SARIF scans, collected once. */
async function collected(): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, 'docket.config.yaml'), 'sarif_dir: scans\n');
  await mkdir(join(dir, 'scans'));
  for (const f of ['3f2a1b9c0d1e-trivy.sarif', 'checkov.sarif'])
    await cp(join(FIXTURES, 'sarif', f), join(dir, 'scans', f));
  await mkdir(join(dir, 'content/controls'), { recursive: true });
  await writeFile(
    join(dir, 'content/controls/vul-01.md'),
    '---\nid: VUL-01\ntitle: Vulnerabilities\nowner: sec\n---\n',
  );
  expect(await runCli(['collect'], { cwd: dir })).toMatchObject({ code: 0 });
  expect(await runCli(['verify'], { cwd: dir })).toMatchObject({ code: 0 });
  return dir;
}

describe('a broken evidence store', () => {
  it('a deleted manifest.json: verify fails naming the files, build refuses', async () => {
    const dir = await collected();
    await rm(join(dir, 'evidence/manifest.json'));
    const verify = await runCli(['verify'], { cwd: dir });
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(
      'sarif/runs.ndjson: evidence file without a manifest (manifest.json is missing)',
    );
    expect(verify.stdout).toMatch(/FAILED: 1 problems/);
    const build = await runCli(['build', '--as-of', '2026-11-22'], { cwd: dir });
    expect(build.code).toBe(2);
    expect(build.stderr).toContain('sarif/runs.ndjson: evidence file without a manifest');
    expect(build.stderr).toMatch(/fails verification \(above\); nothing built/);
  });

  it('build --allow-unverified publishes a tampered store redacted again', async () => {
    const dir = await collected();
    const file = join(dir, 'evidence/sarif/runs.ndjson');
    const [first] = (await readFile(file, 'utf8')).split('\n');
    const run = JSON.parse(first as string) as { results: { message: string }[] };
    const token = 'xoxb-263594206564-2343936779040-Hm7qT2bVx9LcR4sN8dKpW3zY';
    for (const r of run.results) r.message = `pasted by hand: ${token}`;
    await appendFile(file, `${JSON.stringify(run)}\n`);
    const build = await runCli(['build', '--as-of', '2026-11-22', '--allow-unverified'], {
      cwd: dir,
    });
    expect(build.code, build.stderr).toBe(0);
    // Every published byte, the record pages' compressed records files read uncompressed.
    let dist = '';
    for (const e of await readdir(join(dir, 'dist'), { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const bytes = await readFile(join(e.parentPath, e.name));
      dist += (e.name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('latin1');
    }
    expect(dist).toContain('pasted by hand: [REDACTED:slack]');
    expect(dist).not.toContain(token);
  }, 300_000);

  it('an empty store is still an empty one', async () => {
    const dir = await tempDir();
    const verify = await runCli(['verify'], { cwd: dir });
    expect(verify).toMatchObject({ code: 0 });
    expect(verify.stdout).toMatch(/nothing collected yet/);
  });

  it('check warns on a tampered store, and refuses it with --strict', async () => {
    const dir = await collected();
    await appendFile(join(dir, 'evidence/sarif/runs.ndjson'), '{"forged":true}\n');
    const warned = await runCli(['check', '--as-of', '2026-11-22'], { cwd: dir });
    expect(warned.stderr).toMatch(/sarif\/runs\.ndjson: sha256 \w+ does not match/);
    expect(warned.stderr).toMatch(/warning: the evidence store .+ fails verification/);
    const strict = await runCli(['check', '--as-of', '2026-11-22', '--strict', '--out', 'g.json'], {
      cwd: dir,
    });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/--strict: the evidence store .+ fails verification/);
    expect(existsSync(join(dir, 'g.json'))).toBe(false);
  });

  it('collect --full rebuilds a source whose file was deleted', async () => {
    const dir = await collected();
    await rm(join(dir, 'evidence/sarif/runs.ndjson'));
    const plain = await runCli(['collect'], { cwd: dir });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/runs\.ndjson.+listed in the evidence manifest but missing/);
    expect(plain.stderr).not.toMatch(/ENOENT/);
    expect(await runCli(['collect', '--source', 'sarif', '--full'], { cwd: dir })).toMatchObject({
      code: 0,
    });
    expect(await runCli(['verify'], { cwd: dir })).toMatchObject({ code: 0 });
  });
});

describe('where the evidence store is', () => {
  it.each(['verify', 'check', 'collect'])(
    '%s warns about a store outside the repository, and a named one that does not exist',
    async (command) => {
      const dir = await collected();
      const elsewhere = await tempDir();
      const outside = await runCli([command, '--evidence', join(elsewhere, 'ev')], { cwd: dir });
      expect(outside.stderr).toContain(
        `warning: the evidence store ${join(elsewhere, 'ev')} lies outside the repository (${dir})`,
      );
      expect(outside.stderr).toContain(
        `warning: the evidence store ${join(elsewhere, 'ev')} (--evidence) does not exist`,
      );
      const inside = await runCli([command], { cwd: dir });
      expect(inside.stderr).not.toMatch(/warning: the evidence store/);
    },
  );
});
