import { z } from 'zod';
import { ScanRun, type ScanResult } from '../../src/core/schemas/sarif.ts';

// The part of SARIF 2.1.0 Docket reads; tools add much more, which is ignored.
const Level = z.enum(['error', 'warning', 'note', 'none']);
const Message = z.looseObject({
  text: z.string().optional(),
  markdown: z.string().optional(),
  id: z.string().optional(),
});
const SarifFile = z.looseObject({
  version: z.string(),
  runs: z.array(
    z.looseObject({
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
      results: z
        .array(
          z.looseObject({
            ruleId: z.string().optional(),
            ruleIndex: z.number().int().optional(),
            rule: z
              .looseObject({ id: z.string().optional(), index: z.number().int().optional() })
              .optional(),
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
          }),
        )
        .nullable()
        .optional(),
    }),
  ),
});

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

/** Parses one SARIF file into runs; throws with the reason when it is not SARIF 2.1.0. */
export function parseSarif(file: string, text: string): ScanRun[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = SarifFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not a SARIF log: ${issue?.path.join('.') || 'document'}: ${issue?.message}`);
  }
  if (parsed.data.version !== '2.1.0')
    throw new Error(`SARIF version ${parsed.data.version} is not supported (expected 2.1.0)`);
  const fromPath = commitFromPath(file);
  return parsed.data.runs.map((run, runIndex) => {
    const driver = run.tool.driver;
    const rules = driver.rules ?? [];
    const provenance = run.versionControlProvenance?.[0];
    const results: ScanResult[] = (run.results ?? []).map((r) => {
      const index = r.ruleIndex ?? r.rule?.index;
      const rule =
        (r.ruleId ? rules.find((x) => x.id === r.ruleId) : undefined) ??
        (index !== undefined ? rules[index] : undefined);
      const location = r.locations?.[0]?.physicalLocation;
      const suppressions = (r.suppressions ?? []).map((s) => ({
        kind: s.kind,
        status: s.status ?? null,
        justification: s.justification ?? null,
      }));
      return {
        rule_id: r.ruleId ?? r.rule?.id ?? rule?.id ?? 'unknown',
        // SARIF: a result without a level takes its rule's default, else "warning".
        level: r.level ?? rule?.defaultConfiguration?.level ?? 'warning',
        message: r.message.text ?? r.message.markdown ?? r.message.id ?? '',
        location: location?.artifactLocation?.uri
          ? `${location.artifactLocation.uri}${location.region?.startLine ? `:${location.region.startLine}` : ''}`
          : null,
        suppressed: suppressions.some((s) => s.status === null || s.status === 'accepted'),
        suppressions: suppressions.map((s) => ({ kind: s.kind, justification: s.justification })),
      };
    });
    return ScanRun.parse({
      file,
      run_index: runIndex,
      tool: driver.name,
      tool_version: driver.semanticVersion ?? driver.version ?? null,
      commit: provenance?.revisionId ?? fromPath,
      branch: provenance?.branch?.replace(/^refs\/heads\//, '') ?? null,
      repository: provenance?.repositoryUri ?? null,
      rules: rules.map((x) => ({ id: x.id, name: x.name ?? null })),
      results,
    });
  });
}
