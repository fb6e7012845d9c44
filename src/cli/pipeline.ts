import { runRules } from '../core/check.ts';
import { loadContent, type ContentFile } from '../core/content/load.ts';
import { FRAMEWORKS } from '../core/frameworks/index.ts';
import type { Model } from '../core/model.ts';
import { InputError, sortProblems } from '../core/problems.ts';
import type { GapsFile } from '../core/schemas/gaps.ts';
import { RULES } from '../rules/index.ts';
import { readContentFiles } from './content-files.ts';
import { loadEvidence } from './evidence.ts';
import { auditPeriod, type Workspace } from './workspace.ts';

/** Loads content and evidence into the model; throws InputError listing every content problem. */
export async function loadModel(ws: Workspace, asOf: string): Promise<Model> {
  return (await loadModelAndFiles(ws, asOf)).model;
}

async function loadModelAndFiles(ws: Workspace, asOf: string): Promise<{ model: Model; files: ContentFile[] }> {
  const { files, problems: readProblems } = await readContentFiles(ws.contentDir);
  const { content, problems } = loadContent(files, { controlsDirs: ws.config.controls_dirs, frameworks: FRAMEWORKS, rules: RULES });
  const all = sortProblems([...readProblems, ...problems]);
  if (all.length) throw new InputError(all);
  const evidence = await loadEvidence(ws.evidenceDir);
  return { model: { config: ws.config, content, evidence, asOf, period: auditPeriod(ws.config, asOf) }, files };
}

/** The model, its gaps, and the content files it was read from. */
export async function checkWorkspace(ws: Workspace, asOf: string): Promise<{ model: Model; gaps: GapsFile; files: ContentFile[] }> {
  const { model, files } = await loadModelAndFiles(ws, asOf);
  return { model, gaps: runRules(model, RULES), files };
}
