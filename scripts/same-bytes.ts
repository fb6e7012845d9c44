// Runs a Docket checkout over fixed inputs and prints a digest of everything it writes, so that
// two revisions can be compared byte for byte (a refactor must not change a single byte):
//   node scripts/same-bytes.ts [--docket DIR] [--work DIR]
//   node scripts/same-bytes.ts --against REV     (checks REV out beside this tree, runs both, compares)
// Inputs come from this tree: the bundled example (content, committed evidence, audit logs) and
// the small synthetic organisation, whose pull requests this tree's fake GitHub serves. The
// Docket under test collects (CloudTrail and SARIF for the example; every source for the synthetic
// organisation), checks and builds. Digests: the gaps file, every evidence file, every dist/ file
// (but Pagefind's unstable ones, below).
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_TOKEN } from './lib/synth-spec.ts';
import { synth } from './synth.ts';

const ROOT = resolve(import.meta.dirname, '..');
const EPOCH = String(Date.parse('2026-11-20T06:00:00Z') / 1000);
const { values } = parseArgs({
  options: { docket: { type: 'string' }, work: { type: 'string' }, against: { type: 'string' } },
});

// Pagefind writes its filter files, and so the entry and meta files naming them, in hash-map
// order, which changes from run to run of the same version on the same pages; the pages and the
// index fragments do not.
const UNSTABLE = /^pagefind\/(filter\/|pagefind-entry\.json$|pagefind\.[^/]+\.pf_meta$)/;

async function treeDigest(
  dir: string,
): Promise<{ files: number; digest: string; lines: string[] }> {
  const lines: string[] = [];
  if (existsSync(dir)) {
    for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
      const path = join(e.parentPath, e.name);
      if (!e.isFile() || UNSTABLE.test(relative(dir, path))) continue;
      lines.push(
        `${createHash('sha256')
          .update(await readFile(path))
          .digest('hex')}  ${relative(dir, path)}`,
      );
    }
  }
  lines.sort();
  return {
    files: lines.length,
    digest: createHash('sha256').update(lines.join('\n')).digest('hex'),
    lines,
  };
}

/** Runs the Docket in `docket` over the inputs in `work`; returns the digest lines. */
async function fingerprint(docket: string, work: string): Promise<string[]> {
  const bin = join(docket, 'bin/docket.js');
  const run = (cwd: string, args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [bin, ...args], {
      cwd,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        SOURCE_DATE_EPOCH: EPOCH,
        ...env,
      },
    });
    if (r.status !== 0 && !(args[0] === 'check' && r.status === 1))
      throw new Error(`docket ${args.join(' ')} in ${cwd} exited ${r.status}:\n${r.stderr}`);
  };
  await rm(work, { recursive: true, force: true });
  const out: string[] = [];
  const record = async (name: string, dir: string) => {
    const t = await treeDigest(dir);
    out.push(`${name}: ${t.files} files, ${t.digest}`);
    return t;
  };

  // The example: collect CloudTrail and SARIF afresh, check and build on the committed GitHub evidence.
  const example = join(work, 'example');
  await mkdir(example, { recursive: true });
  for (const part of ['content', 'evidence', 'audit', 'docket.config.yaml'])
    await cp(join(ROOT, part), join(example, part), { recursive: true });
  run(example, ['check', '--as-of', '2026-11-20', '--out', 'gaps.json']);
  out.push(
    `example gaps: ${createHash('sha256')
      .update(await readFile(join(example, 'gaps.json')))
      .digest('hex')}`,
  );
  run(example, ['build', '--as-of', '2026-11-20']);
  await record('example dist', join(example, 'dist'));
  run(example, ['collect', '--source', 'cloudtrail', '--evidence', 'collected']);
  run(example, ['collect', '--source', 'sarif', '--evidence', 'collected']);
  await record('example cloudtrail and sarif collected afresh', join(example, 'collected'));

  // The small synthetic organisation: every source collected, checked and built.
  const org = join(work, 'synth');
  await synth('small', '1', org);
  const fake = fork(
    join(import.meta.dirname, 'lib/fake-github-process.ts'),
    [join(org, 'github.json')],
    { stdio: 'inherit' },
  );
  try {
    const url = await new Promise<string>((r) =>
      fake.once('message', (m: { ready: string }) => r(m.ready)),
    );
    run(org, ['collect'], { GITHUB_TOKEN: BENCH_TOKEN, GITHUB_GRAPHQL_URL: url });
  } finally {
    fake.disconnect();
  }
  await record('synth evidence', join(org, 'evidence'));
  run(org, ['check', '--as-of', '2026-11-20', '--out', 'gaps.json']);
  out.push(
    `synth gaps: ${createHash('sha256')
      .update(await readFile(join(org, 'gaps.json')))
      .digest('hex')}`,
  );
  run(org, ['build', '--as-of', '2026-11-20']);
  await record('synth dist', join(org, 'dist'));
  return out;
}

if (values.against) {
  const base = resolve(ROOT, 'bench-out', 'same-bytes', 'base');
  await rm(base, { recursive: true, force: true });
  execFileSync('git', ['worktree', 'add', '--detach', '--force', base, values.against], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  try {
    // Runtime dependencies are the same across a refactor; the base borrows this tree's.
    await symlink(join(ROOT, 'node_modules'), join(base, 'node_modules'));
    const before = await fingerprint(base, resolve(ROOT, 'bench-out', 'same-bytes', 'work-base'));
    const after = await fingerprint(ROOT, resolve(ROOT, 'bench-out', 'same-bytes', 'work-head'));
    let same = true;
    for (const [i, line] of before.entries()) {
      const ok = line === after[i];
      same &&= ok;
      console.log(
        `${ok ? 'same' : 'DIFFERENT'}  ${ok ? line : `${values.against}: ${line}\n           HEAD: ${after[i]}`}`,
      );
    }
    process.exitCode = same ? 0 : 1;
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', base], { cwd: ROOT, stdio: 'ignore' });
  }
} else {
  const lines = await fingerprint(
    resolve(values.docket ?? ROOT),
    resolve(values.work ?? join(ROOT, 'bench-out', 'same-bytes', 'work')),
  );
  for (const line of lines) console.log(line);
}
