import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ContentFile } from '../core/content/load.ts';
import { UsageError, type Problem } from '../core/problems.ts';

/** Larger files are refused: no policy is this long, and parsing one would stall the build. */
export const MAX_CONTENT_BYTES = 2 * 1024 * 1024;
const MARKDOWN = /\.mdx?$/i;
const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Reads every markdown and MDX file under the content folder (or only under its `folders`, given
 * relative to it). Hidden folders and node_modules are skipped; a symlink that leaves the folder,
 * a binary file or an oversized one is a problem.
 *
 * Synchronous: the check worker, which has nothing else to do meanwhile, reads the content. A
 * thousand small files read directly take a tenth of the time they take through the thread
 * pool, which the other thread's evidence reads keep busy.
 */
export function readContentFiles(
  root: string,
  opts: { folders?: readonly string[] } = {},
): { files: ContentFile[]; problems: Problem[] } {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    throw new UsageError(
      `content folder ${root} does not exist (set \`content:\` in docket.config.yaml or pass --content DIR)`,
    );
  }
  const found: { rel: string; full: string }[] = [];
  const problems: Problem[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
        } catch {
          problems.push({ file: rel, line: 0, message: 'broken symbolic link' });
          continue;
        }
        if (target !== realRoot && !target.startsWith(realRoot + sep)) {
          problems.push({
            file: rel,
            line: 0,
            message: `symbolic link points outside the content folder (${target}); not read`,
          });
          continue;
        }
        isDir = lstatSync(target).isDirectory();
        if (isDir) continue; // a link back inside the folder is already walked
      }
      if (isDir) {
        walk(full);
        continue;
      }
      if (MARKDOWN.test(entry.name)) found.push({ rel, full });
    }
  };
  if (!opts.folders) walk(root);
  else
    for (const folder of [...opts.folders].sort()) {
      try {
        walk(join(root, folder));
      } catch (err) {
        if (
          (err as NodeJS.ErrnoException).code !== 'ENOENT' &&
          (err as NodeJS.ErrnoException).code !== 'ENOTDIR'
        )
          throw err;
      }
    }
  const files: ContentFile[] = [];
  for (const { rel, full } of found) {
    const bytes = readFileSync(full);
    if (bytes.length > MAX_CONTENT_BYTES) {
      problems.push({
        file: rel,
        line: 0,
        message: `file is ${bytes.length} bytes, over the ${MAX_CONTENT_BYTES}-byte limit for a content file`,
      });
    } else if (bytes.includes(0)) {
      problems.push({
        file: rel,
        line: 0,
        message: 'binary file (contains NUL bytes); not markdown',
      });
    } else {
      files.push({ path: rel, text: decoder.decode(bytes) });
    }
  }
  return { files, problems };
}
