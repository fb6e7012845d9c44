// The write-heavy CloudTrail variant of `npm run bench` (issue 14's stress case): one
// account-month of delivered log files, 2,000 records each, 60% of them writes
// (scripts/lib/write-heavy.ts), at each size asked for. For each: `docket collect --source
// cloudtrail` into an empty store, and the parse floor (gunzip + JSON.parse of the same files,
// scripts/lib/parse-baseline.ts) in the same run; time ratio and peak memory of both.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PROD } from '../../testkit/cloudtrail.ts';
import { measure, mib, secs, type Measured } from './measure.ts';
import { writeHeavyMonth } from './write-heavy.ts';

const PER_FILE = 2_000;
const MONTH_MS = 31 * 86_400_000;

/** Writes the month's log files (once: kept under `dir` for later runs). */
export async function writeMonth(dir: string, records: number, seed: string): Promise<void> {
  if (existsSync(join(dir, 'done'))) return;
  await rm(dir, { recursive: true, force: true });
  const record = writeHeavyMonth(seed, { stepMs: MONTH_MS / records });
  for (let f = 0; f * PER_FILE < records; f++) {
    const batch = [];
    for (let i = f * PER_FILE; i < Math.min(records, (f + 1) * PER_FILE); i++)
      batch.push(record(i));
    const t = batch[0]?.eventTime as string;
    const day = `${t.slice(0, 4)}/${t.slice(5, 7)}/${t.slice(8, 10)}`;
    const folder = join(dir, `audit/cloudtrail/AWSLogs/${PROD}/CloudTrail/eu-central-1/${day}`);
    await mkdir(folder, { recursive: true });
    const stamp = `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}T${t.slice(11, 13)}${t.slice(14, 16)}Z`;
    await writeFile(
      join(
        folder,
        `${PROD}_CloudTrail_eu-central-1_${stamp}_f${String(f).padStart(5, '0')}.json.gz`,
      ),
      gzipSync(JSON.stringify({ Records: batch }), { level: 1 }),
    );
  }
  await writeFile(
    join(dir, 'docket.config.yaml'),
    `content: content\nevidence: evidence\nperiod: { start: 2026-01-01, end: 2026-12-31 }\n` +
      `aws:\n  cloudtrail_dir: audit/cloudtrail\n` +
      `  accounts: { "${PROD}": { name: prod, environment: production } }\n`,
  );
  await mkdir(join(dir, 'content'), { recursive: true });
  await writeFile(join(dir, 'done'), '');
}

/**
 * CPU time (user + system, ms) of this process's finished children (Linux /proc: cutime, cstime):
 * steadier than wall time on a shared machine.
 */
async function childCpuMs(): Promise<number> {
  const stat = await readFile('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

/** `measure`, with the CPU time the command used. */
async function measureCpu(
  ...args: Parameters<typeof measure>
): Promise<Measured & { cpuMs: number }> {
  const before = await childCpuMs();
  const m = await measure(...args);
  return { ...m, cpuMs: (await childCpuMs()) - before };
}

export interface VolumeFigures {
  records: number;
  kept: number;
  collect: Measured & { cpuMs: number };
  floor: Measured & { cpuMs: number };
}

/**
 * Collects a write-heavy account-month of `records` records (files of 2,000) and measures it
 * against the parse floor; `report` prints each figure.
 */
export async function benchVolume(opts: {
  root: string;
  out: string;
  records: number;
  seed: string;
  report: (name: string, value: string) => void;
}): Promise<VolumeFigures> {
  const dir = join(opts.out, `write-heavy-v2-${opts.records}-${opts.seed}`);
  const t = performance.now();
  await writeMonth(dir, opts.records, opts.seed);
  const made = performance.now() - t;
  await rm(join(dir, 'evidence'), { recursive: true, force: true });
  const collect = await measureCpu(
    process.execPath,
    [join(opts.root, 'bin/docket.js'), 'collect', '--source', 'cloudtrail'],
    { cwd: dir },
  );
  if (collect.code !== 0) throw new Error(`collect cloudtrail failed:\n${collect.stderr}`);
  const floor = await measureCpu(
    process.execPath,
    [join(import.meta.dirname, 'parse-baseline.ts'), 'cloudtrail', join(dir, 'audit/cloudtrail')],
    { cwd: dir },
  );
  const kept = Number(/(\d+) kept/.exec(collect.stdout + collect.stderr)?.[1] ?? NaN);
  const n = (x: number) => x.toLocaleString('en');
  opts.report(
    `write-heavy month: ${n(opts.records)} records, ${n(Math.ceil(opts.records / PER_FILE))} files`,
    `${n(kept)} events kept` + (made > 1000 ? ` (files written in ${secs(made)})` : ''),
  );
  const cpu = (m: { cpuMs: number }) => `${secs(m.cpuMs)} CPU`;
  opts.report(
    '  collect cloudtrail',
    `${secs(collect.ms)} (${cpu(collect)}), peak ${mib(collect.peakRss)}`,
  );
  opts.report(
    '  parse floor: gunzip + JSON.parse',
    `${secs(floor.ms)} (${cpu(floor)}), peak ${mib(floor.peakRss)}`,
  );
  opts.report(
    '  collector / parse floor: time, CPU',
    `${(collect.ms / floor.ms).toFixed(2)}×, ${(collect.cpuMs / floor.cpuMs).toFixed(2)}×`,
  );
  return { records: opts.records, kept, collect, floor };
}
