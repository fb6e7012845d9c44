import type { Problem } from './problems.ts';
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
