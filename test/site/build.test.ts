import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { anchorOf } from '../../src/core/evidence-items.ts';
import { GapsFile } from '../../src/core/schemas/gaps.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import {
  addFile,
  brokenLinks,
  buildSite,
  EXAMPLE_AS_OF,
  exampleOrg,
  htmlFiles,
  page,
} from '../helpers/site.ts';

let dist: string;
let gaps: GapsFile;
const HOSTILE = 'Vendor <script>alert("doc")</script> & <img src=x onerror=alert(2)> Policy';

beforeAll(async () => {
  const org = await exampleOrg();
  await addFile(
    org,
    'content/policies/vendor-policy.md',
    `---\ntype: policy\ntitle: '${HOSTILE}'\nowner: '<b>procurement</b>'\nlast_reviewed: 2026-10-01\nreview_cadence: annual\ncontrols: [IAM-01]\n---\n# Vendors\n\nText.\n`,
  );
  dist = await buildSite(org);
  gaps = GapsFile.parse(JSON.parse(await readFile(join(dist, 'gaps.json'), 'utf8')));
}, 180_000);

describe('the built site', () => {
  it('a control page lists its documents with their annotations, its checks, populations and gaps', async () => {
    const html = await page(dist, 'controls/ops-01');
    expect(html).toContain('<h1 data-pagefind-meta="title">OPS-01 Change Management</h1>');
    expect(html).toMatch(
      /<a href="\/documents\/processes\/change-management\/">Change Management Process<\/a><span class="muted"> \(process\)<\/span><span class="annotation"> — steps 1–3: template, required checks, independent approval, stale approvals dismissed<\/span>/,
    );
    expect(html).toContain(
      '<a href="/documents/narratives/system-description/">System Description</a>',
    );
    for (const rule of [
      'pr-missing-approval',
      'pr-approver-is-author',
      'pr-stale-approval',
      'pr-checks-failed',
      'pr-template-incomplete',
    ])
      expect(html).toContain(`<a href="/gaps/rule/${rule}/">${rule}</a>`);
    expect(html).toContain('id="population-merged-pull-requests"');
    const own = gaps.gaps.filter((g) => g.control === 'OPS-01');
    expect(own.length).toBeGreaterThan(0);
    for (const g of own) expect(html).toContain(`id="gap-${g.id}"`);
    // Rule descriptions show their `code` spans as code.
    expect(await page(dist, 'controls/iam-03')).toContain(
      'An assumption of a break-glass role (<code>aws.break_glass_roles</code>)',
    );
    // The generated backlinks section is not repeated in the statement.
    expect(html).not.toContain('Backlinks auto-generated');
  });

  it("a control's populations link to the evidence views of their source", async () => {
    // CloudTrail: each account's page of changes by principal kind and the break-glass timeline.
    const iac = await page(dist, 'controls/iac-01');
    expect(iac).toMatch(/By account: <a href="\/evidence\/accounts\/111111111111\/">prod<\/a>/);
    expect(await page(dist, 'evidence/accounts/111111111111')).toContain(
      '<th scope="row">Break-glass sessions</th>',
    );
    // SARIF: the scans by commit.
    expect(await page(dist, 'controls/iac-02')).toContain(
      '<a href="/evidence/scans/">Policy scans by commit</a>',
    );
    // GitHub: each repository's page.
    expect(await page(dist, 'controls/ops-01')).toMatch(
      /By repository: <a href="\/evidence\/repositories\/acme\/api\/">acme\/api<\/a>/,
    );
  });

  it("an account's page lists its exceptions and links to where its other changes are listed", async () => {
    const prod = await page(dist, 'evidence/accounts/111111111111');
    // CI and AWS service changes are counted, linking to the production-changes population and
    // to the account's record pages by month, which list every one of them.
    expect(prod).toMatch(
      /<th scope="row">CI pipeline<\/th><td>\d+<\/td><td><a href="\/controls\/iac-01\/populations\/production-changes\/1\/">IAC-01's production changes<\/a> · <a href="#months-h">/,
    );
    expect(prod).toContain(
      '<a href="/evidence/records/cloudtrail/111111111111/2026-06/1/">2026-06</a>',
    );
    // Listed one by one: the changes by people, from the console and in break-glass sessions.
    const kinds = [
      ...prod.matchAll(/<tr data-status="[a-z-]+"><td>[^<]+<\/td><td>([a-z-]+)<\/td>/g),
    ];
    expect(new Set(kinds.map((m) => m[1]))).toEqual(new Set(['console', 'human', 'break-glass']));
    // Every cloud-manual-change and cloud-console-change gap of the account links from its row.
    for (const g of gaps.gaps.filter((x) => /^cloud-(manual|console)-change$/.test(x.rule)))
      expect(prod).toContain(`#gap-${g.id}" data-link="gap">`);
    // Staging's changes by people outside the console (its CI role is not configured as CI) are
    // too many to list: counted by principal instead, with the first and last.
    const staging = await page(dist, 'evidence/accounts/222222222222');
    expect(staging).not.toContain('account-changes');
    expect(staging).toMatch(
      /<td class="mono">arn:aws:sts::222222222222:assumed-role\/github-actions-deploy\/GitHubActions<\/td><td>\d+<\/td>/,
    );
  });

  it("a repository's page lists its pull requests with gaps and links to its record pages", async () => {
    const html = await page(dist, 'evidence/repositories/acme/api');
    const listed = [...html.matchAll(/<tr data-status="gap">[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    const withGaps = new Set(
      gaps.gaps.filter((g) => g.subject.startsWith('github:acme/api#')).map((g) => g.subject),
    );
    expect(listed.length).toBe(withGaps.size);
    for (const row of listed) {
      expect(row).toContain('data-link="gap"');
      expect(row).toMatch(/data-link="evidence"/);
    }
    expect(html).toMatch(
      /<a href="\/evidence\/records\/github\/acme\/api\/pull-requests\/1\/">\d+ pull requests<\/a>/,
    );
  });

  it('links each evidence item to its source: the pull request, the deployed commit, the CloudTrail event', async () => {
    const ops03 = await page(dist, 'controls/ops-03/populations/production-deployments/1');
    expect(ops03).toMatch(
      /<td class="item"><a href="https:\/\/github\.com\/acme\/api\/commit\/4b6621f7f4312c909c59f5b977e3d86b37992a75"[^>]*>[^<]*<\/a><small>deploy:acme\/api@100000<\/small>/,
    );
    const deploys = await page(dist, 'evidence/records/github/acme/api/deployments/1');
    // A record's name links to it at its source.
    expect(deploys).toContain(
      '<h2><a href="https://github.com/acme/api/commit/4b6621f7f4312c909c59f5b977e3d86b37992a75">acme/api@100000</a>',
    );
    const prs = await page(dist, 'evidence/records/github/acme/api/pull-requests/1');
    expect(prs).toContain(
      '<h2><a href="https://github.com/acme/api/pull/101">acme/api#101</a> Fix pagination of audit exports</h2>',
    );
    const events = await page(dist, 'evidence/records/cloudtrail/111111111111/2026-01/1');
    expect(events).toContain(
      '<h2><a href="https://us-east-1.console.aws.amazon.com/cloudtrail/home?region=us-east-1#/events/2985d05a-9012-49de-a72e-cb61d6450389">2985d05a-9012-49de-a72e-cb61d6450389</a>',
    );
  });

  it('framework matrices map criteria to controls and list the criteria no control covers', async () => {
    const soc2 = await page(dist, 'frameworks/soc2');
    expect(soc2).toMatch(
      /<tr id="CC8\.1" data-covered="yes">[\s\S]*?<a href="\/controls\/ops-01\/">OPS-01<\/a>[\s\S]*?<\/tr>/,
    );
    expect(soc2).toMatch(/<tr id="P1\.1" data-covered="no">/);
    expect(soc2).toMatch(/<ul class="uncovered">[\s\S]*<a href="#P1\.1">P1\.1<\/a>/);
    const iso = await page(dist, 'frameworks/iso27001');
    expect((iso.match(/<tr id="A\.\d\.\d+"/g) ?? []).length).toBe(93);
  });

  it('a document page shows owner, cadence, last and next review, its controls and the rendered text (MDX too)', async () => {
    const html = await page(dist, 'documents/processes/incident-response');
    expect(html).toMatch(/<dt>Owner<\/dt><dd>security-team<\/dd>/);
    expect(html).toMatch(/<dt>Review cadence<\/dt><dd>annual<\/dd>/);
    expect(html).toMatch(/<dt>Last reviewed<\/dt><dd>2025-09-15<\/dd>/);
    expect(html).toMatch(
      /<dt>Next review<\/dt><dd>2026-09-15 <span class="badge overdue">Overdue<\/span>/,
    );
    expect(html).toContain('<a href="/controls/ir-01/">IR-01</a>');
    expect(html).toMatch(/<h2[^>]*>Severity levels<\/h2>/);
    const mdx = await page(dist, 'documents/narratives/system-description');
    expect(mdx).toMatch(/<h2[^>]*>Services in scope<\/h2>/);
  });

  it('gap filter pages list exactly the gaps of their rule and group', async () => {
    const ids = (html: string) =>
      [...html.matchAll(/<tr id="gap-([0-9a-f]+)"/g)].map((m) => m[1]).sort();
    const want = (f: (g: GapsFile['gaps'][number]) => boolean) =>
      gaps.gaps
        .filter(f)
        .map((g) => g.id)
        .sort();
    expect(ids(await page(dist, 'gaps/rule/review-overdue'))).toEqual(
      want((g) => g.rule === 'review-overdue'),
    );
    expect(ids(await page(dist, 'gaps/rule/review-overdue')).length).toBe(3);
    expect(ids(await page(dist, 'gaps/control/ops-01/pr-missing-approval'))).toEqual(
      want((g) => g.control === 'OPS-01' && g.rule === 'pr-missing-approval'),
    );
    expect(ids(await page(dist, 'gaps'))).toEqual(want(() => true));
  });

  it("a severity's and a control's gap pages count their gaps and link to the pages listing them", async () => {
    type Gap = GapsFile['gaps'][number];
    /** The gaps each count on a page links to: the rows of the linked page that match. */
    const counted = async (path: string, match: (g: Gap) => boolean) => {
      const html = await page(dist, path);
      // The rows are not repeated here.
      expect(html, path).not.toContain('<tr id="gap-');
      const links = [...html.matchAll(/<a href="\/([^"]+)" data-gaps="(\d+)">/g)];
      expect(links.length, path).toBeGreaterThan(0);
      const found: string[] = [];
      for (const [, target, n] of links) {
        const rows = [...(await page(dist, target as string)).matchAll(/<tr id="gap-([0-9a-f]+)"/g)]
          .map((m) => gaps.gaps.find((g) => g.id === m[1]))
          .filter((g): g is Gap => g !== undefined && match(g));
        expect(rows.length, `${path} → ${target}`).toBe(Number(n));
        found.push(...rows.map((g) => g.id));
      }
      return found.sort();
    };
    const want = (f: (g: Gap) => boolean) =>
      gaps.gaps
        .filter(f)
        .map((g) => g.id)
        .sort();
    // A severity's gaps are counted twice, by rule and by control; each once in each.
    const high = (g: Gap) => g.severity === 'high';
    expect(await counted('gaps/severity/high', high)).toEqual(
      [...want(high), ...want(high)].sort(),
    );
    const iac = (g: Gap) => g.control === 'IAC-01';
    expect(await counted('gaps/control/iac-01', iac)).toEqual(want(iac));
    expect(await page(dist, 'gaps/control/iac-01')).toContain(
      '<a href="/controls/iac-01/#gaps-h">exceptions of IAC-01',
    );
  });

  it('lists gaps by severity, high first, then by rule and subject', async () => {
    const rows = [
      ...(await page(dist, 'gaps')).matchAll(
        /<tr id="gap-[0-9a-f]+" data-rule="([^"]+)" data-severity="([a-z]+)"/g,
      ),
    ].map((m) => ({
      rule: m[1] as string,
      rank: ['high', 'medium', 'low'].indexOf(m[2] as string),
    }));
    expect(rows.length).toBe(gaps.gaps.length);
    const ranks = rows.map((r) => r.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks[0]).toBe(0);
  });

  it('links every gap row on every page to its evidence record and to its source', async () => {
    const anchors = new Map<string, string>();
    const pageOf = async (path: string) => {
      if (!anchors.has(path)) anchors.set(path, await page(dist, path.replace(/^\//, '')));
      return anchors.get(path) as string;
    };
    let checked = 0;
    for (const file of await htmlFiles(dist)) {
      const html = await readFile(join(dist, file), 'utf8');
      for (const row of html.matchAll(/<tr id="gap-([0-9a-f]+)"[\s\S]*?<\/tr>/g)) {
        const gap = gaps.gaps.find((g) => g.id === row[1]);
        expect(gap, `${file}: gap ${row[1]}`).toBeDefined();
        const subject = gap?.subject ?? '';
        const evidence = /<a href="([^"]+)" data-link="evidence">/.exec(row[0])?.[1];
        expect(evidence, `${file}: ${subject} has an evidence link`).toBeDefined();
        const [path, anchor] = (evidence as string).split('#');
        const target = await pageOf(path as string);
        if (anchor) expect(target, `${evidence} has #${anchor}`).toContain(`id="${anchor}"`);
        if (/^(github|deploy|cloudtrail|commit):/.test(subject)) {
          const source = /<a href="([^"]+)" data-link="source"/.exec(row[0])?.[1];
          expect(source, `${file}: ${subject} has a source link`).toBeDefined();
          if (subject.startsWith('github:'))
            expect(source).toMatch(/^https:\/\/github\.com\/acme\/[a-z]+\/pull\/\d+$/);
          if (subject.startsWith('cloudtrail:'))
            expect(source).toContain(`#/events/${subject.slice('cloudtrail:'.length)}`);
          if (subject.startsWith('commit:'))
            expect(source).toBe(`/evidence/scans/#scan-${subject.slice('commit:'.length)}`);
        }
        checked++;
      }
    }
    // Every gap appears on the gaps page, its rule's page and its group's page at least.
    expect(checked).toBeGreaterThanOrEqual(gaps.gaps.length * 3);
  });

  it('renders hostile titles, labels and owners as text, never as markup', async () => {
    // Outside attribute values, where markup would be live (inside quotes it is inert text).
    const all = await Promise.all(
      (await htmlFiles(dist)).map(async (f) =>
        (await readFile(join(dist, f), 'utf8')).replace(/="[^"]*"/g, '=""'),
      ),
    );
    for (const html of all) {
      expect(html).not.toContain('<script>alert(');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<b>procurement</b>');
    }
    const doc = await page(dist, 'documents/policies/vendor-policy');
    expect(doc).toContain(
      'Vendor &lt;script&gt;alert(&quot;doc&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt; Policy',
    );
    // The control page previews its exceptions; every item is on the population pages.
    const ops = await page(dist, 'controls/ops-01/populations/merged-pull-requests/1');
    expect(ops).toContain(
      'Fix &lt;script&gt;alert(&quot;pr title&quot;)&lt;/script&gt; escaping in &lt;b&gt;exports&lt;/b&gt;',
    );
  });

  it('every internal link resolves to a page of the build, except the one the content itself breaks', async () => {
    expect(await brokenLinks(dist)).toEqual([
      'documents/standards/logging-and-monitoring/index.html: ../controls/ops-09.md',
    ]);
    // Links between content files lead to the site's pages.
    expect(await page(dist, 'documents/processes/change-management')).toContain(
      '<a href="/controls/ops-01/">OPS-01: Change Management</a>',
    );
  });

  it('publishes every evidence record under a stable anchor, with its hashes', async () => {
    const html = await page(dist, 'evidence/records/github/acme/api/pull-requests/1');
    expect(html).toContain('id="github-acme-api-101"');
    expect(html).toMatch(/<li id="github-acme-api-101"><h2>.*?<code>sha256 [0-9a-f]{64}<\/code>/);
    const manifest = JSON.parse(
      await readFile(join(dist, '..', 'evidence', 'manifest.json'), 'utf8'),
    );
    expect(html).toContain(manifest.root);
    expect(html).toContain(manifest.files['github/acme/api/pull-requests.ndjson'].sha256);
  });

  it("publishes each record page's normalised records once, beside it, as the store's lines", async () => {
    const path = 'evidence/records/github/acme/api/pull-requests/1';
    const html = await page(dist, path);
    // The page links its records file (no JavaScript needed) and does not repeat the records.
    expect(html).toContain(`<a href="/${path}/records.ndjson.gz" class="raw-records" download>`);
    expect(html).not.toContain('<pre>');
    const lines = gunzipSync(await readFile(join(dist, path, 'records.ndjson.gz')))
      .toString('utf8')
      .split('\n')
      .filter(Boolean);
    // Line n is the nth record of the page, byte for byte the store's: its sha256 is the one shown.
    const shown = [...html.matchAll(/<code>sha256 ([0-9a-f]{64})<\/code>/g)].map((m) => m[1]);
    expect(lines.map((l) => createHash('sha256').update(l).digest('hex'))).toEqual(shown);
    const store = await readFile(
      join(dist, '..', 'evidence', 'github/acme/api/pull-requests.ndjson'),
      'utf8',
    );
    expect(lines.join('\n')).toBe(store.trim());
  });

  it("says on each deployment's record which change window applied, and agrees with the rule's gaps", async () => {
    const outsideGaps = new Set(
      gaps.gaps.filter((g) => g.rule === 'deploy-outside-window').map((g) => g.subject),
    );
    expect(outsideGaps.size).toBeGreaterThan(0);
    let seen = 0;
    for (const repo of ['api', 'infra', 'web']) {
      const html = await page(dist, `evidence/records/github/acme/${repo}/deployments/1`);
      // OPS-03 checks production deployments from 09:00 to 17:00 UTC on working days: said once.
      expect(html).toContain(
        '<dt>Change windows</dt><dd><ul class="plain"><li>OPS-03: mon, tue, wed, thu, fri ' +
          '09:00–17:00 UTC (deploy-outside-window)</li></ul></dd>',
      );
      for (const [, id, record] of html.matchAll(/<li id="(deploy-[^"]+)">([\s\S]*?)<\/li>/g)) {
        const subject = `deploy:${/<h2><a [^>]*>([^<]+)<\/a>/.exec(record as string)?.[1]}`;
        expect(id, subject).toBe(anchorOf(subject));
        const window = /<p>Change window: ([\s\S]*?)<\/p>/.exec(record as string)?.[1];
        expect(window, subject).toMatch(/(inside|outside) \(OPS-03\)$/);
        const outside = /^<span class="badge gap">Gap<\/span> outside \(OPS-03\)$/.test(
          window as string,
        );
        expect(outside, subject).toBe(outsideGaps.has(subject));
        seen++;
      }
    }
    expect(seen).toBe(54);
  });
});

