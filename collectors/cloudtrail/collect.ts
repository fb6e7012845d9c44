import {
  CloudTrailClient,
  DescribeQueryCommand,
  paginateGetQueryResults,
  paginateLookupEvents,
  StartQueryCommand,
  type LookupAttribute,
} from '@aws-sdk/client-cloudtrail';
import { resolve } from 'node:path';
import {
  describeRecordProblem,
  isRecordProblem,
  keepRecord,
  normalizeRecord,
  type RawCloudTrailRecord,
} from '../../src/core/cloudtrail/normalize.ts';
import type { Problem } from '../../src/core/problems.ts';
import type { CloudTrailEvent } from '../../src/core/schemas/cloudtrail.ts';
import type { Period } from '../../src/core/schemas/common.ts';
import type { DocketConfig } from '../../src/core/schemas/config.ts';
import { openStore } from '../../src/evidence/store.ts';
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

export async function collectCloudtrail(
  opts: CloudtrailCollectOptions,
): Promise<CloudtrailCollectSummary> {
  const aws = opts.config.aws;
  if (!aws) throw new Error('no `aws` section in docket.config.yaml');
  if (aws.mode === 'lookup') return collectFromApi(opts, 'lookup');
  if (aws.mode === 'lake') return collectFromApi(opts, 'lake');
  return collectFromFiles(opts);
}

function keepAndNormalize(
  records: readonly unknown[],
  opts: CloudtrailCollectOptions,
  where: string,
  problems: Problem[],
): CloudTrailEvent[] {
  const breakGlass = new Set(opts.config.aws?.break_glass_roles ?? []);
  const from = `${opts.period.start}T00:00:00.000Z`;
  const to = `${opts.period.end}T23:59:59.999Z`;
  const out: CloudTrailEvent[] = [];
  records.forEach((r, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      problems.push({ file: where, line: 0, message: `record ${i + 1} is not an object; skipped` });
      return;
    }
    const record = r as RawCloudTrailRecord;
    if (!keepRecord(record, breakGlass)) return;
    // One bad record is reported by its index, id and field and skipped; the file's others are kept.
    const e = normalizeRecord(record);
    if (isRecordProblem(e)) {
      problems.push({
        file: where,
        line: 0,
        message: `${describeRecordProblem(i, r, e)}; skipped`,
      });
      return;
    }
    if (e.time >= from && e.time <= to) out.push(e);
  });
  return out;
}

/**
 * Delivered log files, one account-month at a time (months in order), each month committed
 * atomically with the cursors it reached. A stream's (account and region's) cursor is the last
 * day read, but never later than the first day of a file that could not be read in this run, in
 * any month: that file, and every later one of its stream, is read again next time.
 */
