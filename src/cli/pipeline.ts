import { runRules } from '../core/check.ts';
import type { ContentFile } from '../core/content/load.ts';
import type { Model } from '../core/model.ts';
import { InputError, sortProblems } from '../core/problems.ts';
import type { GapsFile } from '../core/schemas/gaps.ts';
import { RULES } from '../rules/index.ts';
import { loadContentInWorker } from './content-load.ts';
import { loadEvidence } from './evidence.ts';
import { auditPeriod, type Workspace } from './workspace.ts';
import { buildSiteData, type SiteControl, type SitePopulation } from '../core/site-data.ts';
import { UsageError } from './io.ts';

/** Loads content and evidence into the model; throws InputError listing every content problem. */
export async function loadModel(ws: Workspace, asOf: string): Promise<Model> {
  return (await loadModelAndFiles(ws, asOf, false)).model;
}

async function loadModelAndFiles(ws: Workspace, asOf: string, rulesOnly: boolean): Promise<{ model: Model; files: ContentFile[] }> {
  // Content on a worker thread, evidence here, side by side; content problems are reported first.
  const contentLoad = loadContentInWorker({ contentDir: ws.contentDir, controlsDirs: ws.config.controls_dirs });
  const evidenceLoad = loadEvidence(ws.evidenceDir, rulesOnly ? { rulesOnly: ws.config } : {});
  evidenceLoad.catch(() => {}); // awaited below, unless the content fails first
  const { files, content, problems } = await contentLoad;
  const all = sortProblems(problems);
  if (all.length) throw new InputError(all);
  const evidence = await evidenceLoad;
  return { model: { config: ws.config, content, evidence, asOf, period: auditPeriod(ws.config, asOf) }, files };
}

/** The model, its gaps, and the content files it was read from. */
export async function checkWorkspace(ws: Workspace, asOf: string, opts: { rulesOnly?: boolean } = {}): Promise<{ model: Model; gaps: GapsFile; files: ContentFile[] }> {
  const { model, files } = await loadModelAndFiles(ws, asOf, opts.rulesOnly ?? false);
  return { model, gaps: runRules(model, RULES), files };
}

/** A control's populations exactly as the site shows them (statuses, accepted risk, evidence links aside). */
export async function controlPopulations(ws: Workspace, asOf: string, controlId: string): Promise<{ control: SiteControl; period: { start: string; end: string } }> {
  const { model, gaps } = await checkWorkspace(ws, asOf);
  const accepted = new Set((model.evidence.accepted ?? []).map((a) => `${a.control ?? ''}|${a.rule}`));
  const data = buildSiteData(model, gaps, RULES, { accepted });
  const control = data.controls.find((c) => c.id.toLowerCase() === controlId.toLowerCase());
  if (!control) throw new UsageError(`--control: no control ${controlId} (controls: ${data.controls.map((c) => c.id).join(', ')})`);
  return { control, period: data.period };
}

/** The population a command names, or the control's only one. */
export function choosePopulation(control: SiteControl, kind: string | undefined): SitePopulation {
  if (control.populations.length === 0) throw new UsageError(`${control.id} has no evidence population: none of its checks reads collected evidence`);
  if (kind === undefined) {
    if (control.populations.length > 1) throw new UsageError(`${control.id} has several populations; choose one with --population (${control.populations.map((p) => p.kind).join(', ')})`);
    return control.populations[0] as SitePopulation;
  }
  const found = control.populations.find((p) => p.kind === kind);
  if (!found) throw new UsageError(`--population: ${control.id} has no population ${kind} (it has ${control.populations.map((p) => p.kind).join(', ')})`);
  return found;
}
