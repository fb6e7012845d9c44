import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
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
  const ws: Workspace = {
    config,
    configFile: found ? configFile : null,
    root,
    // Command-line folders are relative to where the user stands; config folders to the config file.
    contentDir:
      opts.content !== undefined ? resolve(io.cwd, opts.content) : resolve(root, config.content),
    evidenceDir:
      opts.evidence !== undefined ? resolve(io.cwd, opts.evidence) : resolve(root, config.evidence),
  };
  const named =
    opts.evidence !== undefined
      ? '--evidence'
      : config.evidence !== defaultConfig().evidence
        ? `evidence: in ${opts.config ?? CONFIG_FILE}`
        : null;
  for (const w of await evidenceWarnings(ws.evidenceDir, [root, io.cwd], named))
    io.stderr(`warning: ${w}\n`);
  return ws;
}

const inside = (dir: string, folder: string) => {
  const rel = relative(folder, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * What is wrong with where the evidence store is: outside the repository (git, its chain of
 * custody, does not keep it), or a folder the user named that does not exist.
 */
export async function evidenceWarnings(
  evidenceDir: string,
  repository: readonly string[],
  named: string | null,
): Promise<string[]> {
  const out: string[] = [];
  if (!repository.some((folder) => inside(evidenceDir, folder)))
    out.push(
      `the evidence store ${evidenceDir} lies outside the repository (${repository[0]}): ` +
        `git does not keep it, so nothing records what was collected`,
    );
  const info = await stat(evidenceDir).catch(() => null);
  if (info && !info.isDirectory())
    throw new UsageError(`the evidence store ${evidenceDir} is not a folder`);
  if (!info && named)
    out.push(
      `the evidence store ${evidenceDir} (${named}) does not exist: nothing collected there yet`,
    );
  return out;
}

export function parseAsOf(value: string | undefined, io: CliIO): string {
  if (value === undefined) return io.today();
  const parsed = IsoDate.safeParse(value);
  if (!parsed.success)
    throw new UsageError(`--as-of: ${JSON.stringify(value)} is not a date YYYY-MM-DD`);
  return parsed.data;
}
