import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synth } from '../../scripts/synth.ts';
import { BENCH_TOKEN } from '../../scripts/lib/synth-spec.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { FakeGithubData, startFakeGithub } from '../helpers/fake-github/index.ts';
import { generateDeployments, generatePullRequests } from '../helpers/fake-github/generate.ts';

describe('the synthetic organisation', () => {
  it('is deterministic and carries exactly the gaps it says it injected', async () => {
    const a = await tempDir();
    const b = await tempDir();
    const spec = await synth('small', '7', a);
    await synth('small', '7', b);
    for (const f of ['github.json', 'expected.json', 'content/documents/doc-0003.md', 'content/controls/syn-001.md']) expect(await readFile(join(a, f), 'utf8')).toBe(await readFile(join(b, f), 'utf8'));

    const data = new FakeGithubData();
    for (const repo of spec.repos) {
      const full = `${spec.owner}/${repo.name}`;
      const prs = generatePullRequests(full, { seed: `synth:${spec.seed}`, count: repo.count, firstNumber: repo.firstNumber, rates: spec.rates });
      data.addRepo(full, { pullRequests: prs, deployments: generateDeployments(full, prs, { seed: `synth:${spec.seed}` }) });
    }
    const gh = await startFakeGithub(data, { token: BENCH_TOKEN });
    try {
      const collected = await runCli(['collect'], { cwd: a, env: { GITHUB_TOKEN: BENCH_TOKEN, GITHUB_GRAPHQL_URL: gh.url } });
      expect(collected.stderr).toBe('');
      expect(collected.code).toBe(0);
    } finally {
      await gh.close();
    }
    const check = await runCli(['check', '--as-of', '2026-11-20', '--out', '-'], { cwd: a });
    expect(check.code).toBe(0);
    const byRule = JSON.parse(check.stdout).summary.by_rule as Record<string, number>;
    expect(Object.keys(spec.expected).length).toBeGreaterThanOrEqual(5);
    for (const [rule, n] of Object.entries(spec.expected)) expect(byRule[rule] ?? 0, rule).toBe(n);
    expect(byRule['pr-missing-approval']).toBeGreaterThan(0);
  }, 120_000);
});
