import { existsSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GapsFile } from '../../src/core/schemas/gaps.ts';
import { FIXTURES, runCli, tempDir } from '../helpers/cli.ts';

const seed = join(FIXTURES, 'seed-docs');

describe('docket check', () => {
  it('writes the gaps file of design.md, byte-identical on a second run', async () => {
    const dir = await tempDir();
    const a = await runCli(
      ['check', '--content', seed, '--as-of', '2026-11-22', '--out', 'a.json'],
      { cwd: dir },
    );
    const b = await runCli(
      ['check', '--content', seed, '--as-of', '2026-11-22', '--out', 'b.json'],
      { cwd: dir },
    );
    expect([a.code, b.code]).toEqual([0, 0]);
    const first = await readFile(join(dir, 'a.json'));
    expect(first.equals(await readFile(join(dir, 'b.json')))).toBe(true);
    const file = GapsFile.parse(JSON.parse(first.toString()));
    expect(file.as_of).toBe('2026-11-22');
    expect(file.gaps.map((g) => [g.rule, g.control, g.subject])).toEqual([
      ['review-overdue', 'OPS-01', 'doc:docs/change-management-process.md'],
    ]);
    expect(file.summary).toEqual({
      controls: 1,
      with_gaps: 1,
      by_rule: { 'review-overdue': 1 },
      by_severity: { medium: 1 },
    });
    expect(a.stdout).toContain('1 controls, 1 with gaps');
  });

  it('prints the gaps JSON with --out - and fails on the chosen severity', async () => {
    const dir = await tempDir();
    const medium = await runCli(
      ['check', '--content', seed, '--as-of', '2026-11-22', '--out', '-', '--fail-on', 'medium'],
      { cwd: dir },
    );
    expect(medium.code).toBe(1);
    expect(JSON.parse(medium.stdout).gaps).toHaveLength(1);
    const high = await runCli(
      ['check', '--content', seed, '--as-of', '2026-11-22', '--fail-on', 'high'],
      { cwd: dir },
    );
    expect(high.code).toBe(0);
    const before = await runCli(
      ['check', '--content', seed, '--as-of', '2026-01-09', '--fail-on', 'low'],
      { cwd: dir },
    );
    expect(before.code).toBe(0); // due that very day: not yet overdue
  });

  it('lists every content problem, exits 2 and leaves the previous gaps file untouched', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'gaps.json'), 'previous run\n');
    const r = await runCli(
      ['check', '--content', join(FIXTURES, 'bad-content'), '--out', 'gaps.json'],
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => /^\S+\.md:\d+: /.test(l))).toHaveLength(12);
    expect(r.stderr).toContain('docket check: 12 problems; nothing written');
    expect(await readFile(join(dir, 'gaps.json'), 'utf8')).toBe('previous run\n');
  });

  it('rejects bad options and unknown config keys with the line', async () => {
    const dir = await tempDir();
    expect(
      (await runCli(['check', '--content', seed, '--as-of', '2026-13-01'], { cwd: dir })).stderr,
    ).toContain('--as-of: "2026-13-01" is not a date');
    expect(
      (await runCli(['check', '--content', seed, '--fail-on', 'urgent'], { cwd: dir })).code,
    ).toBe(2);
    expect((await runCli(['check', '--bogus'], { cwd: dir })).stderr).toMatch(
      /Unknown option '--bogus'/,
    );
    await writeFile(
      join(dir, 'docket.config.yaml'),
      'content: content\nperiod: { start: 2026-01-01, end: 2026-12-31 }\ngithub:\n  repos: [acme/api]\n  prod_envs: [production]\n',
    );
    const r = await runCli(['check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('docket.config.yaml:5: unknown key "prod_envs" in github');
  });

  it('reads folders relative to the config file and uses its audit period', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'org'));
    await writeFile(
      join(dir, 'org', 'docket.config.yaml'),
      `content: ${JSON.stringify(seed)}\nperiod: { start: 2025-07-01, end: 2026-06-30 }\n`,
    );
    const r = await runCli(
      ['check', '--config', 'org/docket.config.yaml', '--as-of', '2026-03-01', '--out', '-'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).period).toEqual({ start: '2025-07-01', end: '2026-06-30' });
    expect((await runCli(['check', '--config', 'missing.yaml'], { cwd: dir })).stderr).toContain(
      'config file missing.yaml does not exist',
    );
  });

  it('names a content folder that does not exist, and writes nothing', async () => {
    const dir = await tempDir();
    const r = await runCli(['check', '--content', 'nowhere', '--out', 'gaps.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `docket check: content folder ${join(dir, 'nowhere')} does not exist (set \`content:\` in docket.config.yaml or pass --content DIR)\n`,
    );
    expect(existsSync(join(dir, 'gaps.json'))).toBe(false);
  });
});

describe('docket check: content a user must fix', () => {
  it('an MDX syntax error and text that is not UTF-8: path:line each, exit 2, nothing written', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'content/docs'), { recursive: true });
    const fm = '---\ntype: policy\ntitle: T\nowner: sec\n---\n';
    await writeFile(join(dir, 'content/docs/a.mdx'), `${fm}\nText {1 + 1}.\n\n<Callout>\n`);
    await writeFile(
      join(dir, 'content/docs/b.md'),
      Buffer.concat([Buffer.from(`${fm}Na`), Buffer.from([0xef, 0x76]), Buffer.from('e\n')]),
    );
    const r = await runCli(['check', '--content', 'content', '--as-of', '2026-11-22'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'docs/a.mdx:9: MDX syntax: Expected a closing tag for `<Callout>` (mdx-jsx:unexpected-character)\n' +
        'docs/b.md:6: not valid UTF-8 (Latin-1 or Windows-1252 perhaps): save the file as UTF-8; the site would show the bytes as replacement characters\n' +
        'docket check: 2 problems; nothing written\n',
    );
    expect(existsSync(join(dir, 'gaps.json'))).toBe(false);
  });

  it('an empty content folder is named, exit 2', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'content'));
    const r = await runCli(['check', '--content', 'content', '--as-of', '2026-11-22'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${join(dir, 'content')}: the content folder holds no markdown or MDX file`,
    );
  });
});
