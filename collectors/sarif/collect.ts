import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Problem } from '../../src/core/problems.ts';
import type { DocketConfig } from '../../src/core/schemas/config.ts';
import type { ScanRun } from '../../src/core/schemas/sarif.ts';
import { openStore, readStored, writeSource } from '../../src/evidence/store.ts';
import { listFiles } from '../list-files.ts';
import { parseSarif } from './parse.ts';

export const SOURCE = 'sarif' as const;

export interface SarifCollectOptions {
  config: DocketConfig;
  root: string;
  storeDir: string;
  now: () => Date;
  /** Rewrite sarif/runs.ndjson from the files alone, without reading what is stored. */
  full?: boolean;
}

export interface SarifCollectSummary {
  files: number;
  runs: number;
  /** Results kept (in the store's runs, those of files that could not be read again included). */
  results: number;
  /** Results found in the files read in this run, and how many of them were reported and left out. */
  read: number;
  kept: number;
  reported: number;
  problems: Problem[];
  /** Kept, but worth a look: runs tied to no commit. They do not fail the collection. */
  warnings: Problem[];
}

/**
 * Reads every SARIF file of `sarif_dir` into `sarif/runs.ndjson`. A malformed file is reported
 * and skipped; the runs collected from it before are kept, so nothing is lost. A bad run or
 * result is reported by run and result number and skipped; the file's other runs and results are
 * kept (a bad run keeps what was collected from it before). A run that cannot
 * be tied to a commit is kept and reported (the rule cannot check it, the site lists it apart).
 */
export async function collectSarif(opts: SarifCollectOptions): Promise<SarifCollectSummary> {
  if (!opts.config.sarif_dir) throw new Error('sarif_dir is not set in docket.config.yaml');
  const dir = resolve(opts.root, opts.config.sarif_dir);
  if (!(await stat(dir).catch(() => null))?.isDirectory())
    throw new Error(`${dir}: SARIF folder does not exist (sarif_dir)`);
  const listed = await listFiles(dir, (name) => /\.sarif(\.json)?$/i.test(name));
  const names = listed.names;
  const summary: SarifCollectSummary = {
    files: 0,
    runs: 0,
    results: 0,
    read: 0,
    kept: 0,
    reported: 0,
    problems: [...listed.problems],
    warnings: [],
  };
  if (names.length === 0)
    summary.problems.push({ file: dir, line: 0, message: 'no SARIF files (*.sarif) found' });
  const manifest = await openStore(opts.storeDir);
  const previous: ScanRun[] = [];
  if (!opts.full)
    for await (const r of readStored(opts.storeDir, manifest, SOURCE, 'runs', {})) previous.push(r);
  const runs: ScanRun[] = [];
  for (const name of names) {
    try {
      const file = parseSarif(name, await readFile(join(dir, name), 'utf8'));
      const parsed = file.runs;
      runs.push(...parsed);
      summary.files++;
      summary.read += file.read;
      for (const p of file.problems) {
        summary.reported += p.results;
        summary.problems.push({ file: name, line: 0, message: p.message });
        // A run that could not be read keeps what was collected from it before.
        if (!parsed.some((r) => r.run_index === p.run))
          runs.push(...previous.filter((r) => r.file === name && r.run_index === p.run));
      }
      // Kept, but a run tied to no commit is one policy-scan-failed cannot check: say so.
      for (const run of parsed.filter((r) => r.commit === null)) {
        const which =
          parsed.length > 1 ? `run ${run.run_index + 1} (${run.tool})` : `the ${run.tool} run`;
        summary.warnings.push({
          file: name,
          line: 0,
          message:
            `${which} is not tied to a commit: no versionControlProvenance[].revisionId, ` +
            `and no commit sha starts the file name or a folder name; kept, but policy-scan-failed ` +
            `cannot check it (name the file or its folder <sha>-…, or add versionControlProvenance)`,
        });
      }
    } catch (err) {
      const kept = opts.full ? ' (--full: its earlier runs are not kept)' : '';
      summary.problems.push({
        file: name,
        line: 0,
        message: `${(err as Error).message}; skipped${kept}`,
      });
      runs.push(...previous.filter((r) => r.file === name));
    }
  }
  runs.sort(
    (a, b) =>
      cmp(a.commit ?? '', b.commit ?? '') ||
      cmp(a.tool, b.tool) ||
      cmp(a.file, b.file) ||
      a.run_index - b.run_index,
  );
  summary.kept = summary.read - summary.reported;
  summary.runs = runs.length;
  summary.results = runs.reduce((n, r) => n + r.results.length, 0);
  await writeSource(opts.storeDir, manifest, SOURCE, {
    files: [{ file: 'runs', key: {}, records: runs }],
    cursors: {},
    now: opts.now,
    rewrite: opts.full === true,
  });
  return summary;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
