import { readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Problem } from '../src/core/problems.ts';

// The files of a collector's input folder (sarif_dir, aws.cloudtrail_dir), for the collectors
// that read files. Symbolic links are followed while they stay inside the folder; one that
// leaves it, or leads nowhere, is named, never skipped without a word.

export interface ListedFiles {
  /** Relative to the folder, '/'-separated, sorted; each file once, under its first name. */
  names: string[];
  /** Links not followed, by name. */
  problems: Problem[];
}

/** Every file under `dir` whose relative name `keep` accepts. */
export async function listFiles(
  dir: string,
  keep: (name: string) => boolean,
): Promise<ListedFiles> {
  const root = await realpath(dir);
  const inside = (real: string) => real === root || real.startsWith(root + sep);
  const names: string[] = [];
  const problems: Problem[] = [];
  // Real paths already read: a link to something inside the folder adds nothing twice. Links
  // are followed after every real entry, so that a file is listed under its own name.
  const seen = new Set<string>([root]);
  const links: { path: string; name: string }[] = [];
  const walk = async (full: string, realFull: string, rel: string): Promise<void> => {
    const entries = await readdir(full, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = join(full, entry.name);
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) links.push({ path, name });
      else await visit(path, join(realFull, entry.name), name, entry);
    }
  };
  const visit = async (
    path: string,
    real: string,
    name: string,
    kind: { isDirectory(): boolean; isFile(): boolean },
  ): Promise<void> => {
    if (seen.has(real)) return;
    if (kind.isDirectory()) {
      seen.add(real);
      await walk(path, real, name);
    } else if (kind.isFile() && keep(name)) {
      seen.add(real);
      names.push(name);
    }
  };
  await walk(dir, root, '');
  for (let i = 0; i < links.length; i++) {
    const { path, name } = links[i] as { path: string; name: string };
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      problems.push({ file: name, line: 0, message: 'broken symbolic link; not read' });
      continue;
    }
    const info = await stat(real);
    if (!inside(real)) {
      if (info.isDirectory() || keep(name))
        problems.push({
          file: name,
          line: 0,
          message:
            `symbolic link to ${real}, outside ${dir}; not read (copy it in, ` +
            `or point the folder setting at it)`,
        });
      continue;
    }
    await visit(path, real, name, info);
  }
  return { names: names.sort(), problems: problems.sort((a, b) => (a.file < b.file ? -1 : 1)) };
}
