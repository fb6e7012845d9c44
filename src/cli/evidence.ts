import type { z } from 'zod';
import { openStore, readNdjson } from '../../collectors/store/store.ts';
import type { EvidenceSet } from '../core/evidence.ts';
import { InputError, type Problem } from '../core/problems.ts';
import { CloudTrailEvent } from '../core/schemas/cloudtrail.ts';
import { DeploymentRecord, PullRequestRecord } from '../core/schemas/github.ts';
import { ScanRun } from '../core/schemas/sarif.ts';
import type { DocketConfig } from '../core/schemas/config.ts';
import { AcceptedRisk } from '../core/schemas/issues.ts';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export interface LoadOptions {
  /**
   * Only the CloudTrail files the rules read: accounts whose environment is production, and
   * accounts that own a break-glass role. The others feed only the site's per-account pages.
   */
  rulesOnly?: DocketConfig;
}

const CLOUDTRAIL_FILE = /^cloudtrail\/(\d{12})\/\d{4}-\d{2}\.ndjson$/;

/**
 * Whether the rules read a store file: every file but the CloudTrail files of accounts that are
 * neither production nor the home of a break-glass role (those feed only the site's account pages).
 */
export function readByRules(path: string, config: DocketConfig): boolean {
  const account = CLOUDTRAIL_FILE.exec(path)?.[1];
  if (account === undefined) return true;
  const aws = config.aws;
  if (!aws) return true;
  return aws.accounts[account]?.environment === 'production' || aws.break_glass_roles.some((arn) => arn.split(':')[4] === account);
}

/** Reads the evidence store into the set the rules see; every record is validated by its schema. */
export async function loadEvidence(dir: string, opts: LoadOptions = {}): Promise<EvidenceSet> {
  const manifest = await openStore(dir);
  const evidence: EvidenceSet = { manifest, sources: manifest?.sources ?? {} };
  if (!manifest) return evidence;
  const problems: Problem[] = [];
  const files = Object.keys(manifest.files);
  const read = async <S extends z.ZodType>(pattern: RegExp, schema: S, wanted: (path: string) => boolean = () => true): Promise<z.infer<S>[]> => {
    const out: z.infer<S>[] = [];
    for (const path of files.filter((f) => pattern.test(f) && wanted(f))) {
      const records: unknown[] = [];
      const hash = createHash('sha256');
      let readable = true;
      try {
        for await (const record of readNdjson(dir, path, hash)) records.push(record);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems);
        readable = false;
      }
      // Collectors validate every record before it is stored; a file whose bytes still match the
      // manifest holds exactly those records. Only a file that changed since is validated again.
      if (readable && hash.digest('hex') === manifest.files[path]?.sha256) {
        for (const r of records) out.push(r as z.infer<S>);
        continue;
      }
      records.forEach((record, i) => {
        const parsed = schema.safeParse(record);
        if (parsed.success) out.push(parsed.data);
        else problems.push(...parsed.error.issues.slice(0, 3).map((issue) => ({ file: join(dir, path), line: i + 1, message: `${issue.path.join('.') || 'record'}: ${issue.message}` })));
      });
    }
    return out;
  };
  if (manifest.sources.github) {
    evidence.github = {
      pullRequests: await read(/^github\/[^/]+\/[^/]+\/pull-requests\.ndjson$/, PullRequestRecord),
      deployments: await read(/^github\/[^/]+\/[^/]+\/deployments\.ndjson$/, DeploymentRecord),
    };
  }
  if (manifest.sources.cloudtrail) {
    const wanted = opts.rulesOnly ? (path: string) => readByRules(path, opts.rulesOnly as DocketConfig) : undefined;
    evidence.cloudtrail = { events: await read(CLOUDTRAIL_FILE, CloudTrailEvent, wanted) };
  }
  if (manifest.sources.sarif) evidence.sarif = { runs: await read(/^sarif\/runs\.ndjson$/, ScanRun) };
  if (manifest.sources.issues) evidence.accepted = await read(/^issues\/accepted\.ndjson$/, AcceptedRisk);
  if (problems.length) throw new InputError(problems);
  return evidence;
}
