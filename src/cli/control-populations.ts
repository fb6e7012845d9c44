import { RULES } from '../rules/index.ts';
import { check } from '../check/check.ts';
import { buildSiteData, type SiteControl, type SitePopulation } from '../site/site-data.ts';
import { UsageError } from './io.ts';
import type { Workspace } from './workspace.ts';

/**
 * A control's populations exactly as the site shows them (statuses, accepted risk, evidence links
 * aside).
 */
export async function controlPopulations(
  ws: Workspace,
  asOf: string,
  controlId: string,
): Promise<{ control: SiteControl; period: { start: string; end: string } }> {
  const { model, gaps } = await check(ws, { asOf, want: 'model' });
  const accepted = new Set(
    (model.evidence.accepted ?? []).map((a) => `${a.control ?? ''}|${a.rule}`),
  );
  const data = buildSiteData(model, gaps, RULES, { accepted });
  const control = data.controls.find((c) => c.id.toLowerCase() === controlId.toLowerCase());
  if (!control)
    throw new UsageError(
      `--control: no control ${controlId} (controls: ${data.controls.map((c) => c.id).join(', ')})`,
    );
  return { control, period: data.period };
}

/** The population a command names, or the control's only one. */
export function choosePopulation(control: SiteControl, kind: string | undefined): SitePopulation {
  if (control.populations.length === 0)
    throw new UsageError(
      `${control.id} has no evidence population: none of its checks reads collected evidence`,
    );
  if (kind === undefined) {
    if (control.populations.length > 1)
      throw new UsageError(
        `${control.id} has several populations; choose one with --population (${control.populations.map((p) => p.kind).join(', ')})`,
      );
    return control.populations[0] as SitePopulation;
  }
  const found = control.populations.find((p) => p.kind === kind);
  if (!found)
    throw new UsageError(
      `--population: ${control.id} has no population ${kind} (it has ${control.populations.map((p) => p.kind).join(', ')})`,
    );
  return found;
}

/** The control's population a command (export, sample) names, with the control and the period. */
export async function chosenPopulation(
  ws: Workspace,
  asOf: string,
  controlId: string,
  kind: string | undefined,
): Promise<{
  control: SiteControl;
  period: { start: string; end: string };
  population: SitePopulation;
}> {
  const { control, period } = await controlPopulations(ws, asOf, controlId);
  return { control, period, population: choosePopulation(control, kind) };
}
