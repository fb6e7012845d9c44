// Docket's programmatic API (the package's `exports`): load a compliance repository's config and
// content, run the check, read a gaps file. The CLI is built on the same functions.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseConfig, defaultConfig } from './core/config.ts';
import { loadContent as linkContentFiles, type Content } from './core/content/load.ts';
import { FRAMEWORKS } from './core/frameworks/index.ts';
import { InputError, UsageError, type Problem } from './core/problems.ts';
import { GapsFile } from './core/schemas/gaps.ts';
import { DocketConfig } from './core/schemas/config.ts';
import { RULES } from './rules/index.ts';
import { readContentFiles } from './check/content-files.ts';
import type { CheckInput } from './check/check.ts';

export { check } from './check/check.ts';
export type {
  CheckInput,
  CheckRequest,
  GapsRequest,
  ModelAndGaps,
  ModelRequest,
} from './check/check.ts';
export type { Content, Control, ContentDocument } from './core/content/load.ts';
export type { Model } from './core/model.ts';
export type { Problem } from './core/problems.ts';
export { InputError, UsageError, formatProblem } from './core/problems.ts';
export { GapsFile, Gap } from './core/schemas/gaps.ts';
export { DocketConfig } from './core/schemas/config.ts';
export { serializeGapsFile } from './core/gaps.ts';

/**
 * Reads `docket.config.yaml` (or the defaults when `file` is null) and resolves its folders
 * against the config file's folder: the input `check()` takes. Throws an InputError naming the
 * file, line and key of every problem.
 */
export async function loadConfig(file: string | null): Promise<CheckInput> {
  if (file === null) {
    const config = defaultConfig();
    return {
      config,
      contentDir: resolve(config.content),
      evidenceDir: resolve(config.evidence),
    };
  }
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new UsageError(`config file ${path} does not exist`);
  }
  const parsed = parseConfig(text, file);
  if (!parsed.config) throw new InputError(parsed.problems);
  return {
    config: parsed.config,
    contentDir: resolve(dirname(path), parsed.config.content),
    evidenceDir: resolve(dirname(path), parsed.config.evidence),
  };
}

/**
 * Reads, validates and cross-links a content folder (controls and documents) without evidence.
 * Every problem of every file is returned (`file` relative to the folder); the content is only
 * usable when `problems` is empty. A missing folder throws a UsageError.
 */
export function loadContent(
  contentDir: string,
  opts: { controlsDirs?: readonly string[] } = {},
): { content: Content; problems: Problem[] } {
  const controlsDirs = opts.controlsDirs ?? DocketConfig.parse({}).controls_dirs;
  const { files, problems } = readContentFiles(resolve(contentDir));
  const loaded = linkContentFiles(files, { controlsDirs, frameworks: FRAMEWORKS, rules: RULES });
  return { content: loaded.content, problems: [...problems, ...loaded.problems] };
}

/**
 * Reads a gaps file (`docket check --out`, or a site's gaps.json) and validates it against the
 * GapsFile schema; throws an InputError naming the file and the field that does not fit.
 */
export async function readGaps(file: string): Promise<GapsFile> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError([{ file, line: 0, message: `not JSON: ${(err as Error).message}` }]);
  }
  const parsed = GapsFile.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new InputError(
    parsed.error.issues.map((i) => ({
      file,
      line: 0,
      message: `${i.path.join('.') || '(root)'}: ${i.message}`,
    })),
  );
}
