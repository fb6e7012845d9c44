import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { describeFile, rootHash } from '../../src/core/manifest.ts';
import { MANIFEST_FILE, openStore } from './store.ts';

export interface VerifyResult {
  ok: boolean;
  root: string | null;
  files: number;
  /** One line per problem: the file and what differs. */
  problems: string[];
}

/** Re-hashes every file of the store against its manifest, and the root hash against the files. */
export async function verifyStore(dir: string): Promise<VerifyResult> {
  const manifest = await openStore(dir);
  if (!manifest) return { ok: true, root: null, files: 0, problems: [] };
  const problems: string[] = [];
  const onDisk = new Set((await listFiles(dir)).filter((p) => p !== MANIFEST_FILE && !p.startsWith('.')));
  for (const [path, expected] of Object.entries(manifest.files)) {
    let content: string;
    try {
      content = await readFile(join(dir, path), 'utf8');
    } catch {
      problems.push(`${path}: missing (manifest lists ${expected.records} records, sha256 ${expected.sha256})`);
      continue;
    }
    onDisk.delete(path);
    const actual = describeFile(content);
    if (actual.sha256 !== expected.sha256) {
      problems.push(`${path}: sha256 ${actual.sha256} does not match the manifest's ${expected.sha256} (${actual.records} records on disk, ${expected.records} in the manifest)`);
    }
  }
  for (const path of [...onDisk].sort()) problems.push(`${path}: not in the manifest`);
  const root = rootHash(manifest.files);
  if (root !== manifest.root) problems.push(`${MANIFEST_FILE}: root hash ${manifest.root} does not match its files (${root})`);
  return { ok: problems.length === 0, root: manifest.root, files: Object.keys(manifest.files).length, problems };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}
