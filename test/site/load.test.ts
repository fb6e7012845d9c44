import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/core/check.ts';
import { RULES } from '../../src/rules/index.ts';
import { writeSiteData } from '../../src/cli/site-data-files.ts';
import { pageDataIn, populationsIn, readSiteData } from '../../src/site/load.ts';
import { buildSiteData, splitSiteData } from '../../src/site/site-data.ts';
import { tempDir } from '../helpers/cli.ts';
import { githubModel, pr } from '../rules/github-fixtures.ts';
import { control, modelOf } from '../rules/helpers.ts';

describe('the site data the pages read', () => {
  it("is read back as written: the core, and each population's rows when a page asks", async () => {
    const model = githubModel('pr-missing-approval', '', [
      pr({ number: 1 }),
      pr({ number: 2, reviews: [] }),
    ]);
    const data = buildSiteData(model, runRules(model, RULES), RULES);
    const file = join(await tempDir(), 'site-data.json');
    await writeSiteData(file, data);
    const { core } = splitSiteData(data);
    expect(readSiteData(file)).toEqual(JSON.parse(JSON.stringify(core)));
    // The core carries each population's size and preview, not its rows.
    const head = readSiteData(file).controls[0]?.populations[0];
    expect(head).toMatchObject({ kind: 'merged-pull-requests', size: 2 });
    expect(head).not.toHaveProperty('items');
    // A repository's page data: the head in the core, its pull requests apart.
    expect(readSiteData(file).repositories[0]).not.toHaveProperty('with_gaps');
    expect(pageDataIn(file).repository(0)).toEqual(
      JSON.parse(JSON.stringify(data.repositories[0])),
    );
    // The scans page's data: counts in the core, its commits apart.
    expect(readSiteData(file).scans).toEqual({
      commits: data.scans.commits.length,
      runs: data.scans.commits.reduce((n, c) => n + c.runs.length, 0),
    });
    expect(pageDataIn(file).scans()).toEqual(JSON.parse(JSON.stringify(data.scans)));
    const rows = populationsIn(file)('OPS-01', 'merged-pull-requests');
    expect(rows).toEqual(JSON.parse(JSON.stringify(data.controls[0]?.populations[0]?.items)));
    expect(rows.map((r) => r.status).sort()).toEqual(['gap', 'passes']);
  });

  it('is refused, naming the file and the field, when it is not what the site renders', async () => {
    const model = modelOf([control('OPS-01')], '2026-11-22');
    const data = buildSiteData(model, runRules(model, RULES), RULES);
    const file = join(await tempDir(), 'site-data.json');
    await writeFile(
      file,
      JSON.stringify({ ...data, controls: [{ ...data.controls[0], status: 'fine' }] }),
    );
    expect(() => readSiteData(file)).toThrow(/site-data\.json[\s\S]*controls\[0\]\.status/);
  });
});
