import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.ts';
import { REPO } from '../helpers/site.ts';

// Docket as a user adopts it: `npm pack` this repository, install the tarball with npm into an
// empty git repository, and run the installed command there. Slow (a pack, an npm install and a
// site build): one file, generous timeouts.

const run = promisify(execFile);
const AS_OF = '2026-11-20';
/** This Node (the repository's 24) first on the PATH: npm, npx and the bin's shebang use it. */
const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('VITEST') && !k.startsWith('npm_') && k !== 'NODE_ENV',
    ),
  ),
  PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
  ASTRO_TELEMETRY_DISABLED: '1',
  GITHUB_ACTIONS: '',
};

/** A Node older than 24 on this machine's PATH, if there is one (this machine's own is 20). */
const OLD_NODE = (process.env.PATH ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'node'))
  .filter((node) => node !== process.execPath && existsSync(node))
  .find((node) => {
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' });
    return Number(/^v(\d+)/.exec(version)?.[1]) < 24;
  });

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function sh(cmd: string, args: string[], cwd: string): Promise<Result> {
  try {
    const r = await run(cmd, args, { cwd, env: ENV, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function ok(cmd: string, args: string[], cwd: string): Promise<Result> {
  const r = await sh(cmd, args, cwd);
  if (r.code !== 0)
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return r;
}

interface Packed {
  filename: string;
  size: number;
  entryCount: number;
  files: { path: string }[];
}

/** Temporary folders this file made: the installation alone is a few hundred megabytes. */
const made: string[] = [];
let packed: Packed;
let tarball: string;
/** The empty git repository the tarball is installed into. */
let user: string;

beforeAll(async () => {
  const out = await tempDir();
  made.push(out);
  const pack = await ok('npm', ['pack', '--json', '--pack-destination', out], REPO);
  packed = (JSON.parse(pack.stdout) as Packed[])[0] as Packed;
  tarball = join(out, packed.filename);
  user = join(await tempDir(), 'compliance');
  made.push(dirname(user));
  await mkdir(user);
  await ok('git', ['init', '--quiet', '.'], user);
  await ok(
    'npm',
    ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
    user,
  );
}, 600_000);

afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('holds the compiled CLI with its types, the site sources and the starter files', () => {
    const paths = packed.files.map((f) => f.path);
    for (const path of [
      'bin/docket.js',
      'lib/src/cli/main.js',
      'lib/src/check/worker-entry.js',
      'lib/src/site/build-entry.js',
      'lib/src/index.js',
      'lib/src/index.d.ts',
      'lib/src/core/frameworks/soc2.json',
      'src/pages/index.astro',
      'src/layouts/Base.astro',
      'src/content.config.ts',
      'src/site/load.ts',
      'templates/init/docket.config.yaml',
      'templates/init/dot-github/workflows/content-check.yml',
      'README.md',
      'package.json',
    ])
      expect(paths).toContain(path);
  });

  it("holds no tests, no example audit data and none of this repository's workflows", () => {
    const unwanted = packed.files
      .map((f) => f.path)
      .filter(
        (p) =>
          /^(test|testkit|scripts|audit|evidence|content|\.github|\.ci|collectors|dist)\//.test(
            p,
          ) ||
          /\.test\.[jt]s$/.test(p) ||
          /(^|\/)(tsconfig[^/]*\.json|tsbuildinfo|astro\.config\.mjs|package-lock\.json)$/.test(p),
      );
    expect(unwanted).toEqual([]);
  });

  it('is the size and file count the README states (within a tenth)', async () => {
    const readme = await readFile(join(REPO, 'README.md'), 'utf8');
    const stated = /tarball is about (\d+) kB \((\d+) files[;)]/.exec(readme);
    expect(stated, 'README: "the tarball is about N kB (M files)"').not.toBeNull();
    const [kB, files] = [Number(stated?.[1]), Number(stated?.[2])];
    expect(Math.abs(packed.size / 1000 - kB) / kB).toBeLessThan(0.1);
    expect(Math.abs(packed.entryCount - files) / files).toBeLessThan(0.1);
  });

  it("asks for the Node that bin/docket.js checks for, at least Astro's own minimum", async () => {
    const pkg = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    const bin = await readFile(join(REPO, 'bin', 'docket.js'), 'utf8');
    const min = /const MIN_NODE = (\d+);/.exec(bin)?.[1];
    expect(pkg.engines.node).toBe(`>=${min}`);
    const astro = JSON.parse(
      await readFile(join(REPO, 'node_modules', 'astro', 'package.json'), 'utf8'),
    ) as { engines: { node: string } };
    const astroMin = Number(/>=\s*(\d+)/.exec(astro.engines.node)?.[1]);
    expect(Number(min)).toBeGreaterThanOrEqual(astroMin);
  });
});

describe('installed into an empty git repository', () => {
  it('init scaffolds, check checks and build publishes a site with its search index', async () => {
    const node = await ok('node', ['--version'], user);
    expect(node.stdout.trim()).toBe(`v${process.versions.node}`);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);

    const init = await ok('npx', ['docket', 'init'], user);
    expect(init.stdout).toMatch(/created +docket\.config\.yaml/);
    expect(init.stdout).toMatch(/created +content\/controls\/chg-01\.md/);

    const check = await sh('npx', ['docket', 'check', '--as-of', AS_OF], user);
    expect(check.stderr).not.toMatch(/ERR_|TYPE_STRIPPING/);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^9 controls, \d+ with gaps; \d+ gaps/m);

    // The site's title, logo and accent come from docket.config.yaml.
    const config = join(user, 'docket.config.yaml');
    await writeFile(
      config,
      (await readFile(config, 'utf8')).replace(
        /^site:\n {2}title: .*$/m,
        'site:\n  title: Initech compliance\n  logo: brand/logo.svg\n  accent: "#7a1fa2"',
      ),
    );
    await mkdir(join(user, 'brand'));
    const logo = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>';
    await writeFile(join(user, 'brand', 'logo.svg'), logo);

    const build = await ok('npx', ['docket', 'build', '--as-of', AS_OF], user);
    expect(build.stderr).toMatch(/docket build: \d+ pages in /);
    const home = await readFile(join(user, 'dist', 'index.html'), 'utf8');
    expect(home).toContain('<title>Dashboard · Initech compliance</title>');
    expect(home).toContain('<img src="/logo.svg" alt=""');
    expect(home).toContain('--accent:#7a1fa2');
    expect(await readFile(join(user, 'dist', 'logo.svg'), 'utf8')).toBe(logo);
    const control = await readFile(join(user, 'dist', 'controls', 'chg-01', 'index.html'), 'utf8');
    expect(control).toContain('data-pagefind-body');
    const bundle = await readdir(join(user, 'dist', 'pagefind'));
    expect(bundle).toContain('pagefind.js');
    expect(bundle).toContain('pagefind-entry.json');
    const entry = JSON.parse(
      await readFile(join(user, 'dist', 'pagefind', 'pagefind-entry.json'), 'utf8'),
    ) as { languages: Record<string, { page_count: number }> };
    expect(Object.values(entry.languages)[0]?.page_count).toBeGreaterThan(9);

    // Nothing of Astro came into the repository: what git would add is the user's own.
    const untracked = (await ok('git', ['ls-files', '--others', '--exclude-standard'], user)).stdout
      .split('\n')
      .filter(Boolean);
    const tops = [...new Set(untracked.map((p) => p.split('/')[0]))].sort();
    expect(tops).toEqual([
      '.github',
      '.gitignore',
      '.node-version',
      'README.md',
      'brand',
      'content',
      'docket.config.yaml',
      'package-lock.json',
      'package.json',
    ]);
  }, 300_000);

  it.skipIf(OLD_NODE === undefined)(
    'refuses an older Node with a message that says so',
    async () => {
      const r = await sh(
        OLD_NODE as string,
        [join(user, 'node_modules', 'docket', 'bin', 'docket.js'), 'check'],
        user,
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^docket needs Node 24 or later; this is Node \d+\./);
      expect(r.stderr).toMatch(/^Install Node 24 or later/m);
    },
  );

  it('checks content outside the scaffold (--content) as the checkout does', async () => {
    const elsewhere = await tempDir();
    made.push(elsewhere);
    await cp(join(REPO, 'content'), join(elsewhere, 'content'), { recursive: true });
    const installed = await ok(
      'npx',
      [
        'docket',
        'check',
        '--content',
        join(elsewhere, 'content'),
        '--as-of',
        AS_OF,
        '--format',
        'json',
      ],
      user,
    );
    const source = await runCli(
      ['check', '--content', join(elsewhere, 'content'), '--as-of', AS_OF, '--format', 'json'],
      { cwd: user },
    );
    expect(source.code).toBe(0);
    expect(JSON.parse(installed.stdout)).toMatchObject({ as_of: AS_OF });
    expect(installed.stdout).toBe(source.stdout);

    await cp(join(REPO, 'test', 'fixtures', 'bad-content'), join(elsewhere, 'bad'), {
      recursive: true,
    });
    const bad = await sh('npx', ['docket', 'check', '--content', join(elsewhere, 'bad')], user);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^controls\/[\w.-]+\.md:\d+: /m);
  }, 120_000);

  it('gives the typed API to a program that imports docket', async () => {
    await writeFile(
      join(user, 'gaps.mjs'),
      [
        "import { check, loadConfig, loadContent, readGaps, serializeGapsFile } from 'docket';",
        "import { writeFile } from 'node:fs/promises';",
        "const input = await loadConfig('docket.config.yaml');",
        'const { content, problems } = loadContent(input.contentDir);',
        `const gaps = await check(input, { asOf: '${AS_OF}', want: 'gaps' });`,
        "await writeFile('gaps.json', serializeGapsFile(gaps));",
        "const read = await readGaps('gaps.json');",
        'const controls = content.controls.length;',
        'const same = read.summary.with_gaps === gaps.summary.with_gaps;',
        'console.log(JSON.stringify({ controls, problems: problems.length, gaps: read.gaps.length,',
        '  same }));',
      ].join('\n'),
    );
    const r = await ok('node', ['gaps.mjs'], user);
    const cli = await ok('npx', ['docket', 'check', '--as-of', AS_OF, '--format', 'json'], user);
    const expected = (JSON.parse(cli.stdout) as { gaps: unknown[] }).gaps.length;
    expect(JSON.parse(r.stdout)).toEqual({ controls: 9, problems: 0, gaps: expected, same: true });

    // The declarations type a TypeScript consumer, and catch a wrong call.
    await writeFile(
      join(user, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'es2024',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['use.mts'],
      }),
    );
    const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    await writeFile(
      join(user, 'use.mts'),
      "import { readGaps, type GapsFile } from 'docket';\n" +
        "const gaps: GapsFile = await readGaps('gaps.json');\n" +
        'export const n: number = gaps.summary.controls;\n',
    );
    await ok('node', [tsc, '-p', '.'], user);
    await writeFile(
      join(user, 'use.mts'),
      "import { readGaps } from 'docket';\nexport const n: string = (await readGaps(1)).as_of;\n",
    );
    const wrong = await sh('node', [tsc, '-p', '.'], user);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toMatch(/use\.mts\(2,\d+\): error TS2345/);
  }, 120_000);
});
