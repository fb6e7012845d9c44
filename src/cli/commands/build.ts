import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../../evidence/atomic-file.ts';
import type { SiteBuildRequest } from '../../site/astro-config.ts';
import { CONTENT_PROBLEM_EXIT, readContentProblem } from '../../site/build-problem.ts';
import { InputError } from '../../core/problems.ts';
import { siteLogoPath } from '../../site/site-data.ts';
import { redactedCopy } from '../../evidence/store.ts';
import { verifyStore } from '../../evidence/verify.ts';
import { type Command, COMMON_HELP, COMMON_OPTIONS, commonOptions, str } from '../command.ts';
import { UsageError, type CliIO } from '../io.ts';
import { withLock } from '../build-lock.ts';
import { prepareSiteApart } from '../site-prepare.ts';
import { mebibytes, pagesLimit, siteSizeWarning } from '../site-size.ts';
import { siteBuildEnv } from '../site-build-env.ts';
import { loadWorkspace, parseAsOf, type Workspace } from '../workspace.ts';
import { docketPackage } from './init.ts';

/**
 * The site build's entry, beside this module: TypeScript run directly in a checkout, the compiled
 * JavaScript in lib/ when installed (so a stale lib/ never builds a checkout's site).
 */
const BUILD_ENTRY = new URL(
  `../../site/build-entry${extname(import.meta.filename)}`,
  import.meta.url,
);

