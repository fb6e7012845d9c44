import {
  type CloudTrailClient,
  DescribeQueryCommand,
  paginateGetQueryResults,
  paginateLookupEvents,
  StartQueryCommand,
  type LookupAttribute,
} from '@aws-sdk/client-cloudtrail';
import { resolve } from 'node:path';
import type { Problem } from '../../src/core/problems.ts';
import type { Period } from '../../src/core/schemas/common.ts';
import type { DocketConfig } from '../../src/core/schemas/config.ts';
import { openStore } from '../../src/evidence/store.ts';
import type { CloudTrailClientFor } from './client.ts';
import {
  apiStart,
  byMonth,
  earlierDay,
  firstDayToRead,
  laterDay,
  lookupStart,
  pollWaits,
  streamCursor,
  streamOf,
} from './cursors.ts';
import { lakeQuery, lakeRowToRecord } from './lake.ts';
import {
  keepAndNormalize,
  type KeepRules,
  newOutcome,
  type Outcome,
  type RecordCounts,
} from './keep.ts';
import { listLogFiles } from './log-files.ts';
import { readFiles } from './reader.ts';
import { MergeThread } from './merge-thread.ts';
import { type Clash, MonthMerge, type MonthSink, SOURCE } from './months.ts';

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
  /**
   * How many characters of serialised events the run holds in memory before it sorts them to
   * disk (tests set it low; the default keeps a collection well under 512 MiB).
   */
  spillChars?: number;
  /**
   * Read log files on a thread of their own: by default when a month has 8 files or more (tests
   * set it either way).
   */
  thread?: boolean;
}

export type { RecordCounts } from './keep.ts';

export interface CloudtrailCollectSummary {
  mode: 'files' | 'lookup' | 'lake';
  /** Log files read (files mode) or API pages fetched. */
  units: number;
  /** Events kept (the same as records.kept). */
  kept: number;
  added: number;
  records: RecordCounts;
  problems: Problem[];
  /** Records named but not kept that are not bad input (Insights events). */
  warnings: Problem[];
}

const newSummary = (mode: CloudtrailCollectSummary['mode']): CloudtrailCollectSummary => ({
  mode,
  units: 0,
  kept: 0,
  added: 0,
  records: { read: 0, kept: 0, readOnly: 0, outsidePeriod: 0, reported: 0 },
  problems: [],
  warnings: [],
});

/**
 * Collects CloudTrail events as `aws.mode` says: delivered log files, or through the AWS SDK
 * with the caller's clients (the CLI passes the SDK's default ones, tests clients of the fake).
 */
export async function collectCloudtrail(
  clientFor: CloudTrailClientFor,
  opts: CloudtrailCollectOptions,
): Promise<CloudtrailCollectSummary> {
  const aws = opts.config.aws;
  if (!aws) throw new Error('no `aws` section in docket.config.yaml');
  if (aws.mode === 'lookup') return collectFromApi(clientFor, opts, 'lookup');
  if (aws.mode === 'lake') return collectFromApi(clientFor, opts, 'lake');
  return collectFromFiles(opts);
}

/** What to keep, from the config and the period. */
const keepRules = (opts: CloudtrailCollectOptions): KeepRules => ({
  period: opts.period,
  breakGlassRoles: opts.config.aws?.break_glass_roles ?? [],
});

/** Adds a batch's outcome to the run's summary. */
function addOutcome(summary: CloudtrailCollectSummary, outcome: Outcome): void {
  for (const k of Object.keys(outcome.records) as (keyof RecordCounts)[])
    summary.records[k] += outcome.records[k];
  summary.problems.push(...outcome.problems);
  summary.warnings.push(...outcome.warnings);
}

/**
 * Records skipped at the merge because an earlier record of this run had their eventID but was a
 * different record (a trail delivers some events twice; an identical record is the same event,
 * a different one would silently replace it): reported, by where they were read.
 */
