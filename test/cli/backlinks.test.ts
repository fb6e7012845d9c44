import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../helpers/cli.ts';

describe('docket backlinks', () => {
  it('prints each control with the documents that reference it and their annotations', async () => {
    const r = await runCli(['backlinks', '--content', join(FIXTURES, 'seed-docs')], {
      cwd: await tempDir(),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'OPS-01 Change Management\n  docs/change-management-process.md ^[8-step process: proposal, automated testing, peer review, security review, staging deployment, production deployment, verification, rollback]\n',
    );
  });

  it('writes the backlinks under the marker; a second write changes nothing', async () => {
    const dir = await tempDir(join(FIXTURES, 'seed-docs'));
    const control = join(dir, 'custom', 'ops-01.md');
    const first = await runCli(['backlinks', '--write', '--content', dir], { cwd: dir });
    expect(first.stdout).toBe('updated custom/ops-01.md\n');
    const written = await readFile(control, 'utf8');
    expect(written).toContain(
      '<!-- Backlinks auto-generated below -->\n\n## Backlinks\n\n- [Change Management Process](../docs/change-management-process.md) (process) ^[8-step process: proposal, automated testing, peer review, security review, staging deployment, production deployment, verification, rollback]\n',
    );
    expect(written.startsWith('---\nid: OPS-01\n')).toBe(true);
    const second = await runCli(['backlinks', '--write', '--content', dir], { cwd: dir });
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain('0 of 1 control files updated');
    expect(await readFile(control, 'utf8')).toBe(written);
    // The generated section is not part of the control's narrative.
    const check = await runCli(['check', '--content', dir, '--as-of', '2026-11-22', '--out', '-'], {
      cwd: dir,
    });
    expect(check.code).toBe(0);
  });

  it('appends the marker to a control file that lacks it, and replaces a stale section', async () => {
    const dir = await tempDir(join(FIXTURES, 'seed-docs'));
    const control = join(dir, 'custom', 'ops-01.md');
    await writeFile(
      control,
      '---\nid: OPS-01\ntitle: Change Management\nowner: engineering-team\n---\nStatement.\n',
    );
    await runCli(['backlinks', '--write', '--content', dir], { cwd: dir });
    const text = await readFile(control, 'utf8');
    expect(text).toMatch(
      /^---[\s\S]*Statement\.\n\n<!-- Backlinks auto-generated below -->\n\n## Backlinks\n\n- \[Change Management Process\]/,
    );
    await writeFile(
      control,
      text.replace('## Backlinks', '## Backlinks\n\n- [Removed document](../gone.md)'),
    );
    await runCli(['backlinks', '--write', '--content', dir], { cwd: dir });
    expect(await readFile(control, 'utf8')).toBe(text);
  });
});
