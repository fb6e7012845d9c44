import type { ParseArgsConfig } from 'node:util';
import type { CliIO } from './io.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  name: string;
  /** One line for `docket --help`. */
  summary: string;
  /** The command's help text after its usage line. */
  help: string;
  usage: string;
  options: OptionSpec;
  run(values: OptionValues, positionals: string[], io: CliIO): Promise<number>;
}

/** Options every command that reads the organisation takes. */
export const COMMON_OPTIONS: OptionSpec = {
  config: { type: 'string' },
  content: { type: 'string' },
  evidence: { type: 'string' },
};

export const COMMON_HELP = `  --config FILE      organisation config (default: ./docket.config.yaml, if present)
  --content DIR      content folder: controls and documents (default: config's \`content\`, else ./content)
  --evidence DIR     evidence store (default: config's \`evidence\`, else ./evidence)`;

/** The COMMON_OPTIONS as given, for loadWorkspace. */
export function commonOptions(values: OptionValues): {
  config: string | undefined;
  content: string | undefined;
  evidence: string | undefined;
} {
  return {
    config: str(values, 'config'),
    content: str(values, 'content'),
    evidence: str(values, 'evidence'),
  };
}

export function str(values: OptionValues, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}