function reportClashes(summary: CloudtrailCollectSummary, clashes: readonly Clash[]): void {
  for (const c of clashes) {
    summary.records.kept--;
    summary.records.reported++;
    summary.problems.push({ file: c.where, line: 0, message: c.message });
  }
  summary.kept = summary.records.kept;
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
  const summary = newSummary('files');
  const written = new Set<string>();
  const { files: all, problems: unlisted } = await listLogFiles(dir);
  summary.problems.push(...unlisted);
  if (all.length === 0) {
    summary.problems.push({
      file: dir,
      line: 0,
      message:
        'no CloudTrail log files found in this folder (aws.cloudtrail_dir; expected ' +
        'AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz)',
    });
    return summary;
  }
  let manifest = await openStore(opts.storeDir);
  const cursors = manifest?.sources[SOURCE]?.cursors ?? {};
  const run = { since: opts.since, full: opts.full, periodStart: opts.period.start };
  const rereadAll = opts.full || opts.since !== undefined;
  const files = all.filter(
    (f) => f.day >= firstDayToRead(streamOf(f), cursors, run) && f.day <= opts.period.end,
  );
  const rewritten = opts.full ? new Set<string>() : null;
  /** Per stream: the last day read, and the first day of a file that failed, in this run. */
  const reached: Record<string, string> = {};
  const failed: Record<string, string> = {};
  let n = 0;
  let merger: MergeThread | null = null;
  try {
    for (const [key, group] of byMonth(files)) {
      // A month big enough for the reader thread is merged on a thread of its own as well.
      const thread = opts.thread ?? group.length >= 8;
      let month: MonthSink;
      if (thread) {
        merger ??= new MergeThread();
        month = merger.month(opts.storeDir, { spillChars: opts.spillChars });
      } else month = new MonthMerge(opts.storeDir, { spillChars: opts.spillChars });
      const streams = new Set<string>();
      for await (const [file, read] of readFiles(group, keepRules(opts), { thread })) {
        opts.progress?.(
          `cloudtrail: ${key}: file ${++n} of ${files.length}, ${summary.records.kept} events kept`,
        );
        const stream = streamOf(file);
        streams.add(stream);
        if (read.ok) {
          addOutcome(summary, read.outcome);
          await month.addJson(read.lines, read.records, file.name);
          summary.units++;
          reached[stream] = laterDay(reached[stream], file.day);
        } else {
          summary.problems.push({ file: file.name, line: 0, message: read.message });
          failed[stream] = earlierDay(failed[stream], file.day);
        }
      }
      const newCursors: Record<string, string> = {};
      for (const stream of streams)
        newCursors[stream] = streamCursor({
          before: cursors[stream],
          reached: reached[stream],
          failed: failed[stream],
          rereadAll,
        });
      const merged = await month.commit(manifest, {
        cursors: newCursors,
        now: opts.now,
        rewritten,
        written,
      });
      manifest = merged.manifest;
      summary.added += merged.added;
      reportClashes(summary, merged.clashes);
    }
  } finally {
    await merger?.close();
  }
  return summary;
}

/** The LookupEvents API (last 90 days) or a CloudTrail Lake query, through the AWS SDK. */
async function collectFromApi(
  clientFor: CloudTrailClientFor,
  opts: CloudtrailCollectOptions,
  mode: 'lookup' | 'lake',
): Promise<CloudtrailCollectSummary> {
  const aws = opts.config.aws;
  const summary = newSummary(mode);
  const manifest = await openStore(opts.storeDir);
  const cursors = manifest?.sources[SOURCE]?.cursors ?? {};
  const run = { since: opts.since, full: opts.full, periodStart: opts.period.start };
  const now = opts.now();
  const end = now.toISOString();
  const regions = aws?.regions.length ? aws.regions : [undefined];
  const events = new MonthMerge(opts.storeDir, { spillChars: opts.spillChars });
  const newCursors: Record<string, string> = {};
  for (const region of regions) {
    const client = clientFor(region);
    const key = `${mode}:${region ?? 'default'}`;
    const since = apiStart(cursors[key], run);
    if (mode === 'lookup')
      await readLookupEvents(client, region, lookupStart(since, now), now, opts, summary, events);
    else await readLakeEvents(client, since, end, opts, summary, events);
    newCursors[key] = end;
  }
  const merged = await events.commit(manifest, {
    cursors: newCursors,
    now: opts.now,
    rewritten: opts.full ? new Set() : null,
    written: new Set(),
  });
  summary.added = merged.added;
  reportClashes(summary, merged.clashes);
  return summary;
}

