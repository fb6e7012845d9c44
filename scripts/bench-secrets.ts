// Benchmarks secret redaction on CloudTrail volume and prints the figures:
//   node scripts/bench-secrets.ts [--records 300000] [--chunk 10000] [--seed 1]
// A write-heavy account-month (60% writes, as issue 14's stress case) built with the testkit's
// CloudTrail helpers: CI and SSO role sessions, IAM users in the console, AssumeRole calls whose
// responses carry session tokens, policy documents, base64 user data, image digests, and one
// record in a thousand with a token pasted into a tag. Each chunk of records is redacted three
// ways, in turn: a bare JSON.stringify (the floor), the old redactDeep (scripts/bench-secrets-baseline.ts) and
// redactRecords (src/evidence/secrets.ts, secretlint's preset and Docket's rules). Twice: on the
// records as AWS delivers them, and on the events the store keeps (normalizeRecord).
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { normalizeRecord } from '../src/core/cloudtrail/normalize.ts';
import { redactDeep } from './bench-secrets-baseline.ts';
import { redactRecords } from '../src/evidence/secrets.ts';
import { writeHeavyMonth } from './lib/write-heavy.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '300000' },
    chunk: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
  },
});
const TOTAL = Number(values.records);
const CHUNK = Number(values.chunk);
const n = (x: number) => x.toLocaleString('en');

const record = writeHeavyMonth(values.seed as string);

interface Totals {
  /** Wall time. */
  ms: number;
  /** CPU time of this process (all its threads): steadier than wall time on a shared machine. */
  cpuMs: number;
  changed: number;
}
const blank = (): Totals => ({ ms: 0, cpuMs: 0, changed: 0 });

/** Runs `f` and adds its wall and CPU time to `into`. */
async function timed<T>(into: Totals, f: () => T | Promise<T>): Promise<T> {
  const cpu = process.cpuUsage();
  const at = performance.now();
  const out = await f();
  into.ms += performance.now() - at;
  const used = process.cpuUsage(cpu);
  into.cpuMs += (used.user + used.system) / 1000;
  return out;
}

async function run(shape: 'raw' | 'stored') {
  const t = { stringify: blank(), redactDeep: blank(), redactRecords: blank() };
  let bytes = 0;
  let records = 0;
  for (let start = 0; start < TOTAL; start += CHUNK) {
    const raw = Array.from({ length: Math.min(CHUNK, TOTAL - start) }, (_, k) => record(start + k));
    const chunk: object[] =
      shape === 'raw' ? raw : raw.map((r) => normalizeRecord(r)).filter((e) => 'event_id' in e);
    records += chunk.length;
    // The floor: serialise every record once.
    const lines = await timed(t.stringify, () => chunk.map((r) => JSON.stringify(r)));
    bytes += lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    // Today: nine regular expressions over every string of every record.
    const deep = await timed(t.redactDeep, () => chunk.map((r) => redactDeep(r)));
    t.redactDeep.changed += deep.filter((r, k) => JSON.stringify(r) !== lines[k]).length;
    // secretlint's preset and Docket's rules over the serialised lines, ~1 MB per lint call.
    const out = await timed(t.redactRecords, () => redactRecords(chunk));
    t.redactRecords.changed += out.filter((r, k) => r !== chunk[k]).length;
  }
  const mb = bytes / 1e6;
  const what = shape === 'raw' ? 'records as AWS delivers them' : 'events as the store keeps them';
  console.log(`\n${n(records)} ${what}, ${mb.toFixed(0)} MB of NDJSON`);
  // Rates from CPU time; wall time alongside.
  for (const [name, { ms, cpuMs, changed }] of Object.entries(t)) {
    const s = cpuMs / 1000;
    console.log(
      `  ${name.padEnd(14)} ${s.toFixed(2).padStart(6)} s CPU (${(ms / 1000).toFixed(2)} s wall) ` +
        `${Math.round(records / s)
          .toLocaleString('en')
          .padStart(9)} records/s ${(mb / s).toFixed(0).padStart(4)} MB/s` +
        (name === 'stringify' ? '' : `  ${changed.toLocaleString('en')} records redacted`),
    );
  }
  const r = t.redactRecords;
  const ratio = (a: number, b: number, digits: number) => `${(a / b).toFixed(digits)}×`;
  console.log(
    `  redactRecords / redactDeep: ${ratio(r.cpuMs, t.redactDeep.cpuMs, 2)} CPU ` +
      `(${ratio(r.ms, t.redactDeep.ms, 2)} wall); / stringify: ` +
      `${ratio(r.cpuMs, t.stringify.cpuMs, 1)} CPU (${ratio(r.ms, t.stringify.ms, 1)} wall)`,
  );
}

const cpu = `${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'})`;
console.log(
  `Secret redaction benchmark: ${n(TOTAL)} CloudTrail records, 60% writes, ` +
    `chunks of ${n(CHUNK)}; ${cpu}, Node ${process.versions.node}`,
);
await run('raw');
await run('stored');
