import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, readContentFiles } from '../../src/check/content-files.ts';
import { formatProblem } from '../../src/core/problems.ts';
import { tempDir } from '../helpers/cli.ts';

const doc = (title: string, body = 'Text.\n') =>
  `---\ntype: policy\ntitle: ${title}\nowner: sec\n---\n${body}`;

describe('reading the content folder', () => {
  it('refuses text that is not UTF-8, naming the first bad line', async () => {
    const dir = await tempDir();
    // "café" in Latin-1 on line 7.
    const latin1 = Buffer.concat([
      Buffer.from(doc('L', 'Line six.\ncaf')),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    await writeFile(join(dir, 'latin1.md'), latin1);
    await writeFile(join(dir, 'utf8.md'), doc('U', 'café\n'));
    const { files, problems } = readContentFiles(dir);
    expect(problems.map(formatProblem)).toEqual([
      'latin1.md:7: not valid UTF-8 (Latin-1 or Windows-1252 perhaps): save the file as UTF-8; the site would show the bytes as replacement characters',
    ]);
    expect(files.map((f) => f.path)).toEqual(['utf8.md']);
    expect(files[0]?.text).toContain('café');
  });

  it('finds the line of a bad sequence however the bytes are split', () => {
    expect(decodeUtf8(Buffer.from('a\nb\n'))).toBe('a\nb\n');
    expect(decodeUtf8(Buffer.from([0x61, 0x0a, 0x62, 0x0a, 0xe2, 0x82]))).toEqual({ line: 3 });
    expect(decodeUtf8(Buffer.from([0xff]))).toEqual({ line: 1 });
  });

  it('reports an MDX syntax error as path:line', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bad.mdx'), doc('B', '\nText.\n\n<div>\n'));
    expect(readContentFiles(dir).problems.map(formatProblem)).toEqual([
      'bad.mdx:9: MDX syntax: Expected a closing tag for `<div>` (mdx-jsx:unexpected-character)',
    ]);
  });

  it('refuses names a link cannot carry (#, ?, %) and keeps spaces and accents', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'a%b'));
    for (const name of ['x#1.md', 'why?.md', 'a%b/c.md', 'my policy.md', 'café.md'])
      await writeFile(join(dir, name), doc(name));
    const { files, problems } = readContentFiles(dir);
    expect(problems.map(formatProblem)).toEqual([
      'a%b/c.md: the name holds "%", which a link to its page cannot carry; rename the file (or folder) without #, ? or %',
      'why?.md: the name holds "?", which a link to its page cannot carry; rename the file (or folder) without #, ? or %',
      'x#1.md: the name holds "#", which a link to its page cannot carry; rename the file (or folder) without #, ? or %',
    ]);
    expect(files.map((f) => f.path).sort()).toEqual(['café.md', 'my policy.md']);
  });

  it('says so when the content folder holds no markdown at all', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'controls'));
    await writeFile(join(dir, 'notes.txt'), 'not markdown');
    await symlink('/etc', join(dir, 'elsewhere'));
    expect(readContentFiles(dir).problems.map(formatProblem)).toEqual([
      'elsewhere: symbolic link points outside the content folder (/etc); not read',
      `${dir}: the content folder holds no markdown or MDX file: controls and documents go here (\`docket init\` writes a starting set; set \`content:\` in docket.config.yaml or pass --content DIR if they are elsewhere)`,
    ]);
  });
});
