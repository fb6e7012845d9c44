import {
  describeRecordProblem,
  isInsightRecord,
  isRecordProblem,
  keepEvent,
  normalizeRecord,
  type RawCloudTrailRecord,
} from '../../src/core/cloudtrail/normalize.ts';
import type { Problem } from '../../src/core/problems.ts';
import type { CloudTrailEvent } from '../../src/core/schemas/cloudtrail.ts';
import type { Period } from '../../src/core/schemas/common.ts';
import { canonicalJson } from '../../src/core/canonical-json.ts';
import { type LogFile, readLogFile } from './log-files.ts';

/**
 * What became of every record read: kept, dropped as a read, outside the audit period, or named in
 * a message (a bad record, or an Insights event, which is no API call). They always add up:
 * read = kept + readOnly + outsidePeriod + reported.
 */
export interface RecordCounts {
  read: number;
  kept: number;
  readOnly: number;
  outsidePeriod: number;
  reported: number;
}

/** What a batch of records came to: its counts, and the messages naming records not kept. */
export interface Outcome {
  records: RecordCounts;
  problems: Problem[];
  /** Records named but not kept that are not bad input (Insights events). */
  warnings: Problem[];
}

export const newOutcome = (): Outcome => ({
  records: { read: 0, kept: 0, readOnly: 0, outsidePeriod: 0, reported: 0 },
  problems: [],
  warnings: [],
});

/** What to keep: the audit period, and the break-glass roles whose assumptions are kept. */
export interface KeepRules {
  period: Period;
  breakGlassRoles: readonly string[];
}

/** A kept event and where it was read: `where` (a file, an API) and its record number there. */
export interface Placed {
  event: CloudTrailEvent;
  where: string;
  record: number;
}

/**
 * Normalises records and keeps the events Docket keeps, counting what became of each into
 * `outcome`. A bad record is reported by its number, id and field and skipped; the file's others
 * are kept. Every record is checked, reads included, so a malformed one is named rather than
 * dropped unseen.
 */
export function keepAndNormalize(
  records: readonly unknown[],
  rules: KeepRules,
  where: string,
  outcome: Outcome,
): Placed[] {
  const breakGlass = new Set(rules.breakGlassRoles);
  const from = `${rules.period.start}T00:00:00.000Z`;
  const to = `${rules.period.end}T23:59:59.999Z`;
  const counts = outcome.records;
  const out: Placed[] = [];
  const report = (list: Problem[], message: string) => {
    counts.reported++;
    list.push({ file: where, line: 0, message });
  };
  records.forEach((r, i) => {
    counts.read++;
    if (r === null || typeof r !== 'object' || Array.isArray(r))
      return report(outcome.problems, `record ${i + 1} is not an object; skipped`);
    const record = r as RawCloudTrailRecord;
    if (isInsightRecord(record)) {
      const id = typeof record.eventID === 'string' ? ` (${record.eventID})` : '';
      return report(
        outcome.warnings,
        `record ${i + 1}${id} is a CloudTrail Insights event (unusual API activity), ` +
          `not an API call; not kept`,
      );
    }
    const e = normalizeRecord(record);
    if (isRecordProblem(e))
      return report(outcome.problems, `${describeRecordProblem(i, r, e)}; skipped`);
    if (!keepEvent(e, breakGlass)) counts.readOnly++;
    else if (e.time < from || e.time > to) counts.outsidePeriod++;
    else {
      counts.kept++;
      out.push({ event: e, where, record: i + 1 });
    }
  });
  return out;
}

/**
 * One log file read: its records' outcome and its kept events as canonical JSON lines (not yet
 * redacted; `storedLinesOfJson`), one a line, with each one's record number. Plain data, so it
 * crosses threads cheaply; the reader thread sends the lines as UTF-8 bytes, moved rather than
 * copied from thread to thread.
 */
export type FileRead =
  | { ok: true; outcome: Outcome; lines: string | Uint8Array; records: number[] }
  | { ok: false; message: string };

