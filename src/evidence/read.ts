import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { EvidenceSet } from '../core/evidence.ts';
import { InputError, type Problem } from '../core/problems.ts';
import { SOURCES } from '../core/schemas/common.ts';
import type { DocketConfig } from '../core/schemas/config.ts';
import type { Manifest } from '../core/schemas/manifest.ts';
import { CATALOG, catalogEntryOf, type StoreFile } from './catalog.ts';
import { readNdjsonChunks } from './ndjson.ts';
import { openStore } from './store.ts';

export interface LoadOptions {
  /** The store's manifest, when the caller has already opened the store (no recovery is run again). */
  manifest?: Manifest;
  /** Only the store files this accepts (a thread's share of a parallel check). */
  only?: (path: string) => boolean;
  /**
   * Only the CloudTrail files the rules read: accounts whose environment is production, and
   * accounts that own a break-glass role. The others feed only the site's per-account pages.
   */
  rulesOnly?: DocketConfig;
  /** Read files with blocking calls (see readNdjsonChunks): for the check worker only. */
  blocking?: boolean;
}

/** The repository (`owner/name`) whose GitHub evidence a store file holds, or null. */
export function repositoryOf(path: string): string | null {
  const entry = catalogEntryOf(path);
  return entry?.source === 'github' ? (entry.key.repo ?? null) : null;
}

/** Orders repositories as the store orders their files (by path: github/<owner>/<name>/...). */
export function inStoreOrder(a: string, b: string): number {
  return a === b ? 0 : `${a}/` < `${b}/` ? -1 : 1;
}

/** The repositories with GitHub evidence in the store, largest first (ties by name), as parallel work is shared out. */
export function repositoriesBySize(manifest: Manifest): string[] {
  const bytes = new Map<string, number>();
  for (const [path, file] of Object.entries(manifest.files)) {
    const repo = repositoryOf(path);
    if (repo !== null) bytes.set(repo, (bytes.get(repo) ?? 0) + file.bytes);
  }
  return [...bytes].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([repo]) => repo);
}

/**
 * Whether the rules read a store file: every file but the CloudTrail files of accounts that are
 * neither production nor the home of a break-glass role (those feed only the site's account pages).
 */
export function readByRules(path: string, config: DocketConfig): boolean {
  const entry = catalogEntryOf(path);
  const account = entry?.source === 'cloudtrail' ? entry.key.account : undefined;
  if (account === undefined) return true;
  const aws = config.aws;
  if (!aws) return true;
  return (
    aws.accounts[account]?.environment === 'production' ||
    aws.break_glass_roles.some((arn) => arn.split(':')[4] === account)
  );
}

/** Reads the evidence store into the set the rules see; every record is validated by its schema. */
export async function loadEvidence(dir: string, opts: LoadOptions = {}): Promise<EvidenceSet> {
  const { evidence, problems } = await readEvidence(dir, opts);
  if (problems.length) throw new InputError(problems);
  return evidence;
}

/** Like loadEvidence, but returns the problems (file, line, message) instead of throwing them. */
export async function readEvidence(
  dir: string,
  opts: LoadOptions = {},
): Promise<{ evidence: EvidenceSet; problems: Problem[] }> {
  const manifest = opts.manifest ?? (await openStore(dir));
  const evidence: EvidenceSet = { manifest, sources: manifest?.sources ?? {} };
  const problems: Problem[] = [];
  if (!manifest) return { evidence, problems };
  const files = Object.keys(manifest.files).filter((f) => opts.only?.(f) ?? true);
  const wanted = opts.rulesOnly
    ? (path: string) => readByRules(path, opts.rulesOnly as DocketConfig)
    : () => true;
  const read = async <R>(file: StoreFile<string, R>): Promise<R[]> => {
    const out: R[] = [];
    for (const path of files.filter((f) => file.pattern.test(f) && wanted(f))) {
      const records: unknown[] = [];
      const hash = createHash('sha256');
      let readable = true;
      try {
        for await (const chunk of readNdjsonChunks(dir, path, hash, {
          blocking: opts.blocking === true,
        }))
          for (const record of chunk) records.push(record);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems);
        readable = false;
      }
      // Collectors validate every record before it is stored; a file whose bytes still match the
      // manifest holds exactly those records. Only a file that changed since is validated again.
      if (readable && hash.digest('hex') === manifest.files[path]?.sha256) {
        for (const r of records) out.push(r as R);
        continue;
      }
      records.forEach((record, i) => {
        const parsed = file.schema.safeParse(record);
        if (parsed.success) out.push(parsed.data);
        else
          problems.push(
            ...parsed.error.issues.slice(0, 3).map((issue) => ({
              file: join(dir, path),
              line: i + 1,
              message: `${issue.path.join('.') || 'record'}: ${issue.message}`,
            })),
          );
      });
    }
    return out;
  };
  // Each collected source's files, in catalog order, into the section of the same names.
  for (const source of SOURCES) {
    if (!manifest.sources[source]) continue;
    const section: Record<string, unknown[]> = {};
    for (const [name, file] of Object.entries(CATALOG[source]) as [string, StoreFile][])
      section[name] = await read(file);
    Object.assign(evidence, { [source]: section });
  }
  if (manifest.sources.issues) evidence.accepted = await read(CATALOG.issues.accepted);
  return { evidence, problems };
}

/** Repositories shared out between threads: each takes the next index from `next` (an atomic counter). */
export interface RepositoryQueue {
  repos: readonly string[];
  next: Int32Array;
}

export function repositoryQueue(manifest: Manifest | null): RepositoryQueue {
  return {
    repos: manifest ? repositoriesBySize(manifest) : [],
    next: new Int32Array(new SharedArrayBuffer(4)),
  };
}