export const build: Command = {
  name: 'build',
  summary: 'check, then build the static site and its search index into dist/',
  usage: 'docket build [--as-of DATE] [--out DIR] [--base PATH] [--allow-unverified]',
  help: `Runs \`docket check\`, renders every control, document, framework matrix and gap as a
static site with Astro, and indexes it for search with pagefind. The gaps file is published
with the site as gaps.json. Content problems stop the build before anything is written.

  --as-of DATE       the date to check as of, YYYY-MM-DD (default: today, UTC)
  --out DIR          where to write the site (default: dist)
  --base PATH        URL path the site is served under, e.g. /compliance/ for GitHub Pages
  --allow-unverified build even if the evidence store fails \`docket verify\` (the site shows a warning)
${COMMON_HELP}`,
  options: {
    ...COMMON_OPTIONS,
    'as-of': { type: 'string' },
    out: { type: 'string' },
    base: { type: 'string' },
    'allow-unverified': { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const asOf = parseAsOf(str(values, 'as-of'), io);
    const ws = await loadWorkspace(commonOptions(values), io);
    const verified = await verifyStore(ws.evidenceDir);
    if (!verified.ok) {
      for (const p of verified.problems) io.stderr(`${p}\n`);
      if (!values['allow-unverified']) {
        io.stderr(
          `docket build: the evidence store at ${ws.evidenceDir} fails verification ` +
            `(above); nothing built. Restore it from git, or pass --allow-unverified ` +
            `to publish it marked as unverified.\n`,
        );
        return 2;
      }
      io.stderr(
        'docket build: --allow-unverified: building from an evidence store that fails ' +
          'verification; the site says so on every page\n',
      );
    }
    const logo = await readLogo(ws);
    // Files the store did not write may hold anything: the site reads a copy redacted again.
    let read = ws;
    if (!verified.ok) {
      read = { ...ws, evidenceDir: resolve(io.cwd, '.docket', 'unverified-store') };
      await redactedCopy(ws.evidenceDir, read.evidenceDir);
    }
    const outDir = resolve(io.cwd, str(values, 'out') ?? 'dist');
    const dataFile = resolve(io.cwd, '.docket', 'site', 'site-data.json');
    await mkdir(dirname(dataFile), { recursive: true });
    const evidenceDir = resolve(io.cwd, '.docket', 'evidence');
    const rawRecordsDir = resolve(io.cwd, '.docket', 'evidence-records');
    const siteContent = resolve(io.cwd, '.docket', 'content');
    const gapsFile = resolve(io.cwd, '.docket', 'gaps.json');
    // On a thread of its own: the whole model is let go with it, before the site build starts.
    await prepareSiteApart(
      {
        read,
        contentDir: ws.contentDir,
        asOf,
        unverified: verified.ok ? [] : verified.problems,
        base: str(values, 'base') ?? '/',
        dataFile,
        evidenceDir,
        rawRecordsDir,
        siteContent,
        gapsFile,
      },
      io.stderr,
    );

    const started = Date.now();
    const site = {
      dataFile,
      evidenceDir,
      contentDir: siteContent,
      cacheKey: ws.contentDir,
      outDir,
      base: str(values, 'base'),
      siteUrl: ws.config.site.url,
      requestFile: resolve(io.cwd, '.docket', 'site-build.json'),
      packageRoot: (await docketPackage()).root,
    };
    await withLock(
      join(site.packageRoot, 'node_modules', '.docket-build'),
      () => io.stderr('docket build: waiting for another site build of this Docket installation\n'),
      () => buildSite(site, io),
    );
    const rendered = Date.now();
    // Each record page's normalised records, published beside it (records.ndjson.gz).
    await cp(rawRecordsDir, outDir, { recursive: true });
    await writeFileAtomic(join(outDir, 'gaps.json'), await readFile(gapsFile, 'utf8'));
    if (logo !== null) await writeFile(join(outDir, logo.path), logo.bytes);
    const pages = await indexSite(outDir);
    const s = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
    const bytes = await directorySize(outDir);
    io.stderr(
      `docket build: ${pages} pages in ${outDir}, ${mebibytes(bytes)} ` +
        `(${s(started, Date.now())}: pages ${s(started, rendered)}, search index ` +
        `${s(rendered, Date.now())})\n`,
    );
    const warning = siteSizeWarning(outDir, bytes, pagesLimit(io.env));
    if (warning) io.stderr(warning);
    return 0;
  },
};

/** The configured logo (`site.logo`, relative to the config file) and its path in the site. */
async function readLogo(ws: Workspace): Promise<{ path: string; bytes: Buffer } | null> {
  const logo = ws.config.site.logo;
  if (logo === undefined) return null;
  const file = resolve(ws.root, logo);
  try {
    return { path: siteLogoPath(logo), bytes: await readFile(file) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EISDIR' && code !== 'EACCES') throw err;
    throw new UsageError(
      `${ws.configFile ?? 'docket.config.yaml'}: site.logo: cannot read ${file} (${code})`,
    );
  }
}

interface SiteBuild {
  dataFile: string;
  /** Names the Astro cache: one per organisation. */
  cacheKey: string;
  evidenceDir: string;
  contentDir: string;
  outDir: string;
  base: string | undefined;
  siteUrl: string | undefined;
  /** Where the request to the site build (build-entry.ts) is written. */
  requestFile: string;
  /** The Docket package: the Astro project (its src/pages, layouts, styles) is its root. */
  packageRoot: string;
}

/**
 * Builds with Astro into a staging folder inside the Docket package (its prerender chunks import
 * Astro's own packages, which resolve only from there), with an Astro cache per content folder
 * (builds of different organisations never share one), then moves the site to `outDir`.
 */
async function buildSite(opts: SiteBuild, io: CliIO): Promise<void> {
  const staging = join(
    opts.packageRoot,
    'node_modules',
    '.docket-build',
    `${process.pid}-${randomUUID()}`,
  );
  const cacheDir = join(
    opts.packageRoot,
    'node_modules',
    '.docket-cache',
    createHash('sha256').update(opts.cacheKey).digest('hex').slice(0, 16),
  );
  const request: SiteBuildRequest = {
    root: opts.packageRoot,
    siteData: opts.dataFile,
    evidencePages: opts.evidenceDir,
    content: opts.contentDir,
    outDir: staging,
    cacheDir,
    ...(opts.base !== undefined ? { base: opts.base } : {}),
    ...(opts.siteUrl !== undefined ? { siteUrl: opts.siteUrl } : {}),
  };
  await writeFileAtomic(opts.requestFile, JSON.stringify(request));
  const env = siteBuildEnv(process.env);
  try {
    const child = spawn(process.execPath, [fileURLToPath(BUILD_ENTRY), opts.requestFile], {
      cwd: opts.packageRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    const problem = code === CONTENT_PROBLEM_EXIT ? readContentProblem(output) : null;
    // A content file the site could not compile or render: reported like any content problem.
    if (problem) throw new InputError([problem]);
    if (code !== 0) throw new Error(`the site build failed:\n${output.trim()}`);
    if (io.isTTY && output.trim()) io.stderr(output);
    await rm(join(staging, '.prerender'), { recursive: true, force: true });
    await rm(opts.outDir, { recursive: true, force: true });
    await mkdir(dirname(opts.outDir), { recursive: true });
    try {
      await rename(staging, opts.outDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await cp(staging, opts.outDir, { recursive: true });
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Pages sent to pagefind at once: its service indexes them side by side, many times faster than one by one. */
const INDEX_BATCH = 50;

/** Builds the search index from the pages that mark a search body, sent in path order. */
async function indexSite(outDir: string): Promise<number> {
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
    const pages = (await readdir(outDir, { recursive: true }))
      .filter((f) => f.endsWith('.html'))
      .map((f) => f.split(sep).join('/'))
      .sort();
    let batch: Promise<void>[] = [];
    for (const page of pages) {
      const content = await readFile(join(outDir, page), 'utf8');
      if (!content.includes('data-pagefind-body')) continue;
      batch.push(
        index
          .addHTMLFile({ url: `/${page.replace(/(^|\/)index\.html$/, '$1')}`, content })
          .then((added) => {
            if (added.errors.length)
              throw new Error(`pagefind: ${page}: ${added.errors.join('; ')}`);
          }),
      );
      if (batch.length === INDEX_BATCH) {
        await Promise.all(batch);
        batch = [];
      }
    }
    await Promise.all(batch);
    // Pagefind's own writeFiles answers before its last writes reach the disk (tokio writes, never
    // flushed), so closing the service right after could leave a truncated file under load. Take
    // the bundle in memory and write it ourselves.
    const bundle = await index.getFiles();
    if (bundle.errors.length) throw new Error(`pagefind: ${bundle.errors.join('; ')}`);
    await writeBundle(join(outDir, 'pagefind'), bundle.files);
    return pages.length;
  } finally {
    await pagefind.close();
  }
}

/** Writes the search bundle into a staging folder, then swaps it in with one rename. */
async function writeBundle(
  target: string,
  files: { path: string; content: Uint8Array }[],
): Promise<void> {
  const staging = `${target}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  try {
    for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      const path = join(staging, file.path);
      if (!path.startsWith(staging + sep))
        throw new Error(`pagefind: a bundle file outside the bundle: ${file.path}`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content);
    }
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
