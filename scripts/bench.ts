// Benchmarks Docket on a synthetic organisation and prints the figures:
//   npm run bench -- --size small|medium|large [--seed N] [--only a,b,...]
// Parts: github (requests per 1,000 PRs; rate-limit points per 100 PRs by GitHub's formula and as
// the answers' rateLimit { cost } reported), cloudtrail (events/s against a
// plain gunzip + JSON.parse baseline, peak memory), sarif, check (time and peak memory against a
// baseline of parsing the same evidence), build (time, pages, dist and index size, peak memory),
// incremental (a day's changes: requests, files and records touched), volume (a write-heavy
// CloudTrail account-month at each of --volume sizes, records: time against the parse floor, peak
// memory; scripts/lib/bench-volume.ts).
import { execFileSync, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { apiCall, assumedRole, CI_ROLE, PROD } from '../testkit/cloudtrail.ts';
import { benchVolume } from './lib/bench-volume.ts';
import { measure, mib, secs, type Measured } from './lib/measure.ts';
import { BENCH_TOKEN, SIZES, type SynthSize, type SynthSpec } from './lib/synth-spec.ts';
import { readByRules } from '../src/evidence/read.ts';
import { parseConfig } from '../src/core/config.ts';
import type { DocketConfig } from '../src/core/schemas/config.ts';
import { synth } from './synth.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
    volume: { type: 'string', default: '300000,3333000' },
  },
  allowPositionals: true,
});
const size = values.size as SynthSize;
if (!(size in SIZES)) throw new Error('--size: small, medium or large');
const parts = new Set(
  (values.only ?? 'github,cloudtrail,sarif,check,build,incremental,volume').split(','),
);
const dir = resolve(ROOT, 'bench-out', `synth-${size}-${values.seed}`);
const EPOCH = String(Date.parse('2026-11-20T06:00:00Z') / 1000);
const rows: [string, string][] = [];
const report = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`  ${name.padEnd(44)} ${value}`);
};

console.log(
  `Docket benchmark: ${size} organisation, seed ${values.seed}; ${cpus().length} cores ` +
    `(${cpus()[0]?.model ?? 'cpu'}), ${mib(totalmem())} memory, Node ${process.versions.node}`,
);
if (!existsSync(join(dir, 'github.json'))) {
  const t = performance.now();
  await synth(size, values.seed as string, dir);
  report('synthesise the organisation', secs(performance.now() - t));
}
const spec = JSON.parse(await readFile(join(dir, 'github.json'), 'utf8')) as SynthSpec;
const prCount = spec.repos.reduce((n, r) => n + r.count, 0);
await rm(join(dir, 'evidence'), { recursive: true, force: true });
await rm(join(dir, 'dist'), { recursive: true, force: true });

const docket = (args: string[], env: Record<string, string> = {}): Promise<Measured> =>
  measure(process.execPath, [join(ROOT, 'bin/docket.js'), ...args], {
    cwd: dir,
    env: { SOURCE_DATE_EPOCH: EPOCH, ...env },
  });
const mustSucceed = (m: Measured, what: string) => {
  if (m.code !== 0) throw new Error(`${what} failed (${m.code}):\n${m.stderr}`);
  return m;
};

const fake = fork(
  join(import.meta.dirname, 'lib/fake-github-process.ts'),
  [join(dir, 'github.json')],
  { stdio: 'inherit' },
);
const url = await new Promise<string>((r) =>
  fake.once('message', (m: { ready: string }) => r(m.ready)),
);
const githubEnv = { GITHUB_TOKEN: BENCH_TOKEN, GITHUB_GRAPHQL_URL: url };
interface Costs {
  requests: number;
  points: number;
  byOperation: Record<string, { requests: number; points: number }>;
}
/** The fake's count since the last call: requests, and points by GitHub's formula. */
const fakeCosts = async (): Promise<Costs> => {
  const answer = new Promise<Costs>((r) =>
    fake.once('message', (m: { costs: Costs }) => r(m.costs)),
  );
  fake.send({ costs: true });
  return answer;
};
const byOperation = (c: Costs) =>
  Object.entries(c.byOperation)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([op, o]) => `${op.replace(/^Docket/, '')} ${o.points}`)
    .join(', ');
