import { resolve } from 'node:path';
import { writeFileAtomic } from '../../evidence/atomic-file.ts';
import { verifyStore } from '../../evidence/verify.ts';
import { hasGapAtOrAbove, serializeGapsFile } from '../../core/gaps.ts';
import { Severity } from '../../core/schemas/common.ts';
import type { GapsFile } from '../../core/schemas/gaps.ts';
import { type Command, COMMON_HELP, COMMON_OPTIONS, commonOptions, str } from '../command.ts';
import { UsageError, type CliIO } from '../io.ts';
import { InputError } from '../../core/problems.ts';
import { check as checkGaps } from '../../check/check.ts';
import { loadWorkspace, parseAsOf } from '../workspace.ts';

export const check: Command = {
  name: 'check',
  summary: 'load content and evidence, run the rules, write the gaps file',
  usage:
    'docket check [--as-of DATE] [--out FILE] [--format text|json|github] [--fail-on ' +
    'high|medium|low] [--strict]',
  help: `Loads every control and document, validates them, cross-links them with the evidence
store, runs the rules and reports the gaps. Without --out it prints a summary; with --out it
writes the gaps JSON (sorted, byte-identical for the same inputs and --as-of).

  --as-of DATE       the date to check as of, YYYY-MM-DD (default: today, UTC)
  --out FILE         write the gaps file here ("-" for standard output)
  --format FORMAT    what goes to standard output: text (a summary), json (the gaps file) or
                     github (workflow-command annotations on the file and line of each content
                     problem and document gap, and a markdown summary in $GITHUB_STEP_SUMMARY);
                     default github when GITHUB_ACTIONS is true, else text
  --fail-on SEV      exit 1 when any gap is at or above SEV: high, medium or low
  --strict           refuse (exit 2, nothing written) when the evidence store fails
                     verification, as \`docket build\` does; without it, check warns and goes on
${COMMON_HELP}

The evidence store is verified first (as \`docket verify\`): a store that does not match its
manifest, or evidence files without a manifest, is named on standard error with a warning.

Exit status: 0 no failing gaps, 1 gaps at or above --fail-on, 2 bad input (every problem is
listed as path:line: message, and nothing is written), or with --strict a store that fails
verification.`,
  options: {
    ...COMMON_OPTIONS,
    'as-of': { type: 'string' },
    out: { type: 'string' },
    'fail-on': { type: 'string' },
    format: { type: 'string' },
    strict: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const failOn = str(values, 'fail-on');
    if (failOn !== undefined && !Severity.safeParse(failOn).success)
      throw new UsageError(
        `--fail-on: expected high, medium or low, got ${JSON.stringify(failOn)}`,
      );
    const format = str(values, 'format') ?? (io.env.GITHUB_ACTIONS === 'true' ? 'github' : 'text');
    if (!FORMATS.includes(format as Format))
      throw new UsageError(
        `--format: expected text, json or github, got ${JSON.stringify(format)}`,
      );
    const asOf = parseAsOf(str(values, 'as-of'), io);
    const ws = await loadWorkspace(commonOptions(values), io);
    const verified = await verifyStore(ws.evidenceDir);
    if (!verified.ok) {
      const shown = verified.problems.slice(0, 20);
      for (const p of shown) io.stderr(`${p}\n`);
      if (verified.problems.length > shown.length)
        io.stderr(`… and ${verified.problems.length - shown.length} more (docket verify)\n`);
      if (values.strict) {
        io.stderr(
          `docket check: --strict: the evidence store at ${ws.evidenceDir} fails verification ` +
            `(above); nothing written\n`,
        );
        return 2;
      }
      io.stderr(
        `warning: the evidence store at ${ws.evidenceDir} fails verification (above): ` +
          `the gaps below are computed from evidence that is not what was collected; ` +
          `\`docket build\` refuses it (--strict makes check refuse too)\n`,
      );
    }
    const github = format === 'github' ? await import('../github-report.ts') : null;
    let gaps: GapsFile;
    try {
      gaps = await checkGaps(ws, { asOf, want: 'gaps' });
    } catch (err) {
      if (github && err instanceof InputError) {
        const path = (f: string) => github.repositoryPath(f, ws.contentDir, io.cwd);
        const annotations = github.annotationsOf(err.problems, [], () => 1, path);
        await github.reportToGithub(annotations, github.stepSummary(null, err.problems));
      }
      throw err;
    }
    const out = str(values, 'out');
    if (out === '-') io.data(serializeGapsFile(gaps));
    else if (out !== undefined)
      await writeFileAtomic(resolve(io.cwd, out), serializeGapsFile(gaps));
    const report = summarize(gaps);
    if (github) {
      const lineOf = await github.documentGapLines(gaps.gaps, ws.contentDir);
      const path = (f: string) => github.repositoryPath(f, ws.contentDir, io.cwd);
      const annotations = github.annotationsOf([], gaps.gaps, lineOf, path);
      await github.reportToGithub(annotations, github.stepSummary(gaps, []));
    }
    if (format === 'json' && out !== '-') io.data(serializeGapsFile(gaps));
    if (out === '-' || format !== 'text') io.stderr(report);
    else io.stdout(report);
    if (out !== undefined && out !== '-')
      io.stderr(`docket: wrote ${gaps.gaps.length} gaps to ${out}\n`);
    return failOn !== undefined && hasGapAtOrAbove(gaps.gaps, failOn as Severity) ? 1 : 0;
  },
};

const FORMATS = ['text', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

export function summarize(file: GapsFile): string {
  const s = file.summary;
  const lines = [
    `as of ${file.as_of}, audit period ${file.period.start} to ${file.period.end}`,
    `${s.controls} controls, ${s.with_gaps} with gaps; ${file.gaps.length} gaps ` +
      `(${['high', 'medium', 'low'].map((k) => `${s.by_severity[k] ?? 0} ${k}`).join(', ')})`,
  ];
  for (const [rule, n] of Object.entries(s.by_rule))
    lines.push(`  ${String(n).padStart(5)}  ${rule}`);
  return `${lines.join('\n')}\n`;
}

export type { CliIO };
