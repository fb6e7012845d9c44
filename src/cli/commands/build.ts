import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../../collectors/store/atomic-file.ts';
import { serializeGapsFile } from '../../core/gaps.ts';
import { buildSiteData } from '../../core/site-data.ts';
import { RULES } from '../../rules/index.ts';
import { COMMON_HELP, COMMON_OPTIONS, str, type Command } from '../command.ts';
import type { CliIO } from '../io.ts';
import { writeEvidencePages } from '../evidence-pages.ts';
import { checkWorkspace } from '../pipeline.ts';
import { loadWorkspace, parseAsOf } from '../workspace.ts';
import { summarize } from './check.ts';

/** The Docket package root: where astro.config.mjs and the site's pages live. */
export const PACKAGE_ROOT = resolve(import.meta.dirname, '..', '..', '..');

export const build: Command = {
  name: 'build',
  summary: 'check, then build the static site and its search index into dist/',
  usage: 'docket build [--as-of DATE] [--out DIR]',
  help: `Runs \`docket check\`, renders every control, document, framework matrix and gap as a
static site with Astro, and indexes it for search with pagefind. The gaps file is published
with the site as gaps.json. Content problems stop the build before anything is written.

  --as-of DATE       the date to check as of, YYYY-MM-DD (default: today, UTC)
  --out DIR          where to write the site (default: dist)
  --base PATH        URL path the site is served under, e.g. /compliance/ for GitHub Pages
${COMMON_HELP}`,
  options: { ...COMMON_OPTIONS, 'as-of': { type: 'string' }, out: { type: 'string' }, base: { type: 'string' } },
  async run(values, _positionals, io) {
    const asOf = parseAsOf(str(values, 'as-of'), io);
    const ws = await loadWorkspace({ config: str(values, 'config'), content: str(values, 'content'), evidence: str(values, 'evidence') }, io);
    const { model, gaps } = await checkWorkspace(ws, asOf);
    io.stderr(summarize(gaps));
    const outDir = resolve(io.cwd, str(values, 'out') ?? 'dist');
    const dataFile = resolve(io.cwd, '.docket', 'site-data.json');
    await mkdir(dirname(dataFile), { recursive: true });
    const evidenceDir = resolve(io.cwd, '.docket', 'evidence');
    const { links } = await writeEvidencePages(ws.evidenceDir, model.evidence.manifest, evidenceDir);
    await writeFileAtomic(dataFile, JSON.stringify(buildSiteData(model, gaps, RULES, { evidenceLinks: links })));

    const started = Date.now();
    await buildSite({ dataFile, evidenceDir, contentDir: ws.contentDir, outDir, base: str(values, 'base'), siteUrl: ws.config.site.url }, io);
    await writeFileAtomic(join(outDir, 'gaps.json'), serializeGapsFile(gaps));
    const pages = await indexSite(outDir);
    io.stderr(`docket build: ${pages} pages in ${outDir} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    return 0;
  },
};

interface SiteBuild {
  dataFile: string;
  evidenceDir: string;
  contentDir: string;
  outDir: string;
  base: string | undefined;
  siteUrl: string | undefined;
}

async function buildSite(opts: SiteBuild, io: CliIO): Promise<void> {
  // Astro reads these while loading its config and content collections, in this process.
  const env: Record<string, string> = {
    DOCKET_SITE_DATA: opts.dataFile,
    DOCKET_EVIDENCE_PAGES: opts.evidenceDir,
    DOCKET_CONTENT: opts.contentDir,
    DOCKET_OUT_DIR: opts.outDir,
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  if (opts.base !== undefined) env.DOCKET_BASE_PATH = opts.base;
  if (opts.siteUrl !== undefined) env.DOCKET_SITE_URL = opts.siteUrl;
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    await rm(opts.outDir, { recursive: true, force: true });
    const { build: astroBuild } = await import('astro');
    await astroBuild({ root: PACKAGE_ROOT, outDir: opts.outDir, logLevel: io.isTTY ? 'info' : 'warn' });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function indexSite(outDir: string): Promise<number> {
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: outDir });
    if (added.errors.length) throw new Error(`pagefind: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(outDir, 'pagefind') });
    if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}

export async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
