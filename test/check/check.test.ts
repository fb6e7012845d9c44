import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeGapsFile } from '../../src/core/gaps.ts';
import { InputError } from '../../src/core/problems.ts';
import { RULES } from '../../src/rules/index.ts';
import { processIO } from '../../src/cli/io.ts';
import { loadWorkspace } from '../../src/cli/workspace.ts';
import { check } from '../../src/check/check.ts';
import { runsPerRepository } from '../../src/check/repository-share.ts';
import { tempDir } from '../helpers/cli.ts';

const REPO = join(import.meta.dirname, '../..');
const AS_OF = '2026-11-20';

async function exampleCopy(): Promise<string> {
  const dir = await tempDir();
  for (const entry of ['docket.config.yaml', 'content', 'evidence'])
    await cp(join(REPO, entry), join(dir, entry), { recursive: true });
  return dir;
}

describe('docket check on two threads', () => {
  it('finds byte for byte the gaps of the whole-model check, whichever thread reads which repository', async () => {
    const ws = await loadWorkspace({}, { ...processIO(), cwd: REPO });
    const whole = serializeGapsFile((await check(ws, { asOf: AS_OF, want: 'model' })).gaps);
    for (const repositories of ['both', 'worker', 'main'] as const)
      expect(
        serializeGapsFile(
          await check(ws, { asOf: AS_OF, want: 'gaps', schedule: { repositories } }),
        ),
        repositories,
      ).toBe(whole);
    // A batch per repository: the worker sends its findings batch by batch.
    expect(
      serializeGapsFile(
        await check(ws, { asOf: AS_OF, want: 'gaps', schedule: { batchRecords: 1 } }),
      ),
      'batches of one repository',
    ).toBe(whole);
    // The example exercises per-repository rules and the rules that read pull requests across repositories.
    const rules = new Set(
      (JSON.parse(whole) as { gaps: { rule: string }[] }).gaps.map((g) => g.rule),
    );
    for (const rule of [
      'pr-missing-approval',
      'deploy-outside-window',
      'break-glass-no-postmortem',
      'policy-scan-failed',
      'review-overdue',
    ])
      expect(rules, rule).toContain(rule);
  });

  it('names a broken record by file and line whichever thread read it', async () => {
    const dir = await exampleCopy();
    const file = join(dir, 'evidence/github/acme/web/pull-requests.ndjson');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[1] = '{"repo": "acme/web", "number": ';
    await writeFile(file, lines.join('\n'));
    const ws = await loadWorkspace({}, { ...processIO(), cwd: dir });
    for (const repositories of ['worker', 'main'] as const) {
      const failure = await check(ws, {
        asOf: AS_OF,
        want: 'gaps',
        schedule: { repositories },
      }).catch((err: unknown) => err);
      expect(failure, repositories).toBeInstanceOf(InputError);
      expect((failure as InputError).problems, repositories).toEqual([
        { file, line: 2, message: expect.stringMatching(/^not valid JSON/) },
      ]);
    }
  });

  it('reports content problems before evidence problems, however it is asked', async () => {
    const dir = await exampleCopy();
    await writeFile(join(dir, 'content/policies/broken.md'), '---\ntitle: [\n---\n');
    for (const path of [
      'evidence/sarif/runs.ndjson',
      'evidence/github/acme/web/pull-requests.ndjson',
    ])
      await writeFile(join(dir, path), '{"broken": ');
    const ws = await loadWorkspace({}, { ...processIO(), cwd: dir });
    const requests = [
      ...(['both', 'worker', 'main'] as const).map((repositories) => ({
        asOf: AS_OF,
        want: 'gaps' as const,
        schedule: { repositories },
      })),
      { asOf: AS_OF, want: 'model' as const },
    ];
    for (const request of requests) {
      const what = JSON.stringify(request);
      const failure = await check(ws, request).catch((err: unknown) => err);
      expect(failure, what).toBeInstanceOf(InputError);
      const files = new Set((failure as InputError).problems.map((p) => p.file));
      expect([...files], what).toEqual(['policies/broken.md']);
    }
  });

  it('runs every rule that reads GitHub records per repository, or has it declare the pull requests it reads', () => {
    for (const rule of RULES.values()) {
      if (rule.source === 'github') expect(runsPerRepository(rule), rule.id).toBe(true);
      else expect(runsPerRepository(rule), rule.id).toBeFalsy();
    }
    expect(
      [...RULES.values()]
        .filter((r) => r.reads?.pullRequests)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['break-glass-no-postmortem', 'policy-scan-failed']);
  });
});