/**
 * LookupEvents from `start` to `now`, one paginated lookup per attribute (writes, console
 * sign-ins, and role assumptions when break-glass roles are configured): the API takes one
 * attribute a call.
 */
async function readLookupEvents(
  client: CloudTrailClient,
  region: string | undefined,
  start: string,
  now: Date,
  opts: CloudtrailCollectOptions,
  summary: CloudtrailCollectSummary,
  events: MonthMerge,
): Promise<void> {
  const attributes: LookupAttribute[] = [
    { AttributeKey: 'ReadOnly', AttributeValue: 'false' },
    { AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' },
    ...(opts.config.aws?.break_glass_roles.length
      ? [{ AttributeKey: 'EventName' as const, AttributeValue: 'AssumeRole' }]
      : []),
  ];
  const where = `LookupEvents ${region ?? ''}`.trim();
  for (const attribute of attributes) {
    for await (const page of paginateLookupEvents(
      { client, pageSize: 50 },
      { StartTime: new Date(start), EndTime: now, LookupAttributes: [attribute] },
    )) {
      summary.units++;
      const raw = (page.Events ?? []).flatMap((e) => {
        const bad = (why: string) => {
          summary.records.read++;
          summary.records.reported++;
          summary.problems.push({
            file: where,
            line: 0,
            message: `event ${e.EventId ?? '(no id)'}: ${why}; skipped`,
          });
          return [];
        };
        if (!e.CloudTrailEvent) return bad('no CloudTrailEvent (the record itself)');
        try {
          return [JSON.parse(e.CloudTrailEvent) as unknown];
        } catch (err) {
          return bad(`CloudTrailEvent is not valid JSON (${(err as Error).message})`);
        }
      });
      const outcome = newOutcome();
      await events.add(keepAndNormalize(raw, keepRules(opts), where, outcome));
      addOutcome(summary, outcome);
      opts.progress?.(
        `cloudtrail: LookupEvents ${region ?? ''}: ${summary.records.kept} events kept`,
      );
    }
  }
}

/** A CloudTrail Lake query from `since` to `end`: started, polled until done, its result pages read. */
async function readLakeEvents(
  client: CloudTrailClient,
  since: string,
  end: string,
  opts: CloudtrailCollectOptions,
  summary: CloudtrailCollectSummary,
  events: MonthMerge,
): Promise<void> {
  const aws = opts.config.aws;
  if (!aws?.lake_event_data_store)
    throw new Error('aws.lake_event_data_store is not set (the event data store ARN or id)');
  const { QueryId } = await client.send(
    new StartQueryCommand({
      QueryStatement: lakeQuery(aws.lake_event_data_store, since, end, aws.break_glass_roles),
    }),
  );
  if (!QueryId) throw new Error('CloudTrail Lake did not return a query id');
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  for (const wait of pollWaits()) {
    const q = await client.send(new DescribeQueryCommand({ QueryId }));
    if (q.QueryStatus === 'FINISHED') break;
    if (
      q.QueryStatus === 'FAILED' ||
      q.QueryStatus === 'CANCELLED' ||
      q.QueryStatus === 'TIMED_OUT'
    )
      throw new Error(`CloudTrail Lake query ${QueryId} ${q.QueryStatus}: ${q.ErrorMessage ?? ''}`);
    opts.progress?.(`cloudtrail: Lake query ${q.QueryStatus?.toLowerCase() ?? 'queued'}`);
    await sleep(wait);
  }
  for await (const page of paginateGetQueryResults({ client }, { QueryId })) {
    summary.units++;
    const raw = (page.QueryResultRows ?? []).map((row) =>
      lakeRowToRecord(row as Record<string, string>[]),
    );
    const outcome = newOutcome();
    await events.add(keepAndNormalize(raw, keepRules(opts), `CloudTrail Lake ${QueryId}`, outcome));
    addOutcome(summary, outcome);
    opts.progress?.(`cloudtrail: Lake results: ${summary.records.kept} events`);
  }
}
