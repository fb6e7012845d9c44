import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLEAR_LINE, printable } from '../../src/cli/io.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

describe('printable', () => {
  it('shows control characters as escapes, keeping tab, newline and text', () => {
    expect(printable('a\x1b[2Jb\x07c\td\n')).toBe('a\\x1b[2Jb\\x07c\td\n');
    expect(printable('csi \u009b31m, del \x7f, cr \r')).toBe('csi \\x9b31m, del \\x7f, cr \\x0d');
    expect(printable('Gruß, 日本, ✓')).toBe('Gruß, 日本, ✓');
  });

  it("keeps Docket's own line erase at the start of progress output, and only there", () => {
    expect(printable(`${CLEAR_LINE}reading x\x1b]0;t\x07`)).toBe(
      `${CLEAR_LINE}reading x\\x1b]0;t\\x07`,
    );
    expect(printable(`name ${CLEAR_LINE}`)).toBe('name \\x0d\\x1b[K');
  });
});

describe('docket prints no terminal escapes from file names', () => {
  it('names a bad file with its escape sequence shown, not run', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'content/documents'), { recursive: true });
    const evil = 'policy\x1b]0;owned\x07\x1b[2J.md';
    await writeFile(
      join(dir, 'content/documents', evil),
      '---\ntype: policy\ntitle: T\nowner: o\nlast_reviewed: 2026-13-01\nreview_cadence: annual\n---\nx\n',
    );
    const r = await runCli(['check', '--as-of', '2026-11-20'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('documents/policy\\x1b]0;owned\\x07\\x1b[2J.md:5: last_reviewed');
    for (const c of ['\x1b', '\x07']) expect(r.stderr + r.stdout).not.toContain(c);
  });
});
