import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.ts';
import { directorySize } from '../../src/cli/commands/build.ts';
import { EXAMPLE_AS_OF, exampleOrg, REPO } from '../helpers/site.ts';

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

it('warns when the built site passes the publishing limit, and builds it all the same', async () => {
  const org = await exampleOrg();
  const r = await runCli(['build', '--as-of', EXAMPLE_AS_OF], {
    cwd: org,
    today: EXAMPLE_AS_OF,
    env: { DOCKET_PAGES_LIMIT_BYTES: '1000000' },
  });
  expect(r.code, r.stderr).toBe(0);
  const size = await directorySize(join(org, 'dist'));
  expect(size).toBeGreaterThan(1_000_000);
  expect(r.stderr).toContain(
    `docket build: warning: the site in ${join(org, 'dist')} is ` +
      `${Math.round(size / 1024 / 1024)} MiB (${size.toLocaleString('en-US')} bytes), over the ` +
      'limit of 1,000,000 bytes (DOCKET_PAGES_LIMIT_BYTES)',
  );
  // Within the limit: no warning.
  const within = await runCli(['build', '--as-of', EXAMPLE_AS_OF], {
    cwd: org,
    today: EXAMPLE_AS_OF,
    env: { DOCKET_PAGES_LIMIT_BYTES: String(size * 2) },
  });
  expect(within.code, within.stderr).toBe(0);
  expect(within.stderr).not.toContain('warning: the site');
}, 180_000);
