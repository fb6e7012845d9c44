import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  assumeRole,
  assumedRole,
  BREAK_GLASS_ROLE,
  CI_ROLE,
  PROD,
  serviceEvent,
  SSO_ROLE,
  writeTrail,
} from '../../testkit/cloudtrail.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { brokenLinks, buildSite, page } from '../helpers/site.ts';

// A sandbox account's events are collected, but no control, gap or account page refers to any
// of them: with the default `site.record_pages: referenced` its store file is published whole
// (one page describing it, the file gzip-compressed) instead of a page per 100 records.

const SANDBOX = '333333333333';
const AS_OF = '2026-11-20';
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function org(recordPages?: 'all'): Promise<string> {
  const root = await tempDir();
  const alice = assumedRole(SSO_ROLE, 'alice@acme.test');
  await writeTrail(join(root, 'trail'), [
    assumeRole('2026-06-14T02:14:05Z', alice, BREAK_GLASS_ROLE, 'bg-june'),
    apiCall({
      time: '2026-06-14T02:19:05Z',
      name: 'ModifyDBInstance',
      source: 'rds.amazonaws.com',
      identity: assumedRole(BREAK_GLASS_ROLE, 'bg-june'),
      userAgent: 'aws-cli/2.17.0',
      id: 'june-change',
    }),
    // 150 routine events: two pages' worth, were they shown one by one.
    ...Array.from({ length: 150 }, (_, i) =>
      serviceEvent(
        new Date(Date.UTC(2026, 4, 1 + (i % 28), i % 24)).toISOString().replace('.000Z', 'Z'),
        'autoscaling.amazonaws.com',
        'RunInstances',
        SANDBOX,
      ),
    ),
    // 120 changes by a person in June: the account page sums them up by principal, past its
    // limit of 100 listed one by one, so it links none of them.
    ...Array.from({ length: 120 }, (_, i) =>
      apiCall({
        time: new Date(Date.UTC(2026, 5, 1 + (i % 28), i % 24, 30))
          .toISOString()
          .replace('.000Z', 'Z'),
        name: 'TerminateInstances',
        source: 'ec2.amazonaws.com',
        identity: assumedRole(`arn:aws:iam::${SANDBOX}:role/developer`, 'dev@acme.test', SANDBOX),
        account: SANDBOX,
        userAgent: 'aws-cli/2.17.0',
      }),
    ),
  ]);
  await writeFile(
    join(root, 'docket.config.yaml'),
    [
      'period: { start: 2026-01-01, end: 2026-12-31 }',
      ...(recordPages ? [`site: { title: Acme, record_pages: ${recordPages} }`] : []),
      'aws:',
      '  cloudtrail_dir: trail',
      `  accounts: { "${PROD}": { name: prod, environment: production }, ` +
        `"${SANDBOX}": { name: sandbox, environment: sandbox } }`,
      `  ci_principals: ["${CI_ROLE}"]`,
      `  break_glass_roles: ["${BREAK_GLASS_ROLE}"]`,
      '',
    ].join('\n'),
  );
  await mkdir(join(root, 'content/controls'), { recursive: true });
  await writeFile(
    join(root, 'content/controls/iam-03.md'),
    '---\nid: IAM-03\ntitle: Break-glass access\nowner: security\nchecks:\n' +
      '  - { rule: break-glass-no-postmortem, within_hours: 24 }\n---\nBreak-glass use is reviewed.\n',
  );
  const collected = await runCli(['collect'], { cwd: root });
  if (collected.code !== 0) throw new Error(collected.stderr);
  return root;
}

describe('a store file no page refers to', () => {
  let root: string;
  let dist: string;
  let stderr: string;
  const file = `cloudtrail/${SANDBOX}/2026-05.ndjson`;
  const folder = `evidence/records/cloudtrail/${SANDBOX}/2026-05`;

  beforeAll(async () => {
    root = await org();
    const built = await runCli(['build', '--as-of', AS_OF], { cwd: root, today: AS_OF });
    expect(built.code, built.stderr).toBe(0);
    stderr = built.stderr;
    dist = join(root, 'dist');
  }, 180_000);

  it('is published whole: one page that links the file, which is the store file compressed', async () => {
    expect(stderr).toContain(
      'docket build: 2 of 3 store files (270 records) are published whole, without a page per record',
    );
    const html = await page(dist, `${folder}/1`);
    expect(html).toContain(
      `150, published as the whole file: <a href="/${folder}.ndjson.gz" class="whole-file" download>2026-05.ndjson.gz</a>`,
    );
    expect(html).toContain('no population, gap or evidence page of this site refers to these');
    expect(html).not.toContain('<li id="cloudtrail-');
    expect(await exists(join(dist, folder, '2'))).toBe(false);
    expect(await exists(join(dist, folder, '1', 'records.ndjson.gz'))).toBe(false);

    const stored = await readFile(join(root, 'evidence', file));
    const published = gunzipSync(await readFile(join(dist, `${folder}.ndjson.gz`)));
    expect(published.equals(stored)).toBe(true);
    const manifest = JSON.parse(await readFile(join(root, 'evidence/manifest.json'), 'utf8')) as {
      files: Record<string, { sha256: string }>;
    };
    expect(createHash('sha256').update(published).digest('hex')).toBe(manifest.files[file]?.sha256);
    expect(html).toContain(manifest.files[file]?.sha256);
  });

  it('keeps a page per record for the files whose records a page refers to', async () => {
    const prod = await page(dist, `evidence/records/cloudtrail/${PROD}/2026-06/1`);
    expect(prod).toContain('<li id="cloudtrail-june-change">');
    expect(
      await exists(join(dist, `evidence/records/cloudtrail/${PROD}/2026-06/1/records.ndjson.gz`)),
    ).toBe(true);
    // The sandbox account's page still leads to its months (June's changes are whole too), and
    // no link is left dangling.
    const sandbox = await page(dist, `evidence/accounts/${SANDBOX}`);
    expect(sandbox).toContain(`href="/${folder}/1/"`);
    expect(sandbox).toContain('dev@acme.test');
    const june = await page(dist, `evidence/records/cloudtrail/${SANDBOX}/2026-06/1`);
    expect(june).toContain('120, published as the whole file');
    // The store's file list says which files are published whole.
    const store = await page(dist, 'evidence');
    expect(store).toMatch(
      new RegExp(`>${file}</a><span class="muted"> \\(published whole\\)</span>`),
    );
    expect(store).toMatch(new RegExp(`>cloudtrail/${PROD}/2026-06.ndjson</a></td>`));
    expect(await brokenLinks(dist)).toEqual([]);
  });

  it('has a page per record with site.record_pages: all', async () => {
    const all = await org('all');
    const out = await buildSite(all);
    const first = await page(out, folder + '/1');
    expect(first.match(/<li id="cloudtrail-/g)).toHaveLength(100);
    expect(await page(out, folder + '/2')).toContain('<li id="cloudtrail-');
  }, 180_000);
});
