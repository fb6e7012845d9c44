import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSarif } from '../../collectors/sarif/parse.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { expected, REAL } from './real-records.ts';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Every SARIF file of the real corpus (Microsoft's SARIF SDK and tutorials, CodeQL, Semgrep and
 * Trivy fixtures): a byte-order mark is accepted, a bad result is reported by run and result
 * number while the run's other results are kept, and each result's level and suppression are as
 * the SARIF 2.1.0 specification says.
 */
describe('real SARIF files', () => {
  for (const want of expected.sarif) {
    it(want.file.replace('sarif/', ''), async () => {
      const bytes = await readFile(join(REAL, want.file));
      expect(bytes.subarray(0, 3).equals(BOM)).toBe(want.bom);
      const text = bytes.toString('utf8');
      if (!want.runs) {
        // Not SARIF 2.1.0 at all: the file is reported, for its version, not for its BOM.
        expect(() => parseSarif(want.file, text)).toThrow(/^SARIF version .* is not supported/);
        return;
      }
      const parsed = parseSarif(want.file, text);
      const problems = parsed.problems.map((p) => p.message);
      let read = 0;
      for (const run of want.runs) {
        const got = parsed.runs.find((r) => r.run_index === run.run);
        if (run.valid === false) {
          // A bad run is reported by number and skipped; the file's other runs are kept.
          expect(got).toBeUndefined();
          expect(problems).toContainEqual(expect.stringMatching(`^run ${run.run + 1}: `));
          continue;
        }
        expect(got?.tool).toBe(run.tool);
        const results = run.results ?? [];
        read += results.length;
        const good = results.filter((x) => x.valid);
        expect(
          got?.results.map((x) => ({
            ruleId: x.rule_id,
            level: x.level,
            suppressed: x.suppressed,
          })),
        ).toEqual(
          good.map((x) => ({ ruleId: x.ruleId, level: x.level, suppressed: x.suppressed })),
        );
        for (const bad of results.filter((x) => !x.valid))
          expect(problems).toContainEqual(
            expect.stringMatching(
              `^run ${run.run + 1} \\(${run.tool}\\) result ${bad.index + 1}: `,
            ),
          );
      }
      const reported = want.runs.flatMap((r) => (r.results ?? []).filter((x) => !x.valid)).length;
      expect(problems).toHaveLength(reported + want.runs.filter((r) => r.valid === false).length);
      expect(parsed.read).toBe(read);
    });
  }

  it('docket collect keeps every valid result, names every bad one, and the counts add up', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'sarif'));
    for (const f of expected.sarif)
      await cp(join(REAL, f.file), join(root, 'sarif', basename(f.file)));
    await writeFile(join(root, 'docket.config.yaml'), 'sarif_dir: sarif\n');
    const r = await runCli(['collect', '--source', 'sarif'], { cwd: root });
    expect(r.code).toBe(1);
    const results = expected.sarif.flatMap((f) =>
      (f.runs ?? []).flatMap((run) => run.results ?? []),
    );
    const kept = results.filter((x) => x.valid).length;
    const reported = results.length - kept;
    const read = expected.sarif.filter((f) => f.runs).length;
    expect(r.stdout).toMatch(
      new RegExp(
        `^sarif: ${read} files, \\d+ runs, ${results.length} results read: ${kept} kept, ${reported} reported`,
      ),
    );
    // Runs tied to no commit are kept with a warning; the rest are problems.
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('warning: '));
    // Every bad result and run by file; the one file of another SARIF version by name.
    for (const f of expected.sarif)
      for (const run of f.runs ?? [])
        for (const x of (run.results ?? []).filter((x) => !x.valid))
          expect(
            lines.filter((l) =>
              l.startsWith(
                `${basename(f.file)}: run ${run.run + 1} (${run.tool}) result ${x.index + 1}: message`,
              ),
            ),
          ).toHaveLength(1);
    for (const f of expected.sarif.filter((f) => !f.runs))
      expect(lines).toContainEqual(
        expect.stringMatching(`^${basename(f.file)}: SARIF version .* is not supported`),
      );
    const badRuns = expected.sarif.flatMap((f) => (f.runs ?? []).filter((r) => r.valid === false));
    for (const run of badRuns)
      expect(lines).toContainEqual(expect.stringMatching(`: run ${run.run + 1}: `));
    expect(lines).toHaveLength(
      reported + badRuns.length + expected.sarif.filter((f) => !f.runs).length,
    );
    const stored = (await readFile(join(root, 'evidence/sarif/runs.ndjson'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { results: unknown[] });
    expect(stored.reduce((n, run) => n + run.results.length, 0)).toBe(kept);
  });
});
