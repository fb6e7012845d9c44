// The layers of the house (README, "Development") are held by the linter: a wrong-way import fails
// `npm run lint`. Each case lints a file as if it stood at the given path in this repository.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
// ignore: false lets the deliberate cycle under test/fixtures/ be linted.
const eslint = new ESLint({ cwd: ROOT, ignore: false });

async function importErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) });
  return (result?.messages ?? [])
    .filter(
      (m) => m.ruleId === 'import-x/no-restricted-paths' || m.ruleId === 'no-restricted-imports',
    )
    .map((m) => m.message);
}

describe('layer boundaries', () => {
  it.each([
    ['src/core/wrong-way.ts', "import { main } from '../cli/main.ts';", 'core and rules are pure'],
    [
      'src/core/wrong-way.ts',
      "import { readFile } from 'node:fs/promises';",
      'core and rules are pure',
    ],
    [
      'src/core/wrong-way.ts',
      "import { RULES } from '../rules/index.ts';",
      'core does not import rules',
    ],
    [
      'src/rules/wrong-way.ts',
      "import { graphql } from '@octokit/graphql';",
      'core and rules are pure',
    ],
    [
      'src/rules/wrong-way.ts',
      "import { synth } from '../../scripts/synth.ts';",
      'core and rules are pure',
    ],
    ['src/site/wrong-way.ts', "import { main } from '../cli/main.ts';", 'the site only renders'],
    [
      'src/pages/wrong-way.ts',
      "import { collectGithub } from '../../collectors/github/collect.ts';",
      'the site only renders',
    ],
    [
      'collectors/github/wrong-way.ts',
      "import { main } from '../../src/cli/main.ts';",
      'a collector writes through the evidence store',
    ],
    [
      'scripts/wrong-way.ts',
      "import { runCli } from '../test/helpers/cli.ts';",
      'scripts import generators from testkit/',
    ],
    [
      'testkit/wrong-way.ts',
      "import { runCli } from '../test/helpers/cli.ts';",
      'do not import scripts or tests',
    ],
  ])('%s: %s is refused', async (path, code, reason) => {
    const errors = await importErrors(path, `${code}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(reason);
  });

  it.each([
    ['src/rules/right-way.ts', "import { findGaps } from '../core/check.ts';"],
    ['src/cli/right-way.ts', "import { RULES } from '../rules/index.ts';"],
    ['scripts/right-way.ts', "import { startFakeGithub } from '../testkit/fake-github/index.ts';"],
    ['test/right-way.ts', "import { main } from '../src/cli/main.ts';"],
  ])('%s: %s is allowed', async (path, code) => {
    expect(await importErrors(path, `${code}\n`)).toEqual([]);
  });

  it('refuses an import cycle', async () => {
    const [result] = await eslint.lintFiles([resolve(ROOT, 'test/fixtures/lint/cycle/first.ts')]);
    expect(result?.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
  });
});
