import { CloudTrailClient, DescribeQueryCommand, paginateGetQueryResults, paginateLookupEvents, StartQueryCommand, type LookupAttribute } from '@aws-sdk/client-cloudtrail';
import { resolve } from 'node:path';
import { keepRecord, normalizeRecord, type RawCloudTrailRecord } from '../../src/core/cloudtrail/normalize.ts';
import type { Problem } from '../../src/core/problems.ts';
import type { CloudTrailEvent } from '../../src/core/schemas/cloudtrail.ts';
import type { Period } from '../../src/core/schemas/common.ts';
import type { DocketConfig } from '../../src/core/schemas/config.ts';
import { openStore } from '../store/store.ts';
import { lakeQuery, lakeRowToRecord } from './lake.ts';
import { listLogFiles, readLogFile } from './log-files.ts';
import { mergeEvents, SOURCE } from './months.ts';

export interface CloudtrailCollectOptions {
  config: DocketConfig;
  /** The folder config paths are relative to. */
  root: string;
  storeDir: string;
  period: Period;
  since?: string | undefined;
  full?: boolean | undefined;
  now: () => Date;
  log: (message: string) => void;
  progress?: ((message: string) => void) | null;
  sleep?: (ms: number) => Promise<void>;
}

export interface CloudtrailCollectSummary {
  mode: 'files' | 'lookup' | 'lake';
  /** Log files read (files mode) or API pages fetched. */
  units: number;
  kept: number;
  added: number;
  problems: Problem[];
}

/** LookupEvents only reaches this far back. */
const LOOKUP_DAYS = 90;
/** Events reach CloudTrail up to about 15 minutes late; API runs re-read that much. */
const LATE_MS = 20 * 60_000;

export async function collectCloudtrail(opts: CloudtrailCollectOptions): Promise<CloudtrailCollectSummary> {
  const aws = opts.config.aws;
  if (!aws) throw new Error('no `aws` section in docket.config.yaml');
  if (aws.mode === 'lookup') return collectFromApi(opts, 'lookup');
  if (aws.mode === 'lake') return collectFromApi(opts, 'lake');
  return collectFromFiles(opts);
}

function keepAndNormalize(records: readonly RawCloudTrailRecord[], opts: CloudtrailCollectOptions, where: string, problems: Problem[]): CloudTrailEvent[] {
  const breakGlass = new Set(opts.config.aws?.break_glass_roles ?? []);
  const from = `${opts.period.start}T00:00:00.000Z`;
  const to = `${opts.period.end}T23:59:59.999Z`;
  const out: CloudTrailEvent[] = [];
  records.forEach((r, i) => {
    if (r === null || typeof r !== 'object') {
      problems.push({ file: where, line: 0, message: `record ${i + 1} is not an object; skipped` });
      return;
    }
    if (!keepRecord(r, breakGlass)) return;
    const e = normalizeRecord(r);
    if ('missing' in e) {
      problems.push({ file: where, line: 0, message: `record ${i + 1}${r.eventID ? ` (${r.eventID})` : ''} lacks ${e.missing.join(', ')}; skipped` });
      return;
    }
    if (e.time >= from && e.time <= to) out.push(e);
  });
  return out;
}

