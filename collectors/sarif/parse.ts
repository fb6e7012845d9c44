import { z } from 'zod';
import { ScanRun, type ScanResult } from '../../src/core/schemas/sarif.ts';

// The part of SARIF 2.1.0 Docket reads; tools add much more, which is ignored.
const Level = z.enum(['error', 'warning', 'note', 'none']);
/** §3.11: a message object with text (or a markdown form of it) or the id of a rule's message. */
const Message = z
  .looseObject({
    text: z.string().optional(),
    markdown: z.string().optional(),
    id: z.string().optional(),
  })
  .refine((m) => m.text !== undefined || m.markdown !== undefined || m.id !== undefined, {
    message: 'a message needs text or an id (SARIF §3.11)',
  });
const Result = z.looseObject({
  ruleId: z.string().optional(),
  ruleIndex: z.number().int().optional(),
  rule: z.looseObject({ id: z.string().optional(), index: z.number().int().optional() }).optional(),
  kind: z.string().optional(),
  level: Level.optional(),
  message: Message,
  locations: z
    .array(
      z.looseObject({
        physicalLocation: z
          .looseObject({
            artifactLocation: z.looseObject({ uri: z.string().optional() }).optional(),
            region: z.looseObject({ startLine: z.number().optional() }).optional(),
          })
          .optional(),
      }),
    )
    .optional(),
  suppressions: z
    .array(
      z.looseObject({
        kind: z.string(),
        status: z.string().optional(),
        justification: z.string().optional(),
      }),
    )
    .optional(),
});
type Result = z.infer<typeof Result>;

/** A run; its results are checked one by one (Result), so one bad result loses only itself. */
const Run = z.looseObject({
  tool: z.looseObject({
    driver: z.looseObject({
      name: z.string(),
      version: z.string().optional(),
      semanticVersion: z.string().optional(),
      rules: z
        .array(
          z.looseObject({
            id: z.string(),
            name: z.string().optional(),
            defaultConfiguration: z.looseObject({ level: Level.optional() }).optional(),
          }),
        )
        .optional(),
    }),
  }),
  versionControlProvenance: z
    .array(
      z.looseObject({
        repositoryUri: z.string().optional(),
        revisionId: z.string().optional(),
        branch: z.string().optional(),
      }),
    )
    .optional(),
  results: z.array(z.unknown()).nullable().optional(),
});
type Run = z.infer<typeof Run>;

/** The log itself: a version and its runs, each checked on its own (Run). */
const SarifFile = z.looseObject({ version: z.string(), runs: z.array(z.unknown()) });

/** `message: Invalid input: expected object, received null` — the first issue, by its path. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'document'}: ${issue?.message}`;
}

/** A commit sha (7 to 40 hex digits) at the start of a file or folder name. */
const COMMIT_IN_NAME = /^([0-9a-f]{7,40})(?=$|[-_.])/i;

/**
 * The commit a file's path names, the fallback when a run carries no provenance: a sha at the
 * start of the file name (`3f2a1b9c-checkov.sarif`), else of the nearest folder that starts with
 * one (`3f2a1b9c/results_sarif.sarif`, where `checkov -o sarif --output-file-path <dir>` writes).
 * All digits is a date or a number (20260614), not a sha.
 */
export function commitFromPath(file: string): string | null {
  const parts = file.split('/');
  const base = parts.pop() ?? '';
  for (const name of [base.replace(/\.sarif(\.json)?$/i, '.'), ...parts.reverse()]) {
    const sha = COMMIT_IN_NAME.exec(name)?.[1];
    if (sha && !/^\d+$/.test(sha)) return sha.toLowerCase();
  }
  return null;
}

/** What one SARIF file gave: its runs (good results only) and what was left out, by position. */
export interface ParsedSarif {
  runs: ScanRun[];
  /** Results found in the file's runs, kept or not. */
  read: number;
  /** Bad runs and results, each named by run and result number (1-based) and field. */
  problems: { run: number; message: string; results: number }[];
}

/**
 * Parses one SARIF file into runs. Throws with the reason when the file is not SARIF 2.1.0 at all
 * (not JSON, no version or runs, another version). A UTF-8 byte-order mark, which Microsoft's
 * SARIF writers emit, is accepted (RFC 8259 §8.1 lets a parser ignore it). A run that is not a
 * run (no tool.driver.name, results not an array) is reported and skipped, its results with it;
 * a result that is not a result (SARIF §3.27.11: a message object is required) is reported by run
 * and result number, and the run's other results are kept.
 */