async function collectFromFiles(opts: CloudtrailCollectOptions): Promise<CloudtrailCollectSummary> {
  const dirName = opts.config.aws?.cloudtrail_dir;
  if (!dirName)
    throw new Error('aws.cloudtrail_dir is not set (or set aws.mode to lookup or lake)');
  const dir = resolve(opts.root, dirName);
  const summary: CloudtrailCollectSummary = {
    mode: 'files',
    units: 0,
    kept: 0,
    added: 0,
    problems: [],
  };
  const all = await listLogFiles(dir);
  if (all.length === 0) {
    summary.problems.push({
      file: dir,
      line: 0,
      message:
        'no CloudTrail log files found in this folder (aws.cloudtrail_dir; expected AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz)',
    });
    return summary;
  }
  let manifest = await openStore(opts.storeDir);
  const cursors = manifest?.sources[SOURCE]?.cursors ?? {};
  const rereadAll = opts.full || opts.since !== undefined;
  const lowerFor = (key: string) =>
    opts.since ?? (opts.full ? opts.period.start : (cursors[key] ?? opts.period.start));
  const files = all.filter(
    (f) => f.day >= lowerFor(`${f.account}/${f.region}`) && f.day <= opts.period.end,
  );
  const groups = new Map<string, typeof files>();
  for (const f of files) {
    const key = `${f.day.slice(0, 7)}/${f.account}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const rewritten = opts.full ? new Set<string>() : null;
  /** Per stream: the last day read, and the first day of a file that failed, in this run. */
  const reached: Record<string, string> = {};
  const failed: Record<string, string> = {};
  let n = 0;
  // Months in order, so that a cursor committed with one month never passes files of an earlier
  // month that a crash would leave unread.
  for (const [key, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const events: CloudTrailEvent[] = [];
    const streams = new Set<string>();
    for (const file of group) {
      opts.progress?.(
        `cloudtrail: ${key}: file ${++n} of ${files.length}, ${summary.kept} events kept`,
      );
      const stream = `${file.account}/${file.region}`;
      streams.add(stream);
      try {
        events.push(
          ...keepAndNormalize(await readLogFile(file), opts, file.name, summary.problems),
        );
        summary.units++;
        if (!reached[stream] || file.day > reached[stream]) reached[stream] = file.day;
      } catch (err) {
        summary.problems.push({
          file: file.name,
          line: 0,
          message: (err as Error).message.replace(`${file.name}: `, ''),
        });
        if (!failed[stream] || file.day < failed[stream]) failed[stream] = file.day;
      }
    }
    const newCursors: Record<string, string> = {};
    for (const stream of streams) {
      const held = failed[stream];
      const day = held !== undefined ? held : (reached[stream] as string);
      // A cursor only moves back when asked to re-read (--since, --full) or to a failed file's day.
      const before = cursors[stream];
      newCursors[stream] =
        held === undefined && !rereadAll && before !== undefined && before > day ? before : day;
    }
    summary.kept += events.length;
    const merged = await mergeEvents(opts.storeDir, manifest, events, {
      cursors: newCursors,
      now: opts.now,
      rewritten,
    });
    manifest = merged.manifest;
    summary.added += merged.added;
  }
  return summary;
}

/** The LookupEvents API (last 90 days) or a CloudTrail Lake query, through the AWS SDK. */
async function collectFromApi(
  opts: CloudtrailCollectOptions,
  mode: 'lookup' | 'lake',
): Promise<CloudtrailCollectSummary> {
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
    const since =
      opts.since !== undefined
        ? `${opts.since}T00:00:00.000Z`
        : opts.full || !cursors[key]
          ? `${opts.period.start}T00:00:00.000Z`
          : new Date(Date.parse(cursors[key]) - LATE_MS).toISOString();
    if (mode === 'lookup') {
      const oldest = new Date(now.getTime() - LOOKUP_DAYS * 86_400_000).toISOString();
      const start = since > oldest ? since : oldest;
      const attributes: LookupAttribute[] = [
        { AttributeKey: 'ReadOnly', AttributeValue: 'false' },
        { AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' },
        ...(aws?.break_glass_roles.length
          ? [{ AttributeKey: 'EventName' as const, AttributeValue: 'AssumeRole' }]
          : []),
      ];
      for (const attribute of attributes) {
        for await (const page of paginateLookupEvents(
          { client, pageSize: 50 },
          { StartTime: new Date(start), EndTime: now, LookupAttributes: [attribute] },
        )) {
          summary.units++;
          const where = `LookupEvents ${region ?? ''}`.trim();
          const raw = (page.Events ?? []).flatMap((e) => {
            if (!e.CloudTrailEvent) return [];
            try {
              return [JSON.parse(e.CloudTrailEvent) as unknown];
            } catch (err) {
              summary.problems.push({
                file: where,
                line: 0,
                message: `event ${e.EventId ?? '(no id)'}: CloudTrailEvent is not valid JSON (${(err as Error).message}); skipped`,
              });
              return [];
            }
          });
          events.push(...keepAndNormalize(raw, opts, where, summary.problems));
          opts.progress?.(`cloudtrail: LookupEvents ${region ?? ''}: ${events.length} events kept`);
        }
      }
    } else {
      if (!aws?.lake_event_data_store)
        throw new Error('aws.lake_event_data_store is not set (the event data store ARN or id)');
      const { QueryId } = await client.send(
        new StartQueryCommand({
          QueryStatement: lakeQuery(aws.lake_event_data_store, since, end, aws.break_glass_roles),
        }),
      );
      if (!QueryId) throw new Error('CloudTrail Lake did not return a query id');
      const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
      for (let wait = 1000; ; wait = Math.min(wait * 2, 30_000)) {
        const q = await client.send(new DescribeQueryCommand({ QueryId }));
        if (q.QueryStatus === 'FINISHED') break;
        if (
          q.QueryStatus === 'FAILED' ||
          q.QueryStatus === 'CANCELLED' ||
          q.QueryStatus === 'TIMED_OUT'
        )
          throw new Error(
            `CloudTrail Lake query ${QueryId} ${q.QueryStatus}: ${q.ErrorMessage ?? ''}`,
          );
        opts.progress?.(`cloudtrail: Lake query ${q.QueryStatus?.toLowerCase() ?? 'queued'}`);
        await sleep(wait);
      }
      for await (const page of paginateGetQueryResults({ client }, { QueryId })) {
        summary.units++;
        const raw = (page.QueryResultRows ?? []).map((row) =>
          lakeRowToRecord(row as Record<string, string>[]),
        );
        events.push(...keepAndNormalize(raw, opts, `CloudTrail Lake ${QueryId}`, summary.problems));
        opts.progress?.(`cloudtrail: Lake results: ${events.length} events`);
      }
    }
    newCursors[key] = end;
  }
  summary.kept = events.length;
  const merged = await mergeEvents(opts.storeDir, manifest, events, {
    cursors: newCursors,
    now: opts.now,
    rewritten: opts.full ? new Set() : null,
  });
  summary.added = merged.added;
  return summary;
}
