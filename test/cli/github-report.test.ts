// `docket check --format github`, run as GitHub Actions runs it (a child process with
// GITHUB_ACTIONS and GITHUB_STEP_SUMMARY set), read back with a parser written from GitHub's
// documentation of workflow commands ("Setting an error message"; escaping of data and
// properties as in the runner: % \r \n in both, and : , in property values).
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.ts';
import { frontmatterLine } from '../../src/cli/github-report.ts';

const BIN = resolve(import.meta.dirname, '../../bin/docket.js');

interface Command {
  command: string;
  properties: Record<string, string>;
  message: string;
}

const unescapeData = (s: string) =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));

/** `::command key=value,key=value::message`, one a line. */
function parseCommands(stdout: string): Command[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('::'))
    .map((line) => {
      const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
      if (!m) throw new Error(`not a workflow command: ${line}`);
      const properties: Record<string, string> = {};
      for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
        const eq = pair.indexOf('=');
        properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
      }
      return { command: m[1] as string, properties, message: unescapeData(m[3] as string) };
    });
}

async function org(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

function runInActions(cwd: string, args: string[]) {
  const summary = join(cwd, 'step-summary.md');
  const r = spawnSync(process.execPath, [BIN, 'check', '--as-of', '2026-11-20', ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
  });
  return { ...r, summary };
}

const CONTROL = `---
id: OPS-01
title: Change Management
owner: eng
frameworks: { soc2: [CC8.1] }
---
Changes are reviewed.
`;

// A file name and a title that need escaping: , : in the path (a content file may not be named
// with %, which the site cannot link), % and a newline in the title.
const ODD = 'content/policies/a,b:c d.md';
const ODD_DOC = `---
type: policy
title: "Access 100%\\nreviewed: yes, always"
owner: sec
last_reviewed: 2024-01-10
review_cadence: annual
controls: [OPS-01]
---
Body.

See [the missing control](../controls/ops-99.md).
`;

describe('docket check --format github', () => {
  it('annotates document gaps on their file and line, escaped as GitHub documents', async () => {
    const dir = await org({ 'content/controls/ops-01.md': CONTROL, [ODD]: ODD_DOC });
    await writeFile(join(dir, 'step-summary.md'), '');
    const r = runInActions(dir, []);
    expect(r.status).toBe(0);
    const commands = parseCommands(r.stdout);
    // Nothing else reaches stdout: each line is one command.
    expect(r.stdout.trim().split('\n')).toHaveLength(commands.length);
    const overdue = commands.find((c) => c.properties.title?.includes('review-overdue'));
    expect(overdue).toMatchObject({
      command: 'warning',
      properties: { file: ODD, line: String(frontmatterLine(ODD_DOC, 'last_reviewed')) },
      message: 'Access 100%\nreviewed: yes, always: annual review was due 2025-01-10',
    });
    expect(overdue?.properties.line).toBe('5');
    const broken = commands.find((c) => c.properties.title?.includes('broken-control-link'));
    expect(broken?.properties).toMatchObject({ file: ODD, line: '11' });
    // The raw output carries the escapes, never a bare newline or separator inside a field.
    expect(r.stdout).toContain('file=content/policies/a%2Cb%3Ac d.md');
    expect(r.stdout).toContain('::Access 100%25%0Areviewed: yes, always');
    const summary = await readFile(r.summary, 'utf8');
    expect(summary).toContain('## Docket check');
    expect(summary).toMatch(/\| OPS-01 \| \d+ \| \d+ \| \d+ \|/);
  });

  it('annotates content problems as errors and still exits 2', async () => {
    const dir = await org({
      'content/controls/ops-01.md': CONTROL,
      'content/policies/bad.md':
        '---\ntype: policy\ntitle: T\nowner: o\nlast_reviewed: 2026-02-30\n---\n',
    });
    const r = runInActions(dir, []);
    expect(r.status).toBe(2);
    expect(parseCommands(r.stdout)).toEqual([
      {
        command: 'error',
        properties: {
          title: 'Docket: content problem',
          file: 'content/policies/bad.md',
          line: '5',
        },
        message: 'last_reviewed: "2026-02-30" is not a calendar date (no such day)',
      },
    ]);
    expect(await readFile(r.summary, 'utf8')).toContain('1 content problem');
    expect(r.stderr).toContain('policies/bad.md:5: last_reviewed');
  });

  it('prints the summary text without GITHUB_ACTIONS, and json on request', async () => {
    const dir = await org({ 'content/controls/ops-01.md': CONTROL });
    const text = spawnSync(process.execPath, [BIN, 'check', '--as-of', '2026-11-20'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(text.stdout).toMatch(/^as of 2026-11-20/);
    const json = spawnSync(
      process.execPath,
      [BIN, 'check', '--format', 'json', '--as-of', '2026-11-20'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      },
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ as_of: '2026-11-20' });
    const bad = spawnSync(process.execPath, [BIN, 'check', '--format', 'xml'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format: expected text, json or github');
  });
});
