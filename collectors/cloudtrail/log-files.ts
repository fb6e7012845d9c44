import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { RawCloudTrailRecord } from '../../src/core/cloudtrail/normalize.ts';
import type { Problem } from '../../src/core/problems.ts';
import { listFiles } from '../list-files.ts';

/** A delivered log file: AWSLogs/[<org-id>/]<account>/CloudTrail/<region>/YYYY/MM/DD/<name>.json.gz */
export interface LogFile {
  path: string;
  /** Relative to the CloudTrail folder, for messages. */
  name: string;
  account: string;
  region: string;
  day: string;
}

const LAYOUT =
  /(?:^|\/)(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+\.json(?:\.gz)?$/;

/**
 * Every log file under the folder in path order; digest files and other files are skipped.
 * Symbolic links are followed inside the folder; one that leaves it is a problem, by name.
 */
export async function listLogFiles(
  dir: string,
): Promise<{ files: LogFile[]; problems: Problem[] }> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory())
    throw new Error(`${dir}: CloudTrail folder does not exist (aws.cloudtrail_dir)`);
  const out: LogFile[] = [];
  const listed = await listFiles(
    dir,
    (name) => !name.includes('CloudTrail-Digest') && LAYOUT.test(name),
  );
  for (const name of listed.names) {
    const m = LAYOUT.exec(name);
    if (!m) continue;
    out.push({
      path: join(dir, name),
      name,
      account: m[1] as string,
      region: m[2] as string,
      day: `${m[3]}-${m[4]}-${m[5]}`,
    });
  }
  return { files: out.sort((a, b) => (a.name < b.name ? -1 : 1)), problems: listed.problems };
}

/**
 * Reads one log file (gzip or plain JSON) and returns its records. One file is held in memory at
 * a time; CloudTrail caps a delivered file at a few megabytes, so it is read in one call and
 * gunzipped in place: a stream would cost several trips through Node's thread pool per file,
 * which on a busy machine cost more than the reading itself.
 */
export async function readLogFile(file: LogFile): Promise<RawCloudTrailRecord[]> {
  let bytes: Buffer = readFileSync(file.path);
  if (file.path.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new Error(`${file.name}: truncated or corrupt gzip (${(err as Error).message})`, {
        cause: err,
      });
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new Error(`${file.name}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const records = (json as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records))
    throw new Error(`${file.name}: no "Records" array; not a CloudTrail log file`);
  return records as RawCloudTrailRecord[];
}
