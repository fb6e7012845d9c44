// The corpus of real published records (test/fixtures/real): its expected outcomes and a reader
// of its files in the shapes they were published in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REAL = join(import.meta.dirname, '..', 'fixtures', 'real');

export interface ExpectedRecord {
  file: string;
  index: number;
  eventName: string;
  eventTime: string | null;
  readOnly: boolean | null;
  readOnlyInferred: boolean;
  hasEventId: boolean;
  console: boolean;
  awsService: boolean;
  error: boolean;
  kind?: 'insight';
  wellFormed?: false;
  eventTimeIsoUtc?: false;
  reason: string;
}

export interface ExpectedFile {
  file: string;
  parses: boolean;
  records: number | null;
}

export interface ExpectedSarifResult {
  index: number;
  ruleId: string;
  level: string;
  suppressed: boolean;
  valid: boolean;
}

export interface ExpectedSarif {
  file: string;
  bom: boolean;
  valid: boolean;
  runs?: {
    run: number;
    tool: string;
    valid?: false;
    /** Absent for a run that is not a run. */
    results?: ExpectedSarifResult[];
  }[];
}

const corpus = JSON.parse(readFileSync(join(REAL, 'expected.json'), 'utf8')) as {
  cloudtrailFiles: ExpectedFile[];
  cloudtrail: ExpectedRecord[];
  sarif: ExpectedSarif[];
};

/**
 * Where Docket judges a record differently from expected.json, and why. Each is a record AWS's
 * documentation published with a value AWS itself never writes.
 */
export const DEVIATIONS: Record<string, { wellFormed: false; why: string }> = {
  'cloudtrail/amazon-ec2-user-guide/monitor-with-cloudtrail-01-SendSSHPublicKey.json#0': {
    wellFormed: false,
    why: 'recipientAccountId "0987654321" has 10 digits; an AWS account id has 12 (AWS Account Management guide), and it names the store folder: reported by file and record number',
  },
};

export const expected = {
  ...corpus,
  cloudtrail: corpus.cloudtrail.map((r) => {
    const d = DEVIATIONS[`${r.file}#${r.index}`];
    return d ? { ...r, wellFormed: d.wellFormed, reason: `${r.reason}; Docket: ${d.why}` } : r;
  }),
};

/** A corpus file's records: `{"Records": [...]}`, a bare array, or one record object. */
export function recordsOf(file: string): Record<string, unknown>[] {
  const json = JSON.parse(readFileSync(join(REAL, file), 'utf8')) as unknown;
  if (Array.isArray(json)) return json as Record<string, unknown>[];
  const records = (json as { Records?: unknown }).Records;
  return (Array.isArray(records) ? records : [json]) as Record<string, unknown>[];
}

export function recordOf(r: Pick<ExpectedRecord, 'file' | 'index'>): Record<string, unknown> {
  const record = recordsOf(r.file)[r.index];
  if (!record) throw new Error(`${r.file}: no record ${r.index}`);
  return record;
}

/** Whether Docket keeps the record (no break-glass roles configured): writes and sign-ins. */
export const keptByDocket = (r: ExpectedRecord) =>
  r.kind !== 'insight' &&
  r.wellFormed !== false &&
  (r.readOnly === false || r.eventName === 'ConsoleLogin');