describe('the built site under a base path', () => {
  it('keeps every link inside /compliance/', async () => {
    const org = await exampleOrg();
    const built = await buildSite(org, ['--base', '/compliance/']);
    expect(await page(built, 'index.html')).toContain('<a class="brand" href="/compliance/">');
    expect(await brokenLinks(built, '/compliance/')).toEqual([
      'documents/standards/logging-and-monitoring/index.html: ../controls/ops-09.md',
    ]);
    expect(await page(built, 'documents/processes/change-management')).toContain(
      '<a href="/compliance/controls/ops-01/">OPS-01: Change Management</a>',
    );
  }, 180_000);
});

/** A small organisation: a config and the given documents under content/docs/. */
async function smallOrg(docs: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, 'content', 'docs'), { recursive: true });
  await writeFile(join(dir, 'docket.config.yaml'), 'site: { title: Acme }\n');
  for (const [name, body] of Object.entries(docs))
    await writeFile(
      join(dir, 'content', 'docs', name),
      `---\ntype: policy\ntitle: ${JSON.stringify(name)}\nowner: sec\n---\n${body}`,
    );
  return dir;
}

const build = (dir: string) =>
  runCli(['build', '--as-of', EXAMPLE_AS_OF], { cwd: dir, today: EXAMPLE_AS_OF });

