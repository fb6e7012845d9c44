import { access, constants, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCommands } from '../src/cli/main.ts';

const REPO = join(import.meta.dirname, '..');
const WORKFLOWS = ['nightly.yml', 'tests.yml'];

async function workflow(name: string): Promise<{
  text: string;
  doc: {
    jobs: Record<string, { permissions?: unknown; steps: { run?: string; uses?: string }[] }>;
  };
}> {
  const text = await readFile(join(REPO, '.github/workflows', name), 'utf8');
  return { text, doc: parse(text) };
}

describe('the GitHub workflows', () => {
  it.each(WORKFLOWS)('%s validates against the workflow schema', async (name) => {
    const { text } = await workflow(name);
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it('the validator rejects a broken workflow (so the check above can fail)', () => {
    expect(
      validateWorkflow(
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permisions: {}\n    steps: []\n',
      ).errors,
    ).not.toEqual([]);
  });

  it.each(WORKFLOWS)('%s sets minimal permissions on every job', async (name) => {
    const { doc } = await workflow(name);
    const top = (doc as { permissions?: unknown }).permissions;
    for (const [job, spec] of Object.entries(doc.jobs))
      expect(spec.permissions ?? top, `${name} ${job}`).toBeDefined();
    if (name === 'nightly.yml') {
      // Nothing by default; each job asks for what it needs, and only the issue sync may write issues.
      expect(top).toEqual({});
      for (const [job, spec] of Object.entries(doc.jobs)) {
        expect(spec.permissions, `nightly ${job}`).toBeDefined();
        expect((spec.permissions as Record<string, string>).issues, `nightly ${job}`).toBe(
          job === 'issues' ? 'write' : undefined,
        );
      }
    }
  });

  it('nightly: commits what was collected even when a source fails, publishes, then syncs issues, and still fails the run', async () => {
    const { doc } = await workflow('nightly.yml');
    const jobs = doc.jobs as Record<
      string,
      {
        needs?: string | string[];
        if?: string;
        steps: { id?: string; run?: string; 'continue-on-error'?: boolean }[];
      }
    >;
    const needs = (job: string) => [jobs[job]?.needs ?? []].flat();
    expect(needs('site')).toEqual(['evidence']);
    expect(needs('publish')).toEqual(['site']);
    expect(needs('issues')).toEqual(['publish']);
    const steps = jobs.evidence?.steps ?? [];
    const collect = steps.findIndex((s) => s.run?.startsWith('npx docket collect'));
    expect(steps[collect]?.['continue-on-error']).toBe(true);
    expect(steps.findIndex((s) => s.run === 'npx docket verify')).toBeGreaterThan(collect);
    expect(steps.findIndex((s) => s.run?.includes('git commit'))).toBeGreaterThan(collect);
    expect(jobs.outcome?.if).toBe('always()');
    expect(needs('outcome')).toContain('evidence');
    expect(jobs.outcome?.steps.map((s) => s.run).join('\n')).toContain(
      'needs.evidence.outputs.collected }}" = "success"',
    );
  });

  it('every docket command, option and npm script the workflows run exists', async () => {
    const pkg = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const runs = (await Promise.all(WORKFLOWS.map(workflow))).flatMap((w) =>
      Object.values(w.doc.jobs).flatMap((j) => j.steps.map((s) => s.run ?? '')),
    );
    const docket = runs.flatMap((r) =>
      [...r.matchAll(/npx docket ([^\n]+)/g)].map((m) =>
        (m[1] as string)
          .replace(/\$\{\{[^}]*\}\}/g, '')
          .replace(/"/g, '')
          .trim()
          .split(/\s+/),
      ),
    );
    expect(docket.map((args) => args[0]).sort()).toEqual(['build', 'collect', 'issues', 'verify']);
    const commands = await loadCommands();
    for (const [name, ...args] of docket) {
      const command = commands.find((c) => c.name === name);
      expect(command, name).toBeDefined();
      expect(
        () => parseArgs({ args, options: command!.options, allowPositionals: false, strict: true }),
        `${name} ${args.join(' ')}`,
      ).not.toThrow();
    }
    for (const m of runs.join('\n').matchAll(/npm run ([\w:-]+)/g))
      expect(pkg.scripts[m[1] as string], m[1]).toBeDefined();
    expect(runs).toContain('./.ci/run');
    await access(join(REPO, '.ci/run'), constants.X_OK);
  });

  it('authenticates to AWS through OIDC only: no static keys anywhere', async () => {
    const { text } = await workflow('nightly.yml');
    expect(text).toContain('aws-actions/configure-aws-credentials');
    expect(text).toContain('role-to-assume');
    expect(text).not.toMatch(
      /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/,
    );
  });
});
