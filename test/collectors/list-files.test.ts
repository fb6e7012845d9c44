import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listLogFiles } from '../../collectors/cloudtrail/log-files.ts';
import { listFiles } from '../../collectors/list-files.ts';
import { formatProblem } from '../../src/core/problems.ts';
import { FIXTURES, runCli, tempDir } from '../helpers/cli.ts';

const sarif = (name: string) => /\.sarif$/.test(name);

describe('input folders with symbolic links', () => {
  it('follows links that stay inside, each file once; names links that leave or lead nowhere', async () => {
    const dir = await tempDir();
    const outside = await tempDir();
    await mkdir(join(dir, 'runs/2026-11-20'), { recursive: true });
    await writeFile(join(dir, 'runs/2026-11-20/a.sarif'), '{}');
    await writeFile(join(outside, 'b.sarif'), '{}');
    await mkdir(join(dir, 'shared'));
    await writeFile(join(dir, 'shared/c.sarif'), '{}');
    await symlink(join(dir, 'shared'), join(dir, 'runs/shared-link'));
    await symlink(join(dir, 'runs/2026-11-20/a.sarif'), join(dir, 'again.sarif'));
    await symlink(join(outside, 'b.sarif'), join(dir, 'b.sarif'));
    await symlink(outside, join(dir, 'elsewhere'));
    await symlink(join(dir, 'gone.sarif'), join(dir, 'dangling.sarif'));
    await writeFile(join(outside, 'notes.txt'), '');
    await symlink(join(outside, 'notes.txt'), join(dir, 'notes.txt'));
    const { names, problems } = await listFiles(dir, sarif);
    // again.sarif is a.sarif and runs/shared-link is shared/: each file once, under its own name.
    expect(names).toEqual(['runs/2026-11-20/a.sarif', 'shared/c.sarif']);
    expect(problems.map(formatProblem)).toEqual([
      `b.sarif: symbolic link to ${join(outside, 'b.sarif')}, outside ${dir}; not read (copy it in, or point the folder setting at it)`,
      'dangling.sarif: broken symbolic link; not read',
      `elsewhere: symbolic link to ${outside}, outside ${dir}; not read (copy it in, or point the folder setting at it)`,
    ]);
  });

  it('docket collect reads a SARIF file linked from inside sarif_dir, and names one linked from outside (exit 1)', async () => {
    const root = await tempDir();
    const outside = await tempDir();
    await mkdir(join(root, 'sarif/latest'), { recursive: true });
    await cp(join(FIXTURES, 'sarif', 'checkov.sarif'), join(root, 'sarif/latest/checkov.sarif'));
    await mkdir(join(root, 'sarif/by-commit'));
    await symlink(join(root, 'sarif/latest'), join(root, 'sarif/by-commit/abc'));
    await cp(join(FIXTURES, 'sarif', 'tfsec.sarif'), join(outside, 'tfsec.sarif'));
    await symlink(join(outside, 'tfsec.sarif'), join(root, 'sarif/tfsec.sarif'));
    await writeFile(join(root, 'docket.config.yaml'), 'sarif_dir: sarif\n');
    const r = await runCli(['collect', '--source', 'sarif'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `tfsec.sarif: symbolic link to ${join(outside, 'tfsec.sarif')}, outside ${join(root, 'sarif')}; not read`,
    );
    expect(r.stdout).toMatch(/^sarif: 1 files, 1 runs, /);
  });

  it('CloudTrail: a day folder linked from inside is read; a link out of the folder is named', async () => {
    const dir = await tempDir();
    const outside = await tempDir();
    const day = 'AWSLogs/111111111111/CloudTrail/eu-west-1/2026/11';
    await mkdir(join(dir, day, '19'), { recursive: true });
    await writeFile(join(dir, day, '19', 'x.json.gz'), '');
    await mkdir(join(dir, 'incoming'));
    await writeFile(join(dir, 'incoming', 'y.json.gz'), '');
    await mkdir(join(dir, day, '20'));
    await symlink(join(dir, 'incoming', 'y.json.gz'), join(dir, day, '20', 'y.json.gz'));
    await mkdir(join(outside, 'z'));
    await symlink(join(outside, 'z'), join(dir, day, '21'));
    const { files, problems } = await listLogFiles(dir);
    expect(files.map((f) => [f.name, f.day])).toEqual([
      [`${day}/19/x.json.gz`, '2026-11-19'],
      [`${day}/20/y.json.gz`, '2026-11-20'],
    ]);
    expect(problems.map(formatProblem)).toEqual([
      `${day}/21: symbolic link to ${join(outside, 'z')}, outside ${dir}; not read (copy it in, or point the folder setting at it)`,
    ]);
  });
});
