import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { subjectOf } from '../core/evidence-items.ts';
import { describeFile, rootHash, sha256 } from './manifest.ts';
import { MANIFEST_FILE, openStore } from './store.ts';

const run = promisify(execFile);

export interface VerifyResult {
  ok: boolean;
  root: string | null;
  files: number;
  /** One line per problem: the file, and where git history allows, each record that differs. */
  problems: string[];
}

/**
 * Re-hashes every file of the store against its manifest, and the root hash against the files.
 * For a file that differs, the committed version (git is the store's chain of custody) names
 * the records that were changed, added or removed.
 */
export async function verifyStore(dir: string): Promise<VerifyResult> {
  const manifest = await openStore(dir);
  const onDisk = new Set(
    (await listFiles(dir)).filter((p) => p !== MANIFEST_FILE && !p.startsWith('.')),
  );
  if (!manifest) {
    // Evidence files without a manifest: a broken store (a deleted manifest.json), not an empty one.
    const problems = [...onDisk]
      .sort()
      .map((p) => `${p}: evidence file without a manifest (${MANIFEST_FILE} is missing)`);
    return { ok: problems.length === 0, root: null, files: 0, problems };
  }
  const problems: string[] = [];
  for (const [path, expected] of Object.entries(manifest.files)) {
    let content: string;
    try {
      content = await readFile(join(dir, path), 'utf8');
    } catch {
      problems.push(
        `${path}: missing (manifest lists ${expected.records} records, sha256 ${expected.sha256})`,
      );
      continue;
    }
    onDisk.delete(path);
    const actual = describeFile(content);
    if (actual.sha256 === expected.sha256) continue;
    problems.push(
      `${path}: sha256 ${actual.sha256} does not match the manifest's ${expected.sha256} ` +
        `(${actual.records} records on disk, ${expected.records} in the manifest)`,
    );
    const committed = await committedVersion(dir, path);
    if (committed !== null && sha256(committed) === expected.sha256)
      problems.push(...recordDifferences(path, committed, content));
  }
  for (const path of [...onDisk].sort()) problems.push(`${path}: not in the manifest`);
  const root = rootHash(manifest.files);
  if (root !== manifest.root)
    problems.push(
      `${MANIFEST_FILE}: root hash ${manifest.root} does not match its files (${root})`,
    );
  return {
    ok: problems.length === 0,
    root: manifest.root,
    files: Object.keys(manifest.files).length,
    problems,
  };
}

/** The records that differ between the trusted and the current text of a file, by subject. */
export function recordDifferences(path: string, trusted: string, current: string): string[] {
  const index = (text: string) => {
    const out = new Map<string, { line: number; text: string }>();
    text.split('\n').forEach((line, i) => {
      if (line === '') return;
      let key = `line ${i + 1}`;
      try {
        key = subjectOf(path, JSON.parse(line)) ?? key;
      } catch {
        key = `line ${i + 1} (not JSON)`;
      }
      if (out.has(key)) key = `${key} (line ${i + 1})`;
      out.set(key, { line: i + 1, text: line });
    });
    return out;
  };
  const before = index(trusted);
  const after = index(current);
  const out: string[] = [];
  for (const [key, rec] of after) {
    const old = before.get(key);
    if (!old) out.push(`  ${path}:${rec.line}: record ${key} was added`);
    else if (old.text !== rec.text) out.push(`  ${path}:${rec.line}: record ${key} was changed`);
  }
  for (const [key, rec] of before)
    if (!after.has(key))
      out.push(`  ${path}: record ${key} (line ${rec.line} as committed) was removed`);
  return out;
}

async function committedVersion(dir: string, path: string): Promise<string | null> {
  try {
    const { stdout: top } = await run('git', ['-C', dir, 'rev-parse', '--show-toplevel']);
    const rel = relative(top.trim(), join(dir, path)).split(sep).join('/');
    const { stdout } = await run('git', ['-C', dir, 'show', `HEAD:${rel}`], { maxBuffer: 1 << 30 });
    return stdout;
  } catch {
    return null;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}
