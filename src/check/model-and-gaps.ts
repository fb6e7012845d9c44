import { runRules } from '../core/check.ts';
import { auditPeriod } from '../core/config.ts';
import { InputError, sortProblems } from '../core/problems.ts';
import { RULES } from '../rules/index.ts';
import { loadEvidence } from '../evidence/read.ts';
import type { CheckInput, ModelAndGaps } from './check.ts';
import { later } from './later.ts';
import type { CheckWorker } from './worker.ts';

/**
 * The whole model, its gaps and the content files it was read from, for the site and the commands
 * that show evidence: the worker reads the content while this thread reads all the evidence; then
 * every rule runs here over the whole model. Content problems are reported first.
 */
export async function modelAndGaps(
  input: CheckInput,
  asOf: string,
  worker: CheckWorker,
): Promise<ModelAndGaps> {
  const evidence = later(loadEvidence(input.evidenceDir));
  const { files, content, problems } = await worker.content.get();
  if (problems.length) throw new InputError(sortProblems(problems));
  const model = {
    config: input.config,
    content,
    evidence: await evidence.get(),
    asOf,
    period: auditPeriod(input.config, asOf),
  };
  return { model, gaps: runRules(model, RULES), files };
}
