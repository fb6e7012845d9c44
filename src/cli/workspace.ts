import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { defaultConfig, parseConfig } from '../core/config.ts';
import { InputError } from '../core/problems.ts';
import { IsoDate } from '../core/schemas/common.ts';
import type { DocketConfig } from '../core/schemas/config.ts';
import { UsageError, type CliIO } from './io.ts';

// The audit period moved to core, where the check engine reads it; collect imports it from here.
export { auditPeriod } from '../core/config.ts';

export const CONFIG_FILE = 'docket.config.yaml';

export interface CommonOptions {
  config?: string | undefined;
  content?: string | undefined;
  evidence?: string | undefined;
}

/** The organisation's config with every folder resolved to an absolute path. */
export interface Workspace {
  config: DocketConfig;
  /** The config file read, or null when defaults are used. */
  configFile: string | null;
  /** The folder config paths are relative to. */
  root: string;
  contentDir: string;
  evidenceDir: string;
}

export async function loadWorkspace(opts: CommonOptions, io: CliIO): Promise<Workspace> {
  const explicit = opts.config !== undefined;
  const configFile = resolve(io.cwd, opts.config ?? CONFIG_FILE);
  let config = defaultConfig();
  let found = true;
  try {
    const text = await readFile(configFile, 'utf8');
    const parsed = parseConfig(text, opts.config ?? CONFIG_FILE);
    if (!parsed.config) throw new InputError(parsed.problems);
    config = parsed.config;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (explicit) throw new UsageError(`config file ${opts.config} does not exist`);
    found = false;
  }
  const root = found ? dirname(configFile) : io.cwd;
  return {
    config,
    configFile: found ? configFile : null,
    root,
    // Command-line folders are relative to where the user stands; config folders to the config file.
    contentDir:
      opts.content !== undefined ? resolve(io.cwd, opts.content) : resolve(root, config.content),
    evidenceDir:
      opts.evidence !== undefined ? resolve(io.cwd, opts.evidence) : resolve(root, config.evidence),
  };
}

export function parseAsOf(value: string | undefined, io: CliIO): string {
  if (value === undefined) return io.today();
  const parsed = IsoDate.safeParse(value);
  if (!parsed.success)
    throw new UsageError(`--as-of: ${JSON.stringify(value)} is not a date YYYY-MM-DD`);
  return parsed.data;
}
