import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../../helpers/cli.ts';
import { buildSite, page } from '../../helpers/site.ts';

// The scans page's verdict for a commit follows policy-scan-failed as configured (the levels it
// fails on, the merges it checks), and its lists agree with the verdict; runs tied to no commit
// are listed, not dropped.

const MERGED_ERROR = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d';
const MERGED_WARNING = 'b1b2b3b4b5b6b7b8b9b0c1c2c3c4c5c6c7c8c9c0';
const FEATURE_ERROR = 'f1f2f3f4f5f6f7f8f9f0a1a2a3a4a5a6a7a8a9a0';

async function org(check: string | null): Promise<string> {
  const root = await tempDir();
  await mkdir(join(root, 'sarif/checkov'), { recursive: true });
  await mkdir(join(root, 'content/controls'), { recursive: true });
  // tfsec's real shape (fixture): one error and one warning on a commit merged to main.
  const tfsec = JSON.parse(await readFile(join(FIXTURES, 'sarif/tfsec.sarif'), 'utf8'));
  await writeFile(join(root, 'sarif/merged-error-tfsec.sarif'), JSON.stringify(tfsec));
  const warningOnly = structuredClone(tfsec);
  warningOnly.runs[0].results = warningOnly.runs[0].results.filter(
    (r: { level: string }) => r.level === 'warning',
  );
  warningOnly.runs[0].versionControlProvenance[0].revisionId = MERGED_WARNING;
  await writeFile(join(root, 'sarif/merged-warning-tfsec.sarif'), JSON.stringify(warningOnly));
  const feature = structuredClone(tfsec);
  feature.runs[0].versionControlProvenance[0] = {
    ...feature.runs[0].versionControlProvenance[0],
    revisionId: FEATURE_ERROR,
    branch: 'refs/heads/feature/open-sg',
  };
  await writeFile(join(root, 'sarif/feature-tfsec.sarif'), JSON.stringify(feature));
  // Checkov's default output: no provenance.
  await cp(
    join(FIXTURES, 'sarif/results_sarif.sarif'),
    join(root, 'sarif/checkov/results_sarif.sarif'),
  );
  await writeFile(
    join(root, 'docket.config.yaml'),
    'period: { start: 2026-01-01, end: 2026-12-31 }\nsarif_dir: sarif\n',
  );
  await writeFile(
    join(root, 'content/controls/iac-02.md'),
    `---\nid: IAC-02\ntitle: Policy as code\nowner: infra\n${check ? `checks:\n  - ${check}\n` : ''}---\nScanned.\n`,
  );
  const collected = await runCli(['collect'], { cwd: root });
  // The Checkov run tied to no commit is reported, as a warning.
  expect(collected.code).toBe(0);
  expect(collected.stderr).toMatch(
    /^warning: checkov\/results_sarif\.sarif: the Checkov run is not tied to a commit/m,
  );
  return root;
}

/** Each commit's section of the page, by full sha. */
function sections(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of html.split('<section ').slice(1)) {
    const sha = /id="commit-([0-9a-f]+)"/.exec(part)?.[1];
    if (sha) out[sha] = part.slice(0, part.indexOf('</section>'));
  }
  return out;
}

describe('policy scans page', () => {
  it('fails merged commits with results at the checked level, passes those with only lower levels, and lists the rest as not failing', async () => {
    const dist = await buildSite(await org('rule: policy-scan-failed'));
    const html = await page(dist, 'evidence/scans');
    expect(html).toContain(
      'A commit <strong>fails</strong> when it was merged to main or master in the audit period with unsuppressed results at level error',
    );
    const s = sections(html);
    expect(Object.keys(s).sort()).toEqual([MERGED_WARNING, MERGED_ERROR, FEATURE_ERROR].sort());
    // The evidence index counts both, and leads to the runs tied to no commit.
    expect(await page(dist, 'evidence')).toContain(
      '<a href="/evidence/scans/">3 scanned commits</a>, and 1 run <a href="/evidence/scans/#not-tied">not tied to a commit</a>',
    );
    expect(s[MERGED_ERROR]).toMatch(/data-verdict="failed"/);
    expect(s[MERGED_ERROR]).toContain('<span class="badge gap">Failed</span>');
    expect(s[MERGED_ERROR]).toMatch(
      /<p>Failed: <code>aws-ec2-no-public-ingress-sgr<\/code> \(error, network\/sg\.tf:8\)<\/p>/,
    );
    expect(s[MERGED_ERROR]).toMatch(
      /<p>Below the checked level \(not failing\): <code>aws-s3-enable-versioning<\/code> \(warning, modules\/storage\/main\.tf:12\)<\/p>/,
    );
    // Only a warning: it passes, and the warning is not listed as a failure.
    expect(s[MERGED_WARNING]).toContain('<span class="badge passes">Passed</span>');
    expect(s[MERGED_WARNING]).not.toContain('Failed');
    expect(s[MERGED_WARNING]).toContain(
      'Below the checked level (not failing): <code>aws-s3-enable-versioning</code>',
    );
    // An error on a feature branch: not what the rule checks, so neither passed nor failed.
    expect(s[FEATURE_ERROR]).toContain('<span class="badge no-evidence">Not checked</span>');
    expect(s[FEATURE_ERROR]).toContain('not a commit merged to main or master in the audit period');
    expect(s[FEATURE_ERROR]).toContain(
      '<p>Unsuppressed error: <code>aws-ec2-no-public-ingress-sgr</code>',
    );
    expect(s[FEATURE_ERROR]).not.toContain('Passed');
    // The Checkov run without a commit is listed, with its counts and a link to its record.
    const unplaced = html.slice(html.indexOf('id="not-tied-to-a-commit"'));
    expect(unplaced).toMatch(
      /<td class="mono">checkov\/results_sarif\.sarif<\/td><td>Checkov<\/td><td>1 error<\/td><td><a href="\/evidence\/records\/sarif\/runs\/1\/#record-1">record<\/a><\/td>/,
    );
    expect(await page(dist, 'evidence/records/sarif/runs/1')).toContain('id="record-1"');
  }, 120_000);

  it('with levels [error, warning] the warning-only commit fails too', async () => {
    const s = sections(
      await page(
        await buildSite(await org('{ rule: policy-scan-failed, levels: [error, warning] }')),
        'evidence/scans',
      ),
    );
    expect(s[MERGED_WARNING]).toContain('<span class="badge gap">Failed</span>');
    expect(s[MERGED_WARNING]).toContain(
      '<p>Failed: <code>aws-s3-enable-versioning</code> (warning',
    );
  }, 120_000);

  it('when no control checks policy-scan-failed, no commit is passed or failed', async () => {
    const html = await page(await buildSite(await org(null)), 'evidence/scans');
    expect(html).toContain('No control checks policy-scan-failed');
    const s = sections(html);
    for (const sha of [MERGED_ERROR, MERGED_WARNING, FEATURE_ERROR]) {
      expect(s[sha]).toContain('<span class="badge no-evidence">Not checked</span>');
      expect(s[sha]).not.toMatch(/Passed|Failed/);
    }
    expect(s[MERGED_ERROR]).toContain(
      'Unsuppressed results: <code>aws-ec2-no-public-ingress-sgr</code> (error',
    );
  }, 120_000);
});
