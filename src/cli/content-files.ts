import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ContentFile } from '../core/content/load.ts';
import type { Problem } from '../core/problems.ts';
import { UsageError } from './io.ts';

/** Larger files are refused: no policy is this long, and parsing one would stall the build. */
export const MAX_CONTENT_BYTES = 2 * 1024 * 1024;
const MARKDOWN = /\.mdx?$/i;

/**
 * Reads every markdown and MDX file under the content folder (or only under its `folders`, given
 * relative to it). Hidden folders and node_modules are skipped; a symlink that leaves the folder,
 * a binary file or an oversized one is a problem.
 */
export async function readContentFiles(root: string, opts: { folders?: readonly string[] } = {}): Promise<{ files: ContentFile[]; problems: Problem[] }> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    throw new UsageError(`content folder ${root} does not exist (set \`content:\` in docket.config.yaml or pass --content DIR)`);
  }
  const found: { rel: string; full: string }[] = [];
  const problems: Problem[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(full);
        } catch {
          problems.push({ file: rel, line: 0, message: 'broken symbolic link' });
          continue;
        }
        if (target !== realRoot && !target.startsWith(realRoot + sep)) {
          problems.push({ file: rel, line: 0, message: `symbolic link points outside the content folder (${target}); not read` });
          continue;
        }
        isDir = (await lstat(target)).isDirectory();
        if (isDir) continue; // a link back inside the folder is already walked
      }
      if (isDir) {
        await walk(full);
        continue;
      }
      if (MARKDOWN.test(entry.name)) found.push({ rel, full });
    }
  };
  if (!opts.folders) await walk(root);
  else for (const folder of [...opts.folders].sort()) await walk(join(root, folder)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT' && err.code !== 'ENOTDIR') throw err;
  });
  // Files are read a few dozen at a time (one at a time, a large folder waits on the disk), kept in walk order.
  const read = new Array<ContentFile | null>(found.length).fill(null);
  const readOne = async (i: number) => {
    const { rel, full } = found[i] as { rel: string; full: string };
    const bytes = await readFile(full);
    if (bytes.length > MAX_CONTENT_BYTES) {
      problems.push({ file: rel, line: 0, message: `file is ${bytes.length} bytes, over the ${MAX_CONTENT_BYTES}-byte limit for a content file` });
    } else if (bytes.includes(0)) {
      problems.push({ file: rel, line: 0, message: 'binary file (contains NUL bytes); not markdown' });
    } else {
      read[i] = { path: rel, text: new TextDecoder('utf-8', { fatal: false }).decode(bytes) };
    }
  };
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(32, found.length) }, async () => {
    while (next < found.length) await readOne(next++);
  }));
  return { files: read.filter((f): f is ContentFile => f !== null), problems };
}