/** Every file of a built site, as text. */
async function allText(dist: string): Promise<string> {
  const files = await readdir(dist, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    files.filter((f) => f.isFile()).map((f) => readFile(join(f.parentPath, f.name), 'latin1')),
  );
  return texts.join('\n');
}

describe('the site build and the content it runs', () => {
  it("hands MDX none of the collectors' secrets: tokens, AWS credentials, *_KEY, *_SECRET, *_PASSWORD", async () => {
    const secrets = {
      GITHUB_TOKEN: 'ghp_buildenvbuildenvbuildenvbuildenv0001',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMIbuildenvEXAMPLEKEYbuildenv1',
      AWS_SESSION_TOKEN: 'IQoJbuildenvsessiontoken0001',
      SLACK_BOT_TOKEN: 'xoxb-buildenv-0001',
      DEPLOY_KEY: 'deploykeybuildenv0001',
      DB_PASSWORD: 'dbpasswordbuildenv0001',
      WEBHOOK_SECRET: 'webhooksecretbuildenv0001',
      PROXY_URL: 'http://proxyuser:proxypassbuildenv0001@proxy.acme:3128',
    };
    const dir = await smallOrg({
      'env.mdx': `${Object.keys(secrets)
        .map((k) => `${k}=[{process.env.${k}}] [{import.meta.env.${k}}]\n\n`)
        .join('')}HOME=[{typeof process.env.PATH}]\n`,
    });
    const saved = { ...process.env };
    Object.assign(process.env, secrets);
    let r;
    try {
      r = await build(dir);
    } finally {
      for (const k of Object.keys(secrets)) delete process.env[k];
      Object.assign(process.env, saved);
    }
    expect(r.code, r.stderr).toBe(0);
    const site = await allText(join(dir, 'dist'));
    for (const value of Object.values(secrets)) expect(site).not.toContain(value);
    const html = await page(join(dir, 'dist'), 'documents/docs/env');
    expect(html).toContain('GITHUB_TOKEN=[] []');
    // The rest of the environment is still there.
    expect(html).toContain('HOME=[string]');
  }, 120_000);

  it('links to documents named with spaces and accents, however the link spells the name', async () => {
    const dir = await smallOrg({
      'my policy.md': 'Mine.\n',
      'café.md': 'Coffee.\n',
      'links.md':
        '[a](my%20policy.md) [b](<my policy.md>) [c](caf%C3%A9.md) [d](café.md) [e](./my%20policy.md#x)\n',
    });
    const r = await build(dir);
    expect(r.code, r.stderr).toBe(0);
    const dist = join(dir, 'dist');
    expect(await brokenLinks(dist)).toEqual([]);
    const html = await page(dist, 'documents/docs/links');
    for (const [text, url] of [
      ['a', '/documents/docs/my%20policy/'],
      ['b', '/documents/docs/my%20policy/'],
      ['c', '/documents/docs/caf%C3%A9/'],
      ['d', '/documents/docs/caf%C3%A9/'],
      ['e', '/documents/docs/my%20policy/#x'],
    ])
      expect(html).toContain(`<a href="${url}">${text}</a>`);
    expect(await page(dist, 'documents')).toContain('href="/documents/docs/my%20policy/"');
  }, 120_000);

  it('refuses names a link cannot carry, as content problems (exit 2)', async () => {
    const dir = await smallOrg({ 'a#b.md': 'Text.\n', 'ok.md': 'Text.\n' });
    const r = await build(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'docs/a#b.md: the name holds "#", which a link to its page cannot carry; rename the file (or folder) without #, ? or %\n',
    );
  }, 120_000);

  it('MDX that fails to parse, imports what is not there or throws (in its text or an attribute): path:line of the file, exit 2, no stack', async () => {
    const cases: [string, string, string][] = [
      [
        'syntax.mdx',
        '\nText.\n\n<div>\n',
        'docs/syntax.mdx:9: MDX syntax: Expected a closing tag for `<div>` (mdx-jsx:unexpected-character)',
      ],
      [
        'import.mdx',
        '\nimport X from "./nope.js"\n\n<X />\n',
        "docs/import.mdx:7: MDX: Could not resolve './nope.js'",
      ],
      [
        'throws.mdx',
        '\nText.\n\n{(() => { throw new Error("boom") })()}\n',
        'docs/throws.mdx:9: MDX threw while the site rendered this document: boom',
      ],
      [
        'attribute.mdx',
        '\nSee <abbr title={frontmatter.missing.value}>this</abbr>.\n',
        "docs/attribute.mdx:7: MDX threw while the site rendered this document: Cannot read properties of undefined (reading 'value')",
      ],
      [
        'component.mdx',
        '\nText.\n\n<Callout kind="note" />\n',
        'docs/component.mdx:9: MDX threw while the site rendered this document: Expected component `Callout` to be defined: you likely forgot to import, pass, or provide it.',
      ],
    ];
    for (const [name, body, message] of cases) {
      const dir = await smallOrg({ [name]: body, 'fine.mdx': 'Fine {1 + 1}.\n' });
      const r = await build(dir);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`${message}\ndocket build: 1 problem; nothing written\n`);
      expect(r.stderr).not.toMatch(/\.docket|chunks|\n\s+at /);
    }
  }, 180_000);
});