try {
  if (parts.has('github') || parts.has('incremental') || parts.has('check') || parts.has('build')) {
    const m = mustSucceed(
      await docket(['collect', '--source', 'github'], githubEnv),
      'collect github',
    );
    const requests = Number(/; (\d+) requests, (\d+) rate-limit points/.exec(m.stdout)?.[1]);
    const points = Number(/; (\d+) requests, (\d+) rate-limit points/.exec(m.stdout)?.[2]);
    const formula = await fakeCosts();
    report(`collect github (${prCount} PRs)`, `${secs(m.ms)}, peak ${mib(m.peakRss)}`);
    report('  requests per 1,000 PRs', (requests / (prCount / 1000)).toFixed(1));
    report(
      '  rate-limit points per 100 PRs, first collection',
      `${(formula.points / (prCount / 100)).toFixed(2)} by the formula, ${(points / (prCount / 100)).toFixed(2)} ` +
        `by rateLimit { cost } (${points} points)`,
    );
    report('  points by query', byOperation(formula));
  }
  if (
    parts.has('cloudtrail') ||
    parts.has('incremental') ||
    parts.has('check') ||
    parts.has('build')
  ) {
    const m = mustSucceed(
      await docket(['collect', '--source', 'cloudtrail']),
      'collect cloudtrail',
    );
    const base = await measure(
      process.execPath,
      [
        join(import.meta.dirname, 'lib/parse-baseline.ts'),
        'cloudtrail',
        join(dir, 'audit/cloudtrail'),
      ],
      { cwd: dir },
    );
    const events = (JSON.parse(base.stdout) as { records: number }).records;
    report(
      `collect cloudtrail (${events} events in the files)`,
      `${secs(m.ms)}, peak ${mib(m.peakRss)}, ${Math.round(events / (m.ms / 1000))} events/s`,
    );
    report(
      '  baseline: gunzip + JSON.parse the same files',
      `${secs(base.ms)}, peak ${mib(base.peakRss)}, ${Math.round(events / (base.ms / 1000))} ` +
        `events/s`,
    );
    report('  collector / baseline time', `${(m.ms / base.ms).toFixed(2)}×`);
  }
  if (parts.has('sarif') || parts.has('check') || parts.has('build')) {
    const m = mustSucceed(await docket(['collect', '--source', 'sarif']), 'collect sarif');
    report('collect sarif', `${secs(m.ms)}, peak ${mib(m.peakRss)}`);
  }
  if (parts.has('check')) {
    // The baseline parses exactly the store files check reads (not the CloudTrail files of
    // accounts no rule looks at).
    const config = parseConfig(
      await readFile(join(dir, 'docket.config.yaml'), 'utf8'),
      'docket.config.yaml',
    ).config as DocketConfig;
    const manifest = JSON.parse(await readFile(join(dir, 'evidence/manifest.json'), 'utf8')) as {
      files: Record<string, unknown>;
    };
    const read = Object.keys(manifest.files)
      .filter((f) => readByRules(f, config))
      .sort();
    await writeFile(
      join(dir, 'check-files.json'),
      JSON.stringify(read.map((f) => join(dir, 'evidence', f))),
    );
    // The store was just written and the fake GitHub has just served every pull request: flush
    // the files and give that process's garbage collector a few seconds to finish, so that
    // neither run competes with them (on two cores a check on two threads would pay for it).
    // Then check and baseline take turns, three runs each; medians are reported.
    execFileSync('sync');
    await new Promise((r) => setTimeout(r, 5000));
    const checks: Measured[] = [];
    const bases: Measured[] = [];
    for (let i = 0; i < 3; i++) {
      checks.push(
        mustSucceed(
          await docket(['check', '--as-of', '2026-11-20', '--out', 'gaps.json']),
          'check',
        ),
      );
      bases.push(
        await measure(
          process.execPath,
          [
            join(import.meta.dirname, 'lib/parse-baseline.ts'),
            'files',
            join(dir, 'check-files.json'),
          ],
          { cwd: dir },
        ),
      );
    }
    const median = (runs: Measured[]) => [...runs].sort((a, b) => a.ms - b.ms)[1] as Measured;
    const m = { ...median(checks), peakRss: Math.max(...checks.map((c) => c.peakRss)) };
    const base = { ...median(bases), peakRss: Math.max(...bases.map((b) => b.peakRss)) };
    const gaps = JSON.parse(await readFile(join(dir, 'gaps.json'), 'utf8')) as { gaps: unknown[] };
    const contentFiles = (await readdir(join(dir, 'content'), { recursive: true })).filter((f) =>
      /\.mdx?$/.test(f),
    ).length;
    report(
      `check (${contentFiles} content files, ${gaps.gaps.length} gaps)`,
      `${secs(m.ms)}, peak ${mib(m.peakRss)}`,
    );
    report(
      `  baseline: read + JSON.parse the ${read.length} evidence files check reads ` +
        `(${(JSON.parse(base.stdout) as { records: number }).records} records)`,
      `${secs(base.ms)}, peak ${mib(base.peakRss)}`,
    );
    report('  check / baseline time (medians of 3 runs)', `${(m.ms / base.ms).toFixed(2)}×`);
  }
  if (parts.has('build')) {
    const m = mustSucceed(await docket(['build', '--as-of', '2026-11-20']), 'build');
    const pages = Number(/(\d+) pages in/.exec(m.stderr)?.[1]);
    report(`build (${pages} pages)`, `${secs(m.ms)}, peak ${mib(m.peakRss)}`);
    report('  dist/ size', mib(await size_(join(dir, 'dist'))));
    const whole = /(\d+) of (\d+) store files \((\d+) records\) are published whole/.exec(m.stderr);
    report(
      '  store files published whole (site.record_pages: referenced)',
      whole ? `${whole[1]} of ${whole[2]} (${whole[3]} records)` : 'none',
    );
    for (const [what, folder] of [
      ['evidence record pages and files', 'dist/evidence/records'],
      ['controls and their populations', 'dist/controls'],
      ['gap pages', 'dist/gaps'],
      ['pagefind index size', 'dist/pagefind'],
    ])
      report(`  ${what}`, mib(await size_(join(dir, folder as string))));
  }
  if (parts.has('incremental')) {
    const before = JSON.parse(await readFile(join(dir, 'evidence/manifest.json'), 'utf8')) as {
      files: Record<string, { sha256: string }>;
    };
    const snapshot = async () =>
      Object.fromEntries(
        await Promise.all(
          Object.keys(before.files).map(
            async (f) =>
              [f, new Set((await readFile(join(dir, 'evidence', f), 'utf8')).split('\n'))] as const,
          ),
        ),
      );
    const old = await snapshot();
    const edits = Math.max(1, Math.round(prCount / 365));
    fake.send({ touch: edits });
    await new Promise((r) => fake.once('message', r));
    // And one more day of CloudTrail files.
    const ci = assumedRole(CI_ROLE, 'GitHubActions');
    const day = join(dir, `audit/cloudtrail/AWSLogs/${PROD}/CloudTrail/eu-central-1/2026/11/20`);
    await mkdir(day, { recursive: true });
    await writeFile(
      join(day, `${PROD}_CloudTrail_eu-central-1_20261120T2355Z_next.json.gz`),
      gzipSync(
        JSON.stringify({
          Records: Array.from({ length: 50 }, (_, i) =>
            apiCall({
              time: `2026-11-20T10:${String(i).padStart(2, '0')}:00Z`,
              name: 'UpdateService',
              source: 'ecs.amazonaws.com',
              identity: ci,
              id: `next-day-${i}`,
            }),
          ),
        }),
      ),
    );
    const m = mustSucceed(await docket(['collect'], githubEnv), 'incremental collect');
    const after = JSON.parse(await readFile(join(dir, 'evidence/manifest.json'), 'utf8')) as {
      files: Record<string, { sha256: string }>;
    };
    const changedFiles = Object.keys(after.files).filter(
      (f) => before.files[f]?.sha256 !== after.files[f]?.sha256,
    );
    let changedRecords = 0;
    for (const f of changedFiles) {
      const lines = (await readFile(join(dir, 'evidence', f), 'utf8')).split('\n');
      changedRecords += lines.filter((l) => l && !old[f]?.has(l)).length;
    }
    const requests = /; (\d+) requests, (\d+) rate-limit points/.exec(m.stdout);
    const formula = await fakeCosts();
    report(
      `incremental: ${edits} PRs edited, 50 new events`,
      `${secs(m.ms)}, ${requests?.[1]} GitHub requests`,
    );
    report(
      '  rate-limit points for the night',
      `${formula.points} by the formula, ${requests?.[2]} by rateLimit { cost } (${(formula.points / spec.repos.length).toFixed(2)} ` +
        `per repository)`,
    );
    report('  points by query', byOperation(formula));
    report(
      '  store files rewritten / records changed',
      `${changedFiles.length} of ${Object.keys(after.files).length} / ${changedRecords}`,
    );
  }
  if (parts.has('volume'))
    for (const records of (values.volume as string).split(',').map(Number))
      await benchVolume({
        root: ROOT,
        out: resolve(ROOT, 'bench-out'),
        records,
        seed: values.seed as string,
        report,
      });
} finally {
  fake.disconnect();
}

async function size_(path: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(path, { recursive: true, withFileTypes: true }))
    if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
  return total;
}
