import { readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  docketPackage,
  fillPlaceholders,
  templateFiles,
  templatesDir,
} from '../../src/cli/commands/init.ts';
import { loadCommands } from '../../src/cli/main.ts';
import { parseConfig } from '../../src/core/config.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

const REPO = join(import.meta.dirname, '..', '..');

/** What `docket init` writes: the issue's list, spelled out so a lost template fails here. */
const EXPECTED = [
  '.github/workflows/content-check.yml',
  '.github/workflows/nightly.yml',
  '.gitignore',
  '.node-version',
  'README.md',
  'content/controls/acc-01.md',
  'content/controls/acc-02.md',
  'content/controls/chg-01.md',
  'content/controls/chg-02.md',
  'content/controls/chg-03.md',
  'content/controls/gov-01.md',
  'content/controls/ir-01.md',
  'content/controls/log-01.md',
  'content/controls/vul-01.md',
  'content/policies/access-control-policy.md',
  'content/policies/information-security-policy.md',
  'content/procedures/access-review.md',
  'content/procedures/break-glass-access.md',
  'content/procedures/emergency-change.md',
  'content/processes/change-management.md',
  'content/processes/incident-response.md',
  'content/processes/vulnerability-management.md',
  'docket.config.yaml',
  'package.json',
];

/** Every file under `dir`, by its path with forward slashes, with its bytes and mtime. */
async function snapshot(dir: string): Promise<Map<string, { bytes: Buffer; mtime: number }>> {
  const files = new Map<string, { bytes: Buffer; mtime: number }>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    files.set(relative(dir, path).split(sep).join('/'), {
      bytes: await readFile(path),
      mtime: (await stat(path)).mtimeMs,
    });
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function scaffold(): Promise<string> {
  const dir = join(await tempDir(), 'compliance');
  const r = await runCli(['init', dir], { cwd: REPO });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return dir;
}

describe('docket init', () => {
  it('creates the starter repository, listing every file it created', async () => {
    const cwd = await tempDir();
    const r = await runCli(['init', 'compliance'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const dir = join(cwd, 'compliance');
    expect([...(await snapshot(dir)).keys()]).toEqual(EXPECTED);
    const listed = r.stdout.split('\n').filter((l) => l.startsWith('created'));
    expect(listed).toEqual(EXPECTED.map((f) => `created  ${f}`));
    expect(r.stdout).toContain(`docket init: ${EXPECTED.length} created in compliance`);
    expect(r.stdout).toContain('cd compliance\n  npm install');
    // Every placeholder is filled.
    for (const [file, { bytes }] of await snapshot(dir))
      expect(bytes.toString('utf8'), file).not.toMatch(/\{\{[A-Z]/);
  });

  it('scaffolds into the current folder by default', async () => {
    const cwd = await tempDir();
    const r = await runCli(['init'], { cwd });
    expect(r.code).toBe(0);
    expect([...(await snapshot(cwd)).keys()]).toEqual(EXPECTED);
    expect(r.stdout).not.toContain('cd ');
  });

  it('a rerun changes nothing: every file byte-identical and untouched, all listed as skipped', async () => {
    const dir = await scaffold();
    const before = await snapshot(dir);
    const r = await runCli(['init', dir], { cwd: REPO });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(0, -1)).toEqual(EXPECTED.map((f) => `skipped  ${f} (already there)`));
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^docket init: nothing to do in .*: all ${EXPECTED.length} files are already there \\(skipped\\); --force overwrites them$`,
      ),
    );
    expect(await snapshot(dir)).toEqual(before);
  });

  it('leaves a hand-edited file alone, and recreates only what is missing', async () => {
    const dir = await scaffold();
    const control = join(dir, 'content/controls/chg-01.md');
    const edited = (await readFile(control, 'utf8')).replace(
      'min_approvals: 1',
      'min_approvals: 2',
    );
    await writeFile(control, edited);
    await rm(join(dir, 'README.md'));
    const r = await runCli(['init', dir], { cwd: REPO });
    expect(r.code).toBe(0);
    expect(await readFile(control, 'utf8')).toBe(edited);
    expect(r.stdout).toContain('skipped  content/controls/chg-01.md (already there)\n');
    expect(r.stdout).toContain('created  README.md\n');
    expect(r.stdout).toContain(`docket init: 1 created, ${EXPECTED.length - 1} skipped in `);
  });

  it('--force overwrites files that are already there', async () => {
    const dir = await scaffold();
    const control = join(dir, 'content/controls/chg-01.md');
    const original = await readFile(control, 'utf8');
    await writeFile(control, 'hand-edited\n');
    const r = await runCli(['init', dir, '--force'], { cwd: REPO });
    expect(r.code).toBe(0);
    expect(await readFile(control, 'utf8')).toBe(original);
    expect(r.stdout).toContain('overwritten  content/controls/chg-01.md\n');
    expect(r.stdout).toContain('unchanged    docket.config.yaml\n');
    expect(r.stdout).toContain(`docket init: 1 overwritten, ${EXPECTED.length - 1} unchanged in `);
  });

  it('--force leaves a symbolic link alone rather than write through it', async () => {
    const dir = await scaffold();
    const outside = join(await tempDir(), 'elsewhere.md');
    await writeFile(outside, 'not ours\n');
    await rm(join(dir, 'README.md'));
    await symlink(outside, join(dir, 'README.md'));
    const r = await runCli(['init', dir, '--force'], { cwd: REPO });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^skipped +README\.md \(a symbolic link: left alone\)$/m);
    expect(await readFile(outside, 'utf8')).toBe('not ours\n');
  });

  it("pins the running Docket's name and version in package.json, with check and build scripts", async () => {
    const dir = await scaffold();
    const own = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(pkg.dependencies).toEqual({ [own.name]: own.version });
    expect(pkg.scripts.check).toBe('docket check');
    expect(pkg.scripts.build).toBe('docket build');
    expect(await docketPackage()).toEqual({ root: REPO, name: own.name, version: own.version });
    expect(await readFile(join(dir, 'docket.config.yaml'), 'utf8')).toContain(
      `Docket ${own.version}`,
    );
  });

  it('refuses a DIR that is a file (exit 2), and writes nothing', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'notes.txt'), 'x\n');
    const r = await runCli(['init', 'notes.txt'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'docket init: notes.txt is a file, not a folder: give a folder to scaffold into\n',
    );
    expect([...(await snapshot(cwd)).keys()]).toEqual(['notes.txt']);
  });

  it('refuses, before writing anything, when a file stands where a folder is needed', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'content'), 'not a folder\n');
    const r = await runCli(['init'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('docket init: cannot scaffold into .; nothing written:\n');
    expect(r.stderr).toContain('  content/controls/acc-01.md: content is not a folder\n');
    expect([...(await snapshot(cwd)).keys()]).toEqual(['content']);
  });

  it('takes at most one folder', async () => {
    const r = await runCli(['init', 'a', 'b'], { cwd: await tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('docket init: expected at most one folder, got 2\n');
  });

  it('fills only its own placeholders: workflow expressions are left alone', () => {
    const values = { DOCKET_VERSION: '1.2.3' };
    expect(fillPlaceholders('v{{DOCKET_VERSION}} ${{ github.run_id }}', values, 'f')).toBe(
      'v1.2.3 ${{ github.run_id }}',
    );
    expect(() => fillPlaceholders('{{NOPE}}', values, 'f.md')).toThrow(
      'f.md: unknown placeholder {{NOPE}}',
    );
  });
});

describe('the scaffolded content', () => {
  it('passes docket check with no content problems; its gaps are only those of templates without evidence', async () => {
    const dir = await scaffold();
    const summary = await runCli(['check', '--as-of', '2026-11-22'], { cwd: dir });
    expect(summary.stderr).not.toMatch(/problem/);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('9 controls');

    const r = await runCli(['check', '--as-of', '2026-11-22', '--out', '-'], { cwd: dir });
    expect(r.code).toBe(0);
    const gaps = JSON.parse(r.stdout) as {
      gaps: { rule: string; subject: string; control: string | null }[];
    };
    // No broken links, unmapped documents or controls: only reviews to do and evidence to collect.
    expect(new Set(gaps.gaps.map((g) => g.rule))).toEqual(
      new Set(['review-missing', 'control-no-evidence']),
    );
    // Every starter document maps to a control, so its review gap lands on one.
    for (const g of gaps.gaps) expect(g.control, g.subject).not.toBeNull();
    expect(gaps.gaps.filter((g) => g.rule === 'review-missing')).toHaveLength(
      EXPECTED.filter((f) => /^content\/(policies|processes|procedures)\//.test(f)).length,
    );
  });

  it('docket backlinks lists documents for every control, and --write is then a no-op', async () => {
    const dir = await scaffold();
    const r = await runCli(['backlinks'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('(no documents)');
    expect(r.stdout).toMatch(
      /^CHG-01 Change Review and Approval\n {2}processes\/change-management\.md \^\[/m,
    );
    const first = await runCli(['backlinks', '--write'], { cwd: dir });
    expect(first.code).toBe(0);
    const second = await runCli(['backlinks', '--write'], { cwd: dir });
    expect(second.stderr).toContain('0 of 9 control files updated');
  });

  it('every commented example in docket.config.yaml is valid once uncommented', async () => {
    const dir = await scaffold();
    const text = await readFile(join(dir, 'docket.config.yaml'), 'utf8');
    // A commented-out setting is `# key:` or a `#` followed by its indentation; prose starts with a capital.
    const uncommented = text.replace(/^(\s*)# (?=[a-z_]+:|\s)/gm, '$1');
    const { config, problems } = parseConfig(uncommented, 'docket.config.yaml');
    expect(problems).toEqual([]);
    expect(config?.github.repos).toEqual(['your-org/api', 'your-org/*']);
    expect(config?.aws?.break_glass_roles).toHaveLength(1);
    expect(config?.sarif_dir).toBe('audit/sarif');
    expect(config?.issues?.repo).toBe('your-org/compliance');
    expect(config?.period).toBeDefined();
    expect(config?.site.url).toBeDefined();
    // As written, the config reads too.
    expect(parseConfig(text, 'docket.config.yaml').problems).toEqual([]);
  });
});

const WORKFLOWS = (await templateFiles(templatesDir(await docketPackage()))).filter((t) =>
  t.target.startsWith('.github/workflows/'),
);

describe('the scaffolded workflows', () => {
  const files = WORKFLOWS;
  const read = async (source: string) => {
    const text = await readFile(source, 'utf8');
    return {
      text,
      doc: parse(text) as {
        permissions?: unknown;
        on: Record<string, unknown>;
        jobs: Record<string, { permissions?: unknown; steps?: { run?: string }[] }>;
      },
    };
  };

  it('are the nightly run and the pull-request check', () => {
    expect(files.map((f) => f.target)).toEqual([
      '.github/workflows/content-check.yml',
      '.github/workflows/nightly.yml',
    ]);
  });

  it.each(files.map((f) => [f.target, f.source]))(
    '%s validates against the workflow schema and sets permissions on every job',
    async (_target, source) => {
      const { text, doc } = await read(source);
      expect(validateWorkflow(text).errors).toEqual([]);
      for (const [job, spec] of Object.entries(doc.jobs))
        expect(spec.permissions ?? doc.permissions, job).toBeDefined();
    },
  );

  it('install Docket as a dependency and run it with npx; the commands and options exist', async () => {
    const commands = await loadCommands();
    const runs: string[] = [];
    for (const f of files) {
      const { doc } = await read(f.source);
      for (const job of Object.values(doc.jobs)) {
        const steps = (job.steps ?? []).map((s) => s.run ?? '');
        runs.push(...steps);
        if (steps.some((r) => r.includes('npx docket'))) expect(steps).toContain('npm ci');
      }
    }
    const invocations = runs.flatMap((r) =>
      [...r.matchAll(/npx docket ([^\n]+)/g)].map((m) =>
        (m[1] as string)
          .replace(/\$\{\{[^}]*\}\}/g, '')
          .replace(/"/g, '')
          .trim()
          .split(/\s+/),
      ),
    );
    expect(invocations.map((a) => a[0]).sort()).toEqual([
      'build',
      'check',
      'collect',
      'issues',
      'verify',
    ]);
    for (const [name, ...args] of invocations) {
      const command = commands.find((c) => c.name === name);
      expect(command, name).toBeDefined();
      // `check --format` comes with the pull-request annotations (issue 13), built on another branch.
      const options = { format: { type: 'string' as const }, ...command!.options };
      expect(
        () => parseArgs({ args, options, allowPositionals: false, strict: true }),
        `${name} ${args.join(' ')}`,
      ).not.toThrow();
    }
  });

  it('the pull-request check runs on changes to content/ and annotates with --format github', async () => {
    const { doc, text } = await read(
      files.find((f) => f.target.endsWith('content-check.yml'))!.source,
    );
    const on = doc.on as { pull_request: { paths: string[] } };
    expect(on.pull_request.paths).toContain('content/**');
    expect(text).toContain('run: npx docket check --format github');
    expect(doc.permissions).toEqual({ contents: 'read' });
  });

  it('the nightly run has no permissions by default, and only the issue sync may write issues', async () => {
    const { doc, text } = await read(files.find((f) => f.target.endsWith('nightly.yml'))!.source);
    expect(doc.permissions).toEqual({});
    for (const [job, spec] of Object.entries(doc.jobs))
      expect((spec.permissions as Record<string, string>).issues, job).toBe(
        job === 'issues' ? 'write' : undefined,
      );
    expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/);
  });
});
