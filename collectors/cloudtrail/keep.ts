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
import { storedLines } from '../../src/evidence/store.ts';
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
 * A kept event as the store will hold it: its line (redacted, canonical), with what the merge
 * sorts it by and where it was read. Plain data, so it crosses threads.
 */
export interface KeptLine {
  account: string;
  time: string;
  id: string;
  record: number;
  line: string;
}

/** One log file read: its records' outcome and its kept events' lines, or why it could not be read. */
export type FileRead =
  { ok: true; outcome: Outcome; kept: KeptLine[] } | { ok: false; message: string };

/** Reads one delivered log file, keeps its events and serialises them as the store will. */
export async function readAndKeep(file: LogFile, rules: KeepRules): Promise<FileRead> {
  let records: RawCloudTrailRecord[];
  try {
    records = await readLogFile(file);
  } catch (err) {
    return { ok: false, message: (err as Error).message.replace(`${file.name}: `, '') };
  }
  const outcome = newOutcome();
  const placed = keepAndNormalize(records, rules, file.name, outcome);
  const lines = await storedLines(placed.map((p) => p.event));
  const kept = placed.map(({ event: e, record }, i) => ({
    account: e.account,
    time: e.time,
    id: e.event_id,
    record,
    line: lines[i] as string,
  }));
  return { ok: true, outcome, kept };
}
