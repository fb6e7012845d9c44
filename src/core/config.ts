import type { Problem } from './problems.ts';
import type { Period } from './schemas/common.ts';
import { DocketConfig } from './schemas/config.ts';
import { parseYaml, validateYaml } from './yaml-source.ts';

/** Parses `docket.config.yaml` text; every unknown key or bad value is a problem with its line. */
export function parseConfig(
  text: string,
  file: string,
): { config: DocketConfig | null; problems: Problem[] } {
  const source = parseYaml(text, file);
  if (source.problems.length) return { config: null, problems: source.problems };
  if (source.data === null || source.data === undefined)
    return { config: DocketConfig.parse({}), problems: [] };
  const result = validateYaml(source, DocketConfig, file);
  return result.value
    ? { config: result.value, problems: [] }
    : { config: null, problems: result.problems };
}

export function defaultConfig(): DocketConfig {
  return DocketConfig.parse({});
}

/** The audit period: the config's, else the calendar year of the as-of date. */
export function auditPeriod(config: DocketConfig, asOf: string): Period {
  return config.period ?? { start: `${asOf.slice(0, 4)}-01-01`, end: `${asOf.slice(0, 4)}-12-31` };
}
