import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.ts';
import { REPO } from '../helpers/site.ts';

it('stops before building when site.logo cannot be read, naming the config file and the path', async () => {
  const dir = await tempDir();
  await cp(join(REPO, 'content'), join(dir, 'content'), { recursive: true });
  await writeFile(join(dir, 'docket.config.yaml'), 'site:\n  title: X\n  logo: brand/gone.svg\n');
  const r = await runCli(['build', '--as-of', '2026-11-20'], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(
    `${join(dir, 'docket.config.yaml')}: site.logo: cannot read ${join(dir, 'brand', 'gone.svg')} (ENOENT)`,
  );
  expect(r.stderr).not.toMatch(/pages in/);
});