/** Delivered log files, one account-month at a time, each month committed atomically. */
async function collectFromFiles(opts: CloudtrailCollectOptions): Promise<CloudtrailCollectSummary> {
  const dirName = opts.config.aws?.cloudtrail_dir;
  if (!dirName) throw new Error('aws.cloudtrail_dir is not set (or set aws.mode to lookup or lake)');
  const dir = resolve(opts.root, dirName);
  const summary: CloudtrailCollectSummary = { mode: 'files', units: 0, kept: 0, added: 0, problems: [] };
  const all = await listLogFiles(dir);
  if (all.length === 0) {
    summary.problems.push({ file: dir, line: 0, message: 'no CloudTrail log files found (expected AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz)' });
    return summary;
  }
  let manifest = await openStore(opts.storeDir);
  const cursors = manifest?.sources[SOURCE]?.cursors ?? {};
  const lowerFor = (key: string) => opts.since ?? (opts.full ? opts.period.start : (cursors[key] ?? opts.period.start));
  const files = all.filter((f) => f.day >= lowerFor(`${f.account}/${f.region}`) && f.day <= opts.period.end);
  const groups = new Map<string, typeof files>();
  for (const f of files) {
    const key = `${f.account}/${f.day.slice(0, 7)}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const rewritten = opts.full ? new Set<string>() : null;
  let n = 0;
  for (const [key, group] of groups) {
    const events: CloudTrailEvent[] = [];
    const newCursors: Record<string, string> = {};
    const failedDay: Record<string, string> = {};
    for (const file of group) {
      opts.progress?.(`cloudtrail: ${key}: file ${++n} of ${files.length}, ${summary.kept} events kept`);
      const stream = `${file.account}/${file.region}`;
      try {
        events.push(...keepAndNormalize(await readLogFile(file), opts, file.name, summary.problems));
        summary.units++;
        if (!newCursors[stream] || file.day > newCursors[stream]) newCursors[stream] = file.day;
      } catch (err) {
        summary.problems.push({ file: file.name, line: 0, message: (err as Error).message.replace(`${file.name}: `, '') });
        if (!failedDay[stream] || file.day < failedDay[stream]) failedDay[stream] = file.day;
      }
    }
    // A file that failed is read again next time: the cursor stops at its day.
    for (const [stream, day] of Object.entries(failedDay)) newCursors[stream] = newCursors[stream] && newCursors[stream] < day ? newCursors[stream] : day;
    for (const [stream, day] of Object.entries(newCursors)) if (cursors[stream] && cursors[stream] > day && !opts.full && opts.since === undefined) newCursors[stream] = cursors[stream];
    summary.kept += events.length;
    const merged = await mergeEvents(opts.storeDir, manifest, events, { cursors: newCursors, now: opts.now, rewritten });
    manifest = merged.manifest;
    summary.added += merged.added;
  }
  return summary;
}

/** The LookupEvents API (last 90 days) or a CloudTrail Lake query, through the AWS SDK. */
async function collectFromApi(opts: CloudtrailCollectOptions, mode: 'lookup' | 'lake'): Promise<CloudtrailCollectSummary> {
  const aws = opts.config.aws;
  const summary: CloudtrailCollectSummary = { mode, units: 0, kept: 0, added: 0, problems: [] };
  const manifest = await openStore(opts.storeDir);
  const cursors = manifest?.sources[SOURCE]?.cursors ?? {};
  const now = opts.now();
  const end = now.toISOString();
  const regions = aws?.regions.length ? aws.regions : [undefined];
  const events: CloudTrailEvent[] = [];
  const newCursors: Record<string, string> = {};
  for (const region of regions) {
    const client = new CloudTrailClient({ ...(region && { region }), maxAttempts: 10 });
    const key = `${mode}:${region ?? 'default'}`;
    const since = opts.since !== undefined ? `${opts.since}T00:00:00.000Z` : opts.full || !cursors[key] ? `${opts.period.start}T00:00:00.000Z` : new Date(Date.parse(cursors[key]) - LATE_MS).toISOString();
    if (mode === 'lookup') {
      const oldest = new Date(now.getTime() - LOOKUP_DAYS * 86_400_000).toISOString();
      const start = since > oldest ? since : oldest;
      const attributes: LookupAttribute[] = [
        { AttributeKey: 'ReadOnly', AttributeValue: 'false' },
        { AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' },
        ...(aws?.break_glass_roles.length ? [{ AttributeKey: 'EventName' as const, AttributeValue: 'AssumeRole' }] : []),
      ];
      for (const attribute of attributes) {
        for await (const page of paginateLookupEvents({ client, pageSize: 50 }, { StartTime: new Date(start), EndTime: now, LookupAttributes: [attribute] })) {
          summary.units++;
          const raw = (page.Events ?? []).flatMap((e) => (e.CloudTrailEvent ? [JSON.parse(e.CloudTrailEvent) as RawCloudTrailRecord] : []));
          events.push(...keepAndNormalize(raw, opts, `LookupEvents ${region ?? ''}`.trim(), summary.problems));
          opts.progress?.(`cloudtrail: LookupEvents ${region ?? ''}: ${events.length} events kept`);
        }
      }
    } else {
      if (!aws?.lake_event_data_store) throw new Error('aws.lake_event_data_store is not set (the event data store ARN or id)');
      const { QueryId } = await client.send(new StartQueryCommand({ QueryStatement: lakeQuery(aws.lake_event_data_store, since, end, aws.break_glass_roles) }));
      if (!QueryId) throw new Error('CloudTrail Lake did not return a query id');
      const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
      for (let wait = 1000; ; wait = Math.min(wait * 2, 30_000)) {
        const q = await client.send(new DescribeQueryCommand({ QueryId }));
        if (q.QueryStatus === 'FINISHED') break;
        if (q.QueryStatus === 'FAILED' || q.QueryStatus === 'CANCELLED' || q.QueryStatus === 'TIMED_OUT') throw new Error(`CloudTrail Lake query ${QueryId} ${q.QueryStatus}: ${q.ErrorMessage ?? ''}`);
        opts.progress?.(`cloudtrail: Lake query ${q.QueryStatus?.toLowerCase() ?? 'queued'}`);
        await sleep(wait);
      }
      for await (const page of paginateGetQueryResults({ client }, { QueryId })) {
        summary.units++;
        const raw = (page.QueryResultRows ?? []).map((row) => lakeRowToRecord(row as Record<string, string>[]));
        events.push(...keepAndNormalize(raw, opts, `CloudTrail Lake ${QueryId}`, summary.problems));
        opts.progress?.(`cloudtrail: Lake results: ${events.length} events`);
      }
    }
    newCursors[key] = end;
  }
  summary.kept = events.length;
  const merged = await mergeEvents(opts.storeDir, manifest, events, { cursors: newCursors, now: opts.now, rewritten: opts.full ? new Set() : null });
  summary.added = merged.added;
  return summary;
}