export function parseSarif(file: string, text: string): ParsedSarif {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new Error(`not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = SarifFile.safeParse(json);
  if (!parsed.success) throw new Error(`not a SARIF log: ${firstIssue(parsed.error)}`);
  if (parsed.data.version !== '2.1.0')
    throw new Error(`SARIF version ${parsed.data.version} is not supported (expected 2.1.0)`);
  const fromPath = commitFromPath(file);
  const out: ParsedSarif = { runs: [], read: 0, problems: [] };
  parsed.data.runs.forEach((raw, runIndex) => {
    const run = Run.safeParse(raw);
    if (!run.success) {
      const results = resultsOf(raw);
      out.read += results;
      const lost = results ? ` (its ${results} results with it)` : '';
      out.problems.push({
        run: runIndex,
        results,
        message: `run ${runIndex + 1}: ${firstIssue(run.error)}; skipped${lost}`,
      });
      return;
    }
    const tool = run.data.tool.driver.name;
    const results: ScanResult[] = [];
    (run.data.results ?? []).forEach((rawResult, i) => {
      out.read++;
      const r = Result.safeParse(rawResult);
      if (r.success) results.push(scanResult(run.data, r.data));
      else
        out.problems.push({
          run: runIndex,
          results: 1,
          message: `run ${runIndex + 1} (${tool}) result ${i + 1}: ${firstIssue(r.error)}; skipped`,
        });
    });
    out.runs.push(scanRun(file, fromPath, run.data, runIndex, results));
  });
  return out;
}

/** How many results a bad run held (0 when its results are not an array). */
function resultsOf(raw: unknown): number {
  const results = (raw as { results?: unknown } | null)?.results;
  return Array.isArray(results) ? results.length : 0;
}

function scanRun(
  file: string,
  fromPath: string | null,
  run: Run,
  runIndex: number,
  results: ScanResult[],
): ScanRun {
  const driver = run.tool.driver;
  const provenance = run.versionControlProvenance?.[0];
  return ScanRun.parse({
    file,
    run_index: runIndex,
    tool: driver.name,
    tool_version: driver.semanticVersion ?? driver.version ?? null,
    commit: provenance?.revisionId ?? fromPath,
    branch: provenance?.branch?.replace(/^refs\/heads\//, '') ?? null,
    repository: provenance?.repositoryUri ?? null,
    rules: (driver.rules ?? []).map((x) => ({ id: x.id, name: x.name ?? null })),
    results,
  });
}

/**
 * One result as Docket keeps it. Its level (SARIF §3.27.10): result.level; else "none" when its
 * kind is not "fail"; else its rule's defaultConfiguration.level (the rule found by ruleIndex,
 * else by id); else "warning". Suppressed (§3.27.23, and Microsoft's SARIF tutorial "Determining
 * suppression status"): it has suppressions and none of them is underReview or rejected.
 */
function scanResult(run: Run, r: Result): ScanResult {
  const rules = run.tool.driver.rules ?? [];
  const index = r.ruleIndex ?? r.rule?.index;
  const id = r.ruleId ?? r.rule?.id;
  const rule =
    (index !== undefined && index >= 0 ? rules[index] : undefined) ??
    (id !== undefined ? rules.find((x) => x.id === id) : undefined);
  const location = r.locations?.[0]?.physicalLocation;
  const suppressions = r.suppressions ?? [];
  return {
    rule_id: id ?? rule?.id ?? 'unknown',
    level:
      r.level ??
      (r.kind !== undefined && r.kind !== 'fail' ? 'none' : undefined) ??
      rule?.defaultConfiguration?.level ??
      'warning',
    message: r.message.text ?? r.message.markdown ?? r.message.id ?? '',
    location: location?.artifactLocation?.uri
      ? `${location.artifactLocation.uri}${location.region?.startLine ? `:${location.region.startLine}` : ''}`
      : null,
    suppressed:
      suppressions.length > 0 &&
      !suppressions.some((s) => s.status === 'underReview' || s.status === 'rejected'),
    suppressions: suppressions.map((s) => ({
      kind: s.kind,
      justification: s.justification ?? null,
    })),
  };
}
