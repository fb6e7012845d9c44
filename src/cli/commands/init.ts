import { lstat, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import type { Command } from '../command.ts';
import { UsageError } from '../io.ts';

/** Docket's own package: where its starter files are, and the name and version to pin. */
export interface DocketPackage {
  root: string;
  name: string;
  version: string;
}

/** The nearest package.json above this file: Docket's, whether run from a clone or installed. */
export async function docketPackage(from: string = import.meta.dirname): Promise<DocketPackage> {
  for (let dir = from; ; dir = dirname(dir)) {
    let text: string | null = null;
    try {
      text = await readFile(join(dir, 'package.json'), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text === null) {
      if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
      continue;
    }
    const pkg = JSON.parse(text) as { name?: unknown; version?: unknown };
    if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string')
      throw new Error(`${join(dir, 'package.json')} has no name or version`);
    return { root: dir, name: pkg.name, version: pkg.version };
  }
}

/** The starter files, shipped with the package. */
export function templatesDir(pkg: DocketPackage): string {
  return join(pkg.root, 'templates', 'init');
}

export interface TemplateFile {
  /** Absolute path of the template. */
  source: string;
  /** Path in the new repository, with forward slashes. */
  target: string;
}

/**
 * Every template, sorted by where it goes. A path segment `dot-NAME` is written as `.NAME`: npm
 * drops or renames some dotfiles when it packs a package (.gitignore, .npmrc), so the templates
 * carry none.
 */
export async function templateFiles(dir: string): Promise<TemplateFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => {
      const source = join(e.parentPath, e.name);
      const target = relative(dir, source)
        .split(sep)
        .map((s) => (s.startsWith('dot-') ? `.${s.slice('dot-'.length)}` : s))
        .join('/');
      return { source, target };
    })
    .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

/**
 * Fills `{{NAME}}` placeholders (upper case, no spaces, so a workflow's `${{ github.run_id }}`
 * is left alone). A placeholder without a value is a bug in the templates.
 */
export function fillPlaceholders(
  text: string,
  values: Readonly<Record<string, string>>,
  file: string,
): string {
  return text.replace(/\{\{([A-Z][A-Z0-9_]*)\}\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${file}: unknown placeholder {{${name}}}`);
    return value;
  });
}

type Action = 'created' | 'skipped' | 'overwritten' | 'unchanged';

interface Step {
  target: string;
  path: string;
  text: string;
  action: Action;
  note?: string;
}

async function lstatOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

/** Why a parent folder of `target` cannot be created in `root`; null when it can. */
async function blockedParent(root: string, target: string): Promise<string | null> {
  const parts = target.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const folder = parts.slice(0, i).join('/');
    let isDir: boolean;
    try {
      isDir = (await stat(join(root, folder))).isDirectory(); // a symbolic link to a folder will do
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    if (!isDir) return `${folder} is not a folder`;
  }
  return null;
}

export const init: Command = {
  name: 'init',
  summary: 'scaffold a compliance repository: config, starter controls and documents, workflows',
  usage: 'docket init [DIR] [--force]',
  help: `Writes a starter compliance repository into DIR (default: the current folder; created if
missing): a commented docket.config.yaml; content/ with starter controls mapped to SOC 2 and
ISO/IEC 27001:2022 and their checks, and policy, process and procedure templates mapped to them;
a package.json that pins this version of Docket; GitHub workflows for the nightly run and for
checking pull requests; a README and a .gitignore.

A file that is already there is never overwritten: it is listed as skipped, so running init
again changes nothing. To see what a newer Docket's starter files look like, run init into an
empty folder and compare.

  --force            overwrite files that are already there with the starter files

Exit status: 0 done (or nothing to do); 2 when DIR is a file, when a file stands where a folder
is needed (nothing is written then), or when the system refuses a write.`,
  options: { force: { type: 'boolean' } },
  async run(values, positionals, io) {
    if (positionals.length > 1)
      throw new UsageError(`expected at most one folder, got ${positionals.length}`);
    const dirArg = positionals[0] ?? '.';
    const dir = resolve(io.cwd, dirArg);
    const force = values.force === true;
    const existing = await stat(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (existing !== null && !existing.isDirectory())
      throw new UsageError(`${dirArg} is a file, not a folder: give a folder to scaffold into`);

    const pkg = await docketPackage();
    const placeholders = { DOCKET_PACKAGE: pkg.name, DOCKET_VERSION: pkg.version };
    const templates = await templateFiles(templatesDir(pkg));
    if (templates.length === 0)
      throw new Error(`Docket's starter files are missing from ${templatesDir(pkg)}`);

    // Decide every file first, so a conflict stops the command before anything is written.
    const steps: Step[] = [];
    const conflicts: string[] = [];
    for (const t of templates) {
      const path = join(dir, ...t.target.split('/'));
      const text = fillPlaceholders(await readFile(t.source, 'utf8'), placeholders, t.target);
      const blocked = await blockedParent(dir, t.target);
      if (blocked !== null) {
        conflicts.push(`${t.target}: ${blocked}`);
        continue;
      }
      const present = await lstatOrNull(path);
      if (present === null) steps.push({ target: t.target, path, text, action: 'created' });
      else if (!force)
        steps.push({ target: t.target, path, text, action: 'skipped', note: 'already there' });
      else if (present.isFile())
        steps.push({
          target: t.target,
          path,
          text,
          action: (await readFile(path, 'utf8')) === text ? 'unchanged' : 'overwritten',
        });
      else if (present.isSymbolicLink())
        steps.push({
          target: t.target,
          path,
          text,
          action: 'skipped',
          note: 'a symbolic link: left alone',
        });
      else conflicts.push(`${t.target}: already there and not a file`);
    }
    if (conflicts.length > 0)
      throw new UsageError(
        `cannot scaffold into ${dirArg}; nothing written:\n${conflicts.map((c) => `  ${c}`).join('\n')}`,
      );

    let written = 0;
    for (const s of steps) {
      try {
        if (s.action === 'created') {
          await mkdir(dirname(s.path), { recursive: true });
          try {
            await writeFile(s.path, s.text, { flag: 'wx' }); // never replaces a file that appeared meanwhile
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
            s.action = 'skipped';
            s.note = 'already there';
            continue;
          }
        } else if (s.action === 'overwritten') await writeFile(s.path, s.text);
        else continue;
        written++;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS' && code !== 'ENOSPC')
          throw err;
        const error = new UsageError(
          `cannot write ${s.target} in ${dirArg} (${code}); ${written} files were written ` +
            `before it, and a rerun keeps them`,
        );
        error.cause = err;
        throw error;
      }
    }

    const width = Math.max(...steps.map((s) => s.action.length));
    for (const s of steps)
      io.stdout(`${s.action.padEnd(width)}  ${s.target}${s.note ? ` (${s.note})` : ''}\n`);
    const count = (a: Action) => steps.filter((s) => s.action === a).length;
    const where = posix.normalize(dirArg.split(sep).join('/'));
    if (count('skipped') === steps.length) {
      io.stdout(
        `docket init: nothing to do in ${where}: all ${steps.length} files are already ` +
          `there (skipped); --force overwrites them\n`,
      );
      return 0;
    }
    const done = (['created', 'overwritten', 'unchanged', 'skipped'] as const)
      .filter((a) => count(a) > 0)
      .map((a) => `${count(a)} ${a}`);
    io.stdout(
      `docket init: ${done.join(', ')} in ${where} (Docket ${pkg.version})\n\nNext:\n` +
        (where === '.'
          ? ''
          : `  cd ${/^[\w./@+-]+$/.test(where) ? where : JSON.stringify(where)}\n`) +
        '  npm install        # installs the pinned Docket; commit package-lock.json\n' +
        '  npx docket check   # the starter content has gaps until its templates are filled in\n' +
        'README.md says what is where; docket.config.yaml explains each setting.\n',
    );
    return 0;
  },
};