/** Reads one delivered log file, keeps its events and serialises them (canonical JSON). */
export async function readAndKeep(file: LogFile, rules: KeepRules): Promise<FileRead> {
  let raw: RawCloudTrailRecord[];
  try {
    raw = await readLogFile(file);
  } catch (err) {
    return { ok: false, message: (err as Error).message.replace(`${file.name}: `, '') };
  }
  const outcome = newOutcome();
  const placed = keepAndNormalize(raw, rules, file.name, outcome);
  let lines = '';
  for (const p of placed) lines += `${canonicalEvent(p.event)}\n`;
  return { ok: true, outcome, lines, records: placed.map((p) => p.record) };
}

const j = JSON.stringify;
const PRINCIPAL_KEYS = 6;

/**
 * `canonicalJson(e)` for an event as normalizeRecord builds it, written field by field in the
 * canonical (sorted) order without copying the event: most of the reader thread's serialising
 * time. An event of any other shape (a field more or less) goes through canonicalJson itself, so
 * nothing is ever dropped; test/collectors/cloudtrail/keep.test.ts holds the two equal.
 */
export function canonicalEvent(e: CloudTrailEvent): string {
  if (!plainShape(e)) return canonicalJson(e);
  const line = writeEvent(e);
  // A field left undefined would be written bare: canonicalJson leaves it out instead.
  return line.includes(':undefined') ? canonicalJson(e) : line;
}

function writeEvent(e: CloudTrailEvent): string {
  const p = e.principal;
  const a = e.assumed_role;
  let resources = '';
  for (const r of e.resources)
    resources += `${resources ? ',' : ''}{"arn":${j(r.arn)},"type":${j(r.type)}}`;
  return (
    `{"account":${j(e.account)},"assumed_role":` +
    (a === null
      ? 'null'
      : `{"expires_at":${j(a.expires_at)},"role_arn":${j(a.role_arn)},"session_name":${j(a.session_name)}}`) +
    `,"console":${j(e.console)},"error_code":${j(e.error_code)},"event_id":${j(e.event_id)}` +
    (e.event_id_derived ? ',"event_id_derived":true' : '') +
    `,"event_type":${j(e.event_type)},"name":${j(e.name)},"principal":{"account_id":${j(p.account_id)},` +
    `"arn":${j(p.arn)},"invoked_by":${j(p.invoked_by)},"role_arn":${j(p.role_arn)},` +
    `"session_name":${j(p.session_name)},"type":${j(p.type)}},"read_only":${j(e.read_only)}` +
    (e.read_only_inferred ? ',"read_only_inferred":true' : '') +
    `,"region":${j(e.region)},"resources":[${resources}],"source":${j(e.source)},` +
    `"source_ip":${j(e.source_ip)},"time":${j(e.time)},"user_agent":${j(e.user_agent)}}`
  );
}

/** Whether an event has exactly the fields canonicalEvent writes, each of a JSON type it writes. */
function plainShape(e: CloudTrailEvent): boolean {
  let n = 0;
  for (const k in e) if (Object.hasOwn(e, k)) n++;
  const optional = (e.event_id_derived === true ? 1 : 0) + (e.read_only_inferred === true ? 1 : 0);
  if (n !== 15 + optional) return false;
  if (e.event_id_derived !== undefined && e.event_id_derived !== true) return false;
  if (e.read_only_inferred !== undefined && e.read_only_inferred !== true) return false;
  if (typeof e.principal !== 'object' || e.principal === null) return false;
  let m = 0;
  for (const k in e.principal) if (Object.hasOwn(e.principal, k)) m++;
  if (m !== PRINCIPAL_KEYS || !Array.isArray(e.resources)) return false;
  for (const r of e.resources) if (Object.keys(r).length !== 2) return false;
  const a = e.assumed_role;
  return a === null || (typeof a === 'object' && Object.keys(a).length === 3);
}
