import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/core/check.ts';
import { RULES } from '../../src/rules/index.ts';
import { readSiteData } from '../../src/site/load.ts';
import { buildSiteData } from '../../src/site/site-data.ts';
import { tempDir } from '../helpers/cli.ts';
import { control, modelOf } from '../rules/helpers.ts';

describe('the site data the pages read', () => {
  it('is read back as written', async () => {
    const model = modelOf([control('OPS-01')], '2026-11-22');
    const data = buildSiteData(model, runRules(model, RULES), RULES);
    const file = join(await tempDir(), 'site-data.json');
    await writeFile(file, JSON.stringify(data));
    expect(readSiteData(file)).toEqual(JSON.parse(JSON.stringify(data)));
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
