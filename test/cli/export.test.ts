import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { buildSite, EXAMPLE_AS_OF, exampleOrg } from '../helpers/site.ts';

// An auditor may take a population from the site's download links or from the CLI: the same rows.
let org: string;
let dist: string;

beforeAll(async () => {
  org = await exampleOrg();
  dist = await buildSite(org);
}, 180_000);

const exportPopulation = (control: string, format: string, extra: string[] = []) =>
  runCli(['export', '--control', control, '--format', format, '--as-of', EXAMPLE_AS_OF, ...extra], {
    cwd: org,
  });

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe('docket export', () => {
  it.each([
    ['OPS-03', 'production-deployments'],
    ['IAC-01', 'production-changes'],
  ])('writes the CSV the site offers for %s, byte for byte', async (control, kind) => {
    const r = await exportPopulation(control, 'csv');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      await readFile(
        join(dist, 'controls', control.toLowerCase(), 'populations', `${kind}.csv`),
        'utf8',
      ),
    );
    expect(parseCsv(r.stdout).length).toBeGreaterThan(2);
  });

  it('writes the JSON the site offers (there gzip-compressed), with the rows of the CSV', async () => {
    const json = await exportPopulation('OPS-03', 'json');
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).toBe(
      gunzipSync(
        await readFile(join(dist, 'controls/ops-03/populations/production-deployments.json.gz')),
      ).toString('utf8'),
    );
    const doc = JSON.parse(json.stdout) as {
      control: string;
      period: { start: string; end: string };
      rows?: Record<string, unknown>[];
      items?: Record<string, unknown>[];
    };
    expect(doc.control).toBe('OPS-03');
    const rows = (doc.rows ?? doc.items) as Record<string, unknown>[];
    const [header, ...csvRows] = parseCsv((await exportPopulation('OPS-03', 'csv')).stdout);
    expect(rows.map((r) => r.subject)).toEqual(
      csvRows.map((r) => r[(header as string[]).indexOf('subject')]),
    );
    expect(rows.length).toBe(54);
  });

  it('writes to a file with --out, and names what it wrote', async () => {
    const r = await exportPopulation('OPS-03', 'csv', ['--out', 'ops-03.csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('docket export: wrote 54 rows to ops-03.csv\n');
    expect(await readFile(join(org, 'ops-03.csv'), 'utf8')).toBe(
      (await exportPopulation('OPS-03', 'csv')).stdout,
    );
  });

  it('rejects an unknown control and an unknown format, naming the choices', async () => {
    const bad = await exportPopulation('NOPE-01', 'csv');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--control: no control NOPE-01 \(controls: BCK-01, /);
    const format = await exportPopulation('OPS-03', 'xml');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format: csv, json or pdf');
  });
});
