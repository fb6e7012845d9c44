import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectSarif } from '../../../collectors/sarif/collect.ts';
import { storePath } from '../../../src/evidence/catalog.ts';
import { DocketConfig } from '../../../src/core/schemas/config.ts';
import type { ScanRun } from '../../../src/core/schemas/sarif.ts';
import { FIXTURES, runCli, tempDir } from '../../helpers/cli.ts';

const config = DocketConfig.parse({ sarif_dir: 'sarif' });
const now = () => new Date('2026-11-22T12:00:00Z');

async function runs(root: string): Promise<ScanRun[]> {
  return (await readFile(join(root, 'evidence', storePath('sarif', 'runs', {})), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ScanRun);
}

describe('SARIF collector', () => {
  it('reads Checkov, tfsec and Trivy runs: commit, tool, rules, levels, locations and suppressions', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'sarif'));
    for (const f of ['checkov.sarif', 'tfsec.sarif', '3f2a1b9c0d1e-trivy.sarif'])
      await cp(join(FIXTURES, 'sarif', f), join(root, 'sarif', f));
    const summary = await collectSarif({ config, root, storeDir: join(root, 'evidence'), now });
    expect(summary).toMatchObject({ files: 3, runs: 3, results: 5, problems: [] });
    const [trivy, checkov, tfsec] = await runs(root);
    expect(checkov).toMatchObject({
      file: 'checkov.sarif',
      tool: 'Checkov',
      tool_version: '3.2.255',
      commit: '4f1c2e9a7b3d5f6e8a9b0c1d2e3f4a5b6c7d8e9f',
      branch: 'main',
      repository: 'https://github.com/acme/infra',
    });
    expect(checkov?.rules.map((r) => r.id)).toEqual(['CKV_AWS_18', 'CKV_AWS_145', 'CKV_AWS_21']);
    expect(checkov?.results).toEqual([
      {
        rule_id: 'CKV_AWS_18',
        level: 'error',
        message: 'Ensure the S3 bucket has access logging enabled',
        location: 'modules/storage/main.tf:12',
        suppressed: false,
        suppressions: [],
      },
      {
        rule_id: 'CKV_AWS_145',
        level: 'error',
        message: 'Ensure that S3 buckets are encrypted with KMS by default',
        location: 'modules/storage/main.tf:12',
        suppressed: true,
        suppressions: [
          {
            kind: 'inSource',
            justification: 'SSE-S3 is sufficient for public assets; accepted in RISK-12',
          },
        ],
      },
    ]);
    expect(tfsec?.results.map((r) => [r.rule_id, r.level])).toEqual([
      ['aws-ec2-no-public-ingress-sgr', 'error'],
      ['aws-s3-enable-versioning', 'warning'],
    ]);
    // No provenance: the commit comes from the file name; no level: the rule's default.
    expect(trivy).toMatchObject({ commit: '3f2a1b9c0d1e', branch: null, tool: 'Trivy' });
    expect(trivy?.results[0]?.level).toBe('note');
  });

  it('reports malformed files by name, keeps the other results (and earlier ones of the bad file), exits non-zero', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'sarif'));
    await cp(join(FIXTURES, 'sarif', 'checkov.sarif'), join(root, 'sarif', 'checkov.sarif'));
    await cp(join(FIXTURES, 'sarif', 'tfsec.sarif'), join(root, 'sarif', 'tfsec.sarif'));
    await writeFile(join(root, 'docket.config.yaml'), 'sarif_dir: sarif\n');
    expect((await runCli(['collect'], { cwd: root })).code).toBe(0);
    // tfsec's file is later overwritten by a broken upload, and a non-SARIF JSON file appears.
    await cp(join(FIXTURES, 'sarif', 'malformed.sarif'), join(root, 'sarif', 'tfsec.sarif'));
    await cp(join(FIXTURES, 'sarif', 'not-sarif.sarif'), join(root, 'sarif', 'other.sarif'));
    const r = await runCli(['collect', '--source', 'sarif'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^other\.sarif: run 1: tool\.driver: .*; skipped$/m);
    expect(r.stderr).toMatch(/^tfsec\.sarif: not valid JSON \(.*\); skipped$/m);
    expect(r.stdout).toBe(
      'sarif: 2 files, 2 runs, 2 results read: 2 kept, 0 reported (2 problems)\n',
    );
    expect((await runs(root)).map((x) => x.tool)).toEqual(['Checkov', 'tfsec']);
  });

  it("Checkov's default output (results_sarif.sarif, no provenance) is kept, with a warning that it is tied to no commit", async () => {
    const root = await tempDir();
    await mkdir(join(root, 'sarif/checkov'), { recursive: true });
    await cp(
      join(FIXTURES, 'sarif', 'results_sarif.sarif'),
      join(root, 'sarif/checkov/results_sarif.sarif'),
    );
    await cp(join(FIXTURES, 'sarif', 'tfsec.sarif'), join(root, 'sarif/tfsec.sarif'));
    await writeFile(join(root, 'docket.config.yaml'), 'sarif_dir: sarif\n');
    const r = await runCli(['collect', '--source', 'sarif'], { cwd: root });
    // Kept and usable on the site; not a failure of the collection (a nightly run stays green).
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'warning: checkov/results_sarif.sarif: the Checkov run is not tied to a commit: no versionControlProvenance[].revisionId, and no commit sha starts the file name or a folder name; kept, but policy-scan-failed cannot check it (name the file or its folder <sha>-…, or add versionControlProvenance)\n',
    );
    expect(r.stdout).toBe(
      'sarif: 2 files, 2 runs, 4 results read: 4 kept, 0 reported (1 warning)\n',
    );
    const [checkov] = await runs(root);
    expect(checkov).toMatchObject({
      file: 'checkov/results_sarif.sarif',
      tool: 'Checkov',
      commit: null,
      branch: null,
      repository: null,
    });
    expect(checkov?.results.map((x) => [x.rule_id, x.level, x.suppressed])).toEqual([
      ['CKV_AWS_18', 'error', false],
      ['CKV_AWS_145', 'warning', true],
    ]);
  });

  it('without provenance, a commit sha naming the folder Checkov wrote into ties the run to it; a date-like folder does not', async () => {
    const root = await tempDir();
    const sha = '4f1c2e9a7b3d5f6e8a9b0c1d2e3f4a5b6c7d8e9f';
    await mkdir(join(root, `sarif/${sha}`), { recursive: true });
    await cp(
      join(FIXTURES, 'sarif', 'results_sarif.sarif'),
      join(root, `sarif/${sha}/results_sarif.sarif`),
    );
    await mkdir(join(root, 'sarif/20260614'), { recursive: true });
    await cp(
      join(FIXTURES, 'sarif', 'results_sarif.sarif'),
      join(root, 'sarif/20260614/results_sarif.sarif'),
    );
    await mkdir(join(root, 'content/controls'), { recursive: true });
    await writeFile(
      join(root, 'content/controls/iac-02.md'),
      '---\nid: IAC-02\ntitle: Scans\nowner: sec\nchecks:\n  - rule: policy-scan-failed\n---\n',
    );
    await writeFile(join(root, 'docket.config.yaml'), 'sarif_dir: sarif\n');
    const r = await runCli(['collect'], { cwd: root });
    expect(r.stderr).toMatch(
      /^warning: 20260614\/results_sarif\.sarif: the Checkov run is not tied to a commit/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect((await runs(root)).map((x) => [x.file, x.commit])).toEqual([
      ['20260614/results_sarif.sarif', null],
      [`${sha}/results_sarif.sarif`, sha],
    ]);
    // Without GitHub evidence a run naming no branch is checked: the unsuppressed error fails it.
    const gaps = JSON.parse((await runCli(['check', '--out', '-'], { cwd: root })).stdout).gaps as {
      subject: string;
      title: string;
    }[];
    expect(gaps.map((g) => [g.subject, g.title])).toEqual([
      [`commit:${sha}`, 'commit 4f1c2e9 merged with 1 unsuppressed error finding: CKV_AWS_18'],
    ]);
  });

  it('policy-scan-failed flags the merged commit with unsuppressed errors only', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'sarif'));
    await mkdir(join(root, 'content/controls'), { recursive: true });
    for (const f of ['checkov.sarif', 'tfsec.sarif'])
      await cp(join(FIXTURES, 'sarif', f), join(root, 'sarif', f));
    await writeFile(join(root, 'docket.config.yaml'), 'sarif_dir: sarif\n');
    await writeFile(
      join(root, 'content/controls/iac-02.md'),
      '---\nid: IAC-02\ntitle: Scans\nowner: sec\nchecks:\n  - { rule: policy-scan-failed, levels: [error] }\n---\n',
    );
    await runCli(['collect'], { cwd: root });
    const gaps = JSON.parse((await runCli(['check', '--out', '-'], { cwd: root })).stdout).gaps as {
      rule: string;
      subject: string;
      title: string;
    }[];
    expect(gaps.map((g) => [g.rule, g.subject, g.title])).toEqual([
      [
        'policy-scan-failed',
        'commit:4f1c2e9a7b3d5f6e8a9b0c1d2e3f4a5b6c7d8e9f',
        'commit 4f1c2e9 merged with 1 unsuppressed error finding: CKV_AWS_18',
      ],
      [
        'policy-scan-failed',
        'commit:9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d',
        'commit 9e8d7c6 merged with 1 unsuppressed error finding: aws-ec2-no-public-ingress-sgr',
      ],
    ]);
  });
});
