import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { RawCloudTrailRecord } from '../../src/core/cloudtrail/normalize.ts';

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

/** Every log file under the folder in path order; digest files and other files are skipped. */
export async function listLogFiles(dir: string): Promise<LogFile[]> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory())
    throw new Error(`${dir}: CloudTrail folder does not exist (aws.cloudtrail_dir)`);
  const out: LogFile[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const name = relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (name.includes('CloudTrail-Digest')) continue;
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
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
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
