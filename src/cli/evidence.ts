import type { z } from 'zod';
import { openStore, readNdjson } from '../../collectors/store/store.ts';
import type { EvidenceSet } from '../core/evidence.ts';
import { InputError, type Problem } from '../core/problems.ts';
import { CloudTrailEvent } from '../core/schemas/cloudtrail.ts';
import { DeploymentRecord, PullRequestRecord } from '../core/schemas/github.ts';
import { ScanRun } from '../core/schemas/sarif.ts';
import { AcceptedRisk } from '../core/schemas/issues.ts';
import { join } from 'node:path';

/** Reads the evidence store into the set the rules see; every record is validated by its schema. */
export async function loadEvidence(dir: string): Promise<EvidenceSet> {
  const manifest = await openStore(dir);
  const evidence: EvidenceSet = { manifest, sources: manifest?.sources ?? {} };
  if (!manifest) return evidence;
  const problems: Problem[] = [];
  const files = Object.keys(manifest.files);
  const read = async <S extends z.ZodType>(pattern: RegExp, schema: S): Promise<z.infer<S>[]> => {
    const out: z.infer<S>[] = [];
    for (const path of files.filter((f) => pattern.test(f))) {
      let line = 0;
      try {
        for await (const record of readNdjson(dir, path)) {
          line++;
          const parsed = schema.safeParse(record);
          if (parsed.success) out.push(parsed.data);
          else problems.push(...parsed.error.issues.slice(0, 3).map((i) => ({ file: join(dir, path), line, message: `${i.path.join('.') || 'record'}: ${i.message}` })));
        }
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems);
      }
    }
    return out;
  };
  if (manifest.sources.github) {
    evidence.github = {
      pullRequests: await read(/^github\/[^/]+\/[^/]+\/pull-requests\.ndjson$/, PullRequestRecord),
      deployments: await read(/^github\/[^/]+\/[^/]+\/deployments\.ndjson$/, DeploymentRecord),
    };
  }
  if (manifest.sources.cloudtrail) evidence.cloudtrail = { events: await read(/^cloudtrail\/\d{12}\/\d{4}-\d{2}\.ndjson$/, CloudTrailEvent) };
  if (manifest.sources.sarif) evidence.sarif = { runs: await read(/^sarif\/runs\.ndjson$/, ScanRun) };
  if (manifest.sources.issues) evidence.accepted = await read(/^issues\/accepted\.ndjson$/, AcceptedRisk);
  if (problems.length) throw new InputError(problems);
  return evidence;
}
