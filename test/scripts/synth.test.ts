import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synth } from '../../scripts/synth.ts';
import { BENCH_TOKEN } from '../../scripts/lib/synth-spec.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { synthGithubData } from '../../scripts/lib/synth-github.ts';
import { startFakeGithub } from '../../testkit/fake-github/index.ts';
import { serializeGapsFile } from '../../src/core/gaps.ts';
import { processIO } from '../../src/cli/io.ts';
import { check as checkEngine } from '../../src/check/check.ts';
import { loadWorkspace } from '../../src/cli/workspace.ts';

describe('the synthetic organisation', () => {
  it('is deterministic and carries exactly the gaps it says it injected', async () => {
    const a = await tempDir();
    const b = await tempDir();
    const spec = await synth('small', '7', a);
    await synth('small', '7', b);
    // Every file: content, CloudTrail log files, SARIF, the dataset spec and the expectations.
    const tree = async (dir: string) => {
      const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
        .sort();
      return Promise.all(
        files.map(async (f) => [
          f,
          createHash('sha256')
            .update(await readFile(join(dir, f)))
            .digest('hex'),
        ]),
      );
    };
    const [ta, tb] = [await tree(a), await tree(b)];
    expect(ta.length).toBeGreaterThan(100);
    expect(
      ta.some(([f]) => (f as string).endsWith('.json.gz')) &&
        ta.some(([f]) => (f as string).endsWith('.sarif')),
    ).toBe(true);
    expect(ta).toEqual(tb);

    // The same dataset the benchmark's fake GitHub serves.
    const gh = await startFakeGithub(synthGithubData(spec), { token: BENCH_TOKEN });
    try {
      const collected = await runCli(['collect'], {
        cwd: a,
        env: { GITHUB_TOKEN: BENCH_TOKEN, GITHUB_GRAPHQL_URL: gh.url },
      });
      expect(collected.stderr).toBe('');
      expect(collected.code).toBe(0);
    } finally {
      await gh.close();
    }
    const check = await runCli(['check', '--as-of', '2026-11-20', '--out', '-'], { cwd: a });
    expect(check.code).toBe(0);
    // docket check runs on two threads; the site's whole-model check must find the same bytes.
    const ws = await loadWorkspace({}, { ...processIO(), cwd: a });
    expect(
      serializeGapsFile((await checkEngine(ws, { asOf: '2026-11-20', want: 'model' })).gaps),
    ).toBe(check.stdout);
    const byRule = JSON.parse(check.stdout).summary.by_rule as Record<string, number>;
    // Every gap the check finds is one the generator says it injected, rule by rule.
    expect(Object.keys(byRule).sort()).toEqual(
      Object.keys(spec.expected)
        .filter((rule) => (spec.expected[rule] ?? 0) > 0)
        .sort(),
    );
    for (const [rule, n] of Object.entries(spec.expected)) expect(byRule[rule] ?? 0, rule).toBe(n);
    for (const rule of [
      'pr-missing-approval',
      'pr-approver-is-author',
      'pr-checks-failed',
      'pr-template-incomplete',
      'deploy-outside-window',
    ])
      expect(spec.expected[rule], rule).toBeGreaterThan(0);
  }, 120_000);
});
