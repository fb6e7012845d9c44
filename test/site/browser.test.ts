import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNdjson, toNdjson } from '../../src/evidence/ndjson.ts';
import { commitStore, openStore } from '../../src/evidence/store.ts';
import { serveStatic, type StaticServer } from '../../src/cli/static-server.ts';
import type { PullRequestRecord } from '../../src/core/schemas/github.ts';
import { launchChromium } from '../helpers/browser.ts';
import { runCli } from '../helpers/cli.ts';
import { buildSite, EXAMPLE_AS_OF, exampleOrg, htmlFiles, REPO } from '../helpers/site.ts';

/** Where page screenshots are kept for CI artifacts (see README, "Development"). */
const SHOTS = join(REPO, 'artifacts', 'screenshots');
const HOSTILE = {
  title: '<script>window.__xss = "title"</script><b id="injected-title">bold</b>',
  author: '<img src=x id="injected-author" onerror="window.__xss=\'author\'">',
  label: '<svg id="injected-label" onload="window.__xss=\'label\'"></svg>',
  url: "javascript:window.__xss='url'",
};

let org: string;
let dist: string;
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;

/** Puts script and markup payloads into one stored pull request, as a hostile contributor could. */
async function poisonEvidence(dir: string): Promise<void> {
  const store = join(dir, 'evidence');
  const path = 'github/acme/api/pull-requests.ndjson';
  const prs: PullRequestRecord[] = [];
  for await (const r of readNdjson(store, path)) prs.push(r as PullRequestRecord);
  const target = prs.find((p) => p.number === 102) as PullRequestRecord;
  Object.assign(target, {
    title: HOSTILE.title,
    author: HOSTILE.author,
    labels: [...target.labels, HOSTILE.label],
    url: HOSTILE.url,
  });
  await commitStore(store, await openStore(store), {
    files: new Map([[path, toNdjson(prs)]]),
    sources: {},
  });
}

beforeAll(async () => {
  org = await exampleOrg();
  await poisonEvidence(org);
  dist = await buildSite(org);
  server = await serveStatic(dist);
  browser = await launchChromium();
  context = await browser.newContext({ acceptDownloads: true });
  await mkdir(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
  await page.goto(`${server.url}${path}`);
  return page;
}

async function search(page: Page, query: string): Promise<string[]> {
  await page.goto(`${server.url}search/`);
  await page.locator('.pagefind-ui__search-input').fill(query);
  await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(300);
  return page
    .locator('.pagefind-ui__result-link')
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

/**
 * A Pagefind filter's box, once its block has rendered after the results of `query`. On a busy
 * machine Pagefind has now and then never rendered its filter blocks in a page (CI waited 45 s
 * in vain); the search is then loaded again, as a reader would, up to three times.
 */
async function filterBox(page: Page, id: string, query: string) {
  const box = page.locator(`input[id="${id}"]`);
  for (let attempt = 1; ; attempt++) {
    try {
      await box.waitFor({ state: 'attached', timeout: 20_000 });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      await search(page, query);
    }
  }
  // Filter blocks render open or closed: open the box's block directly (a summary click racing
  // that render could close it).
  await box.evaluate((el) => {
    const block = el.closest('details');
    if (block) block.open = true;
  });
  return box;
}

describe('search', () => {
  it('finds a control by its title and a pull request by its number', async () => {
    const page = await open('search/');
    expect(await search(page, 'Change Management')).toContain('/controls/ops-01/');
    const byNumber = await search(page, 'acme/api#117');
    expect(
      byNumber.some((p) => p.startsWith('/evidence/records/github/acme/api/pull-requests/')),
    ).toBe(true);
    await page.close();
  });

  it('narrows results with a filter', async () => {
    const page = await open('search/');
    await search(page, 'change');
    const total = async () =>
      Number(/(\d+) results?/.exec(await page.locator('.pagefind-ui__message').innerText())?.[1]);
    const all = await total();
    // The filter block renders after the first results (see filterBox).
    await (await filterBox(page, 'type-control', 'change')).check();
    const results = () =>
      page
        .locator('.pagefind-ui__result-link')
        .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    await expect
      .poll(
        async () => {
          const r = await results();
          return r.length > 0 && r.every((p) => p.startsWith('/controls/'));
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    const controls = await results();
    expect(controls.length).toBeGreaterThan(0);
    await expect.poll(total).toBeLessThan(all);
    expect(await total()).toBeGreaterThan(0);
    for (const p of controls) expect(p).toMatch(/^\/controls\/[a-z0-9-]+\/$/);
    await page.close();
  }, 120_000);
});

describe('search filters', () => {
  /** Each control's page, owner and status, as the built controls index lists them. */
  async function controlsIndex(): Promise<{ path: string; owner: string; status: string }[]> {
    const html = await readFile(join(dist, 'controls/index.html'), 'utf8');
    return [
      ...html.matchAll(
        /<tr><td><a href="(\/controls\/[a-z0-9-]+\/)">[^<]+<\/a><\/td><td[^>]*>[^<]*<\/td><td[^>]*>([^<]+)<\/td>[\s\S]*?<span class="badge ([a-z-]+)">/g,
      ),
    ].map((m) => ({ path: m[1] as string, owner: m[2] as string, status: m[3] as string }));
  }
  const links = (page: Page) =>
    page
      .locator('.pagefind-ui__result-link')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname).sort());
  const total = async (page: Page) =>
    Number(/(\d+) results?/.exec(await page.locator('.pagefind-ui__message').innerText())?.[1]);
  /**
   * Ticks filters, then waits for results that all pass `ok` (a filter that does not narrow
   * fails by timing out), and checks there are fewer than before.
   */
  async function narrow(
    page: Page,
    query: string,
    ids: string[],
    ok: (path: string) => boolean,
  ): Promise<string[]> {
    const before = await total(page);
    for (const id of ids) await (await filterBox(page, id, query)).check();
    await expect
      .poll(
        async () => {
          const now = await links(page);
          return now.length > 0 && now.every(ok);
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    expect(await total(page)).toBeLessThan(before);
    return links(page);
  }

  it.each([
    ['status', 'status-ok', (c: { status: string }) => c.status === 'ok'],
    ['owner', 'owner-security-team', (c: { owner: string }) => c.owner === 'security-team'],
  ])(
    'narrows controls by %s',
    async (_facet, filter, wanted) => {
      const expected = (await controlsIndex())
        .filter(wanted as (c: { owner: string; status: string }) => boolean)
        .map((c) => c.path);
      expect(expected.length).toBeGreaterThan(0);
      const page = await open('search/');
      await search(page, 'control');
      const found = await narrow(page, 'control', ['type-control', filter], (p) =>
        expected.includes(p),
      );
      expect(found.length).toBeGreaterThan(0);
      await page.close();
      // Pagefind renders its filter blocks late on a busy machine: time for that, not a hang.
    },
    120_000,
  );

  it('narrows by framework: only pages mapped to SOC 2 remain', async () => {
    const page = await open('search/');
    await search(page, 'change');
    const found = await narrow(
      page,
      'change',
      ['framework-SOC 2'],
      (p) => p.startsWith('/controls/') || p === '/frameworks/soc2/',
    );
    expect(found.some((p) => p.startsWith('/controls/'))).toBe(true);
    await page.close();
  }, 120_000);
});

describe('populations and samples', () => {
  it("a control page's CSV download has the rows of its population table", async () => {
    const page = await open('controls/ops-03/');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#population-production-deployments ~ p a', { hasText: 'CSV' }).click(),
    ]);
    const csv = await readFile((await download.path()) as string, 'utf8');
    const rows = csv
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    // The page previews its exceptions first; the full table, in time order, is on the
    // population pages.
    const preview = await page
      .locator('table[data-kind="production-deployments"] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.querySelector('td.item small')?.textContent,
          (tr as HTMLElement).dataset.status,
        ]),
      );
    const statuses = csv
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',')[3]);
    const exceptions = rows.filter((_, i) => statuses[i] !== 'passes');
    expect(exceptions.length).toBeGreaterThan(0);
    expect(preview.slice(0, exceptions.length).map(([s]) => s)).toEqual(exceptions);
    expect(preview.slice(exceptions.length).every(([, st]) => st === 'passes')).toBe(true);
    const full: (string | undefined)[] = [];
    for (let n = 1; ; n++) {
      const p = await open(`controls/ops-03/populations/production-deployments/${n}/`);
      const subjects = await p
        .locator('table.population tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.querySelector('td.item small')?.textContent));
      await p.close();
      if (subjects.length === 0) break;
      full.push(...subjects);
      if (subjects.length < 100) break;
    }
    expect(rows).toEqual(full);
    expect(rows.length).toBe(54);
    await page.close();
  });

  it('a seed typed on the page draws the same items as docket sample', async () => {
    const page = await open('controls/ops-01/');
    await page.locator('#sample-merged-pull-requests summary').click();
    await page.locator('#sample-merged-pull-requests input[name=seed]').fill('fieldwork-2026');
    await page.locator('#sample-merged-pull-requests button[type=submit]').click();
    await page.locator('#sample-merged-pull-requests .sample-items li').first().waitFor();
    const drawn = await page
      .locator('#sample-merged-pull-requests .sample-items li')
      .evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.subject));
    const cli = await runCli(
      [
        'sample',
        '--control',
        'OPS-01',
        '--seed',
        'fieldwork-2026',
        '--format',
        'json',
        '--as-of',
        EXAMPLE_AS_OF,
      ],
      { cwd: org },
    );
    expect(cli.code).toBe(0);
    const expected = (JSON.parse(cli.stdout).items as { subject: string }[]).map((i) => i.subject);
    expect(expected).toHaveLength(25);
    expect(drawn).toEqual(expected);
    // Each drawn item links to its evidence record, whose page has the item's anchor.
    const links = await page
      .locator('#sample-merged-pull-requests .sample-items li')
      .evaluateAll((lis) =>
        lis.map((li) => [
          (li as HTMLElement).dataset.subject ?? '',
          li.querySelector('a')?.getAttribute('href') ?? '',
          li.textContent ?? '',
        ]),
      );
    for (const [subject, link, text] of links) {
      expect(link, subject).toMatch(
        /^\/evidence\/records\/github\/acme\/[a-z]+\/pull-requests\/\d+\/#/,
      );
      const html = await readFile(
        join(dist, (link as string).split('#')[0] as string, 'index.html'),
        'utf8',
      );
      expect(html).toContain(`id="${(link as string).split('#')[1]}"`);
      // The list numbers its items; no second "#89" beside them.
      expect(text).not.toMatch(/^#\d+/);
    }
    await page.close();
  });
});

describe('evidence record pages', () => {
  it('open a record from its population row: in view, outlined, with its source, gaps and sha256', async () => {
    const page = await open('controls/ops-01/populations/merged-pull-requests/1/');
    const link = page.locator('tr[data-status="gap"] a[data-link="evidence"]').first();
    const target = new URL((await link.getAttribute('href')) as string, server.url);
    await link.click();
    await page.waitForURL((url) => url.pathname === target.pathname);
    const record = page.locator(':target');
    expect(await record.evaluate((el) => el.tagName)).toBe('LI');
    expect(await record.getAttribute('id')).toBe(target.hash.slice(1));
    // In view and outlined, so the reader sees which of the page's records it is.
    const box = await record.boundingBox();
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect(box?.y ?? 900).toBeLessThan(900);
    expect(await record.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    // Its name is its heading and links to the pull request on GitHub; its gaps link to their rows.
    const name = record.locator('h2 a');
    expect(await name.getAttribute('href')).toMatch(
      /^https:\/\/github\.com\/acme\/[a-z]+\/pull\/\d+$/,
    );
    expect(await record.innerText()).toMatch(/\nGaps: Gap [a-z-]+: /);
    // Each gap links to its own row: on its control's page (or its group's, without a control).
    const gapLinks = await record
      .locator('p a[href*="#gap-"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(gapLinks.length).toBeGreaterThan(0);
    for (const href of gapLinks)
      expect(href).toMatch(/^\/(controls|gaps\/no-control)\/[^#]+\/#gap-/);
    // Its sha256 is that of its line in the page's records file (line n, the page's nth record).
    const sha = (await record.locator('code').innerText()).replace(/^sha256 /, '');
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const index = await record.evaluate((el) => [...el.parentElement!.children].indexOf(el));
    const lines = gunzipSync(await readFile(join(dist, target.pathname, 'records.ndjson.gz')))
      .toString('utf8')
      .split('\n');
    expect(
      createHash('sha256')
        .update(lines[index] as string)
        .digest('hex'),
    ).toBe(sha);
    await page.close();
  });
});

describe('hostile evidence', () => {
  it.each([
    // The control page previews its exceptions and the repository page lists the pull requests
    // with gaps; the hostile (passing) pull request is listed on the population pages.
    'controls/ops-01/populations/merged-pull-requests/1/',
    'evidence/records/github/acme/api/pull-requests/1/',
  ])('renders payloads as text and runs nothing on %s', async (path) => {
    const page = await open(path);
    await page.waitForLoadState('load');
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('#injected-title, #injected-author, #injected-label').count()).toBe(
      0,
    );
    // A javascript: URL in a record stays text: no link carries it.
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain(
      '<script>window.__xss = "title"</script>',
    );
    await page.close();
  });

  it('shows the title, author, label and URL payloads as text on the record page', async () => {
    const page = await open('evidence/records/github/acme/api/pull-requests/1/');
    // The normalised record is read, when opened, from the page's records file.
    await page.locator('#github-acme-api-102 details summary').click();
    await expect
      .poll(() => page.locator('#github-acme-api-102 pre').innerText(), { timeout: 10_000 })
      .toContain('"number": 102');
    const text = await page.locator('#github-acme-api-102').innerText();
    // As written, or inside the normalised record's JSON (quotes escaped).
    for (const payload of Object.values(HOSTILE))
      expect(
        text.includes(payload) || text.includes(JSON.stringify(payload).slice(1, -1)),
        payload,
      ).toBe(true);
    await page.close();
  });
});

/**
 * Every row of a page that shows a gap or an accepted risk: in a gap table (the gap itself), a
 * population table, a repository's pull requests, an account's changes by people, a failed scan.
 * Each with the addresses of its links to the gap, the evidence record and the source.
 */
async function gapRows(page: Page) {
  return page
    .locator(
      [
        'table.gaps tbody tr',
        'table.population tr[data-status="gap"]',
        'table.population tr[data-status="accepted"]',
        'table.repository-prs tr[data-status="gap"]',
        'table.account-changes tr[data-status="gap"]',
        'section[data-verdict="failed"]',
      ].join(', '),
    )
    .evaluateAll((rows) =>
      rows.map((row) => {
        const hrefs = (link: string) =>
          [...row.querySelectorAll<HTMLAnchorElement>(`a[data-link="${link}"]`)].map((a) => a.href);
        const table = row.closest('table');
        const kind = row.matches('section')
          ? 'scan'
          : table?.classList.contains('gaps')
            ? 'gap'
            : table?.classList.contains('population')
              ? 'population'
              : table?.classList.contains('repository-prs')
                ? 'repository'
                : 'account';
        return {
          kind,
          text: (row.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80),
          evidence: hrefs('evidence').map((h) => new URL(h).pathname),
          source: hrefs('source').length,
          gaps: hrefs('gap'),
        };
      }),
    );
}

describe('accessibility and looks', () => {
  /** Every page type; the search page with results shown, the control page with a sample drawn. */
  const pages: Record<string, string> = {
    dashboard: '',
    control: 'controls/ops-01/',
    document: 'documents/processes/change-management/',
    framework: 'frameworks/soc2/',
    gaps: 'gaps/',
    evidence: 'evidence/records/github/acme/api/pull-requests/1/',
    // The other page types, so that every view an auditor can reach is checked.
    controls: 'controls/',
    documents: 'documents/',
    frameworks: 'frameworks/',
    'gap-group': 'gaps/control/ops-01/pr-missing-approval/',
    'gap-rule': 'gaps/rule/review-overdue/',
    'gap-severity': 'gaps/severity/high/',
    'gap-control': 'gaps/control/ops-01/',
    'gap-no-control': 'gaps/no-control/broken-control-link/',
    population: 'controls/ops-03/populations/production-deployments/1/',
    'evidence-index': 'evidence/',
    'evidence-events': 'evidence/records/cloudtrail/111111111111/2026-06/1/',
    'evidence-deployments': 'evidence/records/github/acme/api/deployments/1/',
    'evidence-scans': 'evidence/records/sarif/runs/1/',
    repository: 'evidence/repositories/acme/api/',
    account: 'evidence/accounts/111111111111/',
    scans: 'evidence/scans/',
    search: 'search/',
  };
  /** What the page shows before it is checked: search results, a drawn sample. */
  async function prepare(name: string, page: Page): Promise<void> {
    if (name === 'search') {
      await page.locator('.pagefind-ui__search-input').fill('change');
      await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300);
    }
    if (name === 'control') {
      const sample = page.locator('#sample-merged-pull-requests');
      await sample.locator('summary').click();
      await sample.locator('input[name=seed]').fill('fieldwork-2026');
      await sample.locator('button[type=submit]').click();
      await sample.locator('.sample-items li a').first().waitFor();
    }
  }
  /** The page from its top, and the drawn sample on its own. */
  async function shoot(name: string, page: Page, suffix: string): Promise<void> {
    if (name === 'control')
      await page
        .locator('#sample-merged-pull-requests')
        .screenshot({ path: join(SHOTS, `control-sample-${suffix}.png`) });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, `${name}-${suffix}.png`) });
  }
  async function axeViolations(page: Page): Promise<string[]> {
    return page.evaluate(async () => {
      const result = await (
        window as unknown as {
          axe: {
            run: (o: unknown) => Promise<{
              violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
            }>;
          };
        }
      ).axe.run({ resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id}: ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(' | ')}`,
        );
    });
  }
  it.each(Object.entries(pages))(
    'axe finds no serious or critical violation on the %s page, light and dark, 1280 and 390 px wide',
    async (name, path) => {
      const axe = await readFile(join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8');
      for (const colorScheme of ['light', 'dark'] as const) {
        for (const width of [1280, 390]) {
          const ctx = await browser.newContext({ colorScheme, viewport: { width, height: 900 } });
          const page = await ctx.newPage();
          await page.goto(`${server.url}${path}`);
          await prepare(name, page);
          // At 390 px too: phones get their own header and the exception tables as cards.
          await page.addScriptTag({ content: axe });
          expect(await axeViolations(page), `${name} (${colorScheme}, ${width} px)`).toEqual([]);
          // Nothing but a table's own scroller may be wider than a phone.
          if (width === 390)
            expect(
              await page.evaluate(() => document.documentElement.scrollWidth),
              `${name} (${colorScheme}) fits 390 px`,
            ).toBeLessThanOrEqual(390);
          await shoot(name, page, `${width}-${colorScheme}`);
          await ctx.close();
        }
      }
    },
    // Four page loads and four axe runs: a busy shared machine can take minutes, not seconds.
    240_000,
  );

  it("shows a control page's status, population summary and first exceptions above the fold at 1280 × 900", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${server.url}controls/ops-01/`);
    const bottom = async (selector: string) => {
      const box = await page.locator(selector).first().boundingBox();
      expect(box, selector).not.toBeNull();
      return (box?.y ?? 0) + (box?.height ?? 0);
    };
    expect(await page.locator('dl.facts .badge.gaps').innerText()).toBe('Gaps');
    expect(await bottom('dl.facts .badge.gaps')).toBeLessThan(900);
    expect(await page.locator('table.summary tbody tr').first().innerText()).toMatch(
      /Merged pull requests\s+108\s+\d+\s+\d+\s+\d+/,
    );
    expect(await bottom('table.summary')).toBeLessThan(900);
    expect(await bottom('#gaps-h')).toBeLessThan(900);
    expect(await bottom('table.gaps tbody tr:nth-child(3)')).toBeLessThan(900);
    // The exceptions come before the mappings and the checks.
    const top = async (selector: string) => (await page.locator(selector).boundingBox())?.y ?? 0;
    expect(await top('#gaps-h')).toBeLessThan(await top('#map-h'));
    expect(await top('#gaps-h')).toBeLessThan(await top('#checks-h'));
    await ctx.close();
  });

  it('reaches every built page by links from the dashboard, with no console error or failed request', async () => {
    const built = (await htmlFiles(dist))
      .filter((f) => f.endsWith('index.html') && f !== '404.html')
      .map((f) => `/${f.replace(/index\.html$/, '')}`);
    const page = await context.newPage();
    const problems: string[] = [];
    let at = '';
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${at}: console error ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${at}: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${at}: ${r.status()} ${r.url()}`);
    });
    const seen = new Set<string>();
    const ids = new Map<string, Set<string>>();
    const rowsByKind = new Map<string, number>();
    const gapTargets: (readonly [string, string])[] = [];
    const tocs = new Map<string, number>();
    const queue = ['/'];
    while (queue.length > 0) {
      const path = queue.shift() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      at = path;
      await page.goto(`${server.url}${path.slice(1)}`);
      const links = await page
        .locator('a[href]')
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      ids.set(path, new Set(await page.locator('[id]').evaluateAll((els) => els.map((e) => e.id))));
      // Each "On this page" link leads to a section of the page.
      const toc = await page
        .locator('nav.toc a')
        .evaluateAll((as) => as.map((a) => decodeURIComponent((a as HTMLAnchorElement).hash)));
      tocs.set(path, (tocs.get(path) ?? 0) + toc.length);
      for (const hash of toc)
        expect(ids.get(path)?.has(hash.slice(1)), `${path}: on this page ${hash}`).toBe(true);
      for (const row of await gapRows(page)) {
        const where = `${path} ${row.kind} ${row.text}`;
        rowsByKind.set(row.kind, (rowsByKind.get(row.kind) ?? 0) + 1);
        expect(row.evidence.length, `${where}: evidence links`).toBe(1);
        // A gap about a document or a control leads to that page: it is its own source.
        const record = row.evidence[0]?.startsWith('/evidence/') ?? false;
        if (record && row.kind !== 'scan') expect(row.source, `${where}: source links`).toBe(1);
        // A row in a gap table is the gap; every other row links to its gaps.
        if (row.kind !== 'gap') expect(row.gaps.length, `${where}: gap links`).toBeGreaterThan(0);
        gapTargets.push(...row.gaps.map((g) => [path, g] as const));
      }
      for (const link of links) {
        const url = new URL(link);
        if (url.origin !== new URL(server.url).origin || !url.pathname.endsWith('/')) continue;
        if (!seen.has(url.pathname)) queue.push(url.pathname);
      }
    }
    expect(built.filter((p) => !seen.has(p))).toEqual([]);
    expect(built.length).toBeGreaterThan(100);
    // Every kind of gap row was seen, and each link to a gap reaches that gap's row.
    expect(Object.fromEntries(rowsByKind)).toEqual({
      gap: expect.any(Number),
      population: expect.any(Number),
      repository: expect.any(Number),
      account: expect.any(Number),
      scan: expect.any(Number),
    });
    // Control pages and record pages with gaps list their sections / records with gaps.
    expect(tocs.get('/controls/ops-01/')).toBeGreaterThan(5);
    expect(tocs.get('/evidence/records/github/acme/api/deployments/1/')).toBe(2);
    for (const [from, link] of gapTargets) {
      const url = new URL(link);
      expect(url.hash, `${from} → ${link}`).toMatch(/^#gap-/);
      expect(ids.get(url.pathname)?.has(url.hash.slice(1)), `${from} → ${link}`).toBe(true);
    }
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('sorts a table from the keyboard, both ways, and says how it is sorted', async () => {
    const page = await open('controls/ops-03/populations/production-deployments/1/');
    const times = () =>
      page
        .locator('table.population tbody tr td:first-child')
        .evaluateAll((tds) => tds.map((td) => (td as HTMLElement).dataset.sort as string));
    const header = page.locator('table.population thead th').first();
    // The page is in time order, and its header says so before any click.
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await times();
    expect(ascending.length).toBeGreaterThan(10);
    expect(ascending).toEqual([...ascending].sort());
    await header.locator('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    expect(await times()).toEqual([...ascending].reverse());
    await page.keyboard.press('Enter');
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    expect(await times()).toEqual(ascending);
    // A column not sorted by has no aria-sort; sorting by it moves the state there.
    const status = page.locator('table.population thead th', { hasText: 'Status' });
    expect(await status.getAttribute('aria-sort')).toBeNull();
    await status.locator('button').click();
    await expect.poll(() => status.getAttribute('aria-sort')).toBe('ascending');
    expect(await header.getAttribute('aria-sort')).toBeNull();
    await page.close();
  });

  it('lets a keyboard user skip to the content', async () => {
    const page = await open('');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.close();
  });

  it.each(['', 'controls/ops-01/', 'search/'])(
    'does not shift its layout while %s loads',
    async (path) => {
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { __cls: number };
        w.__cls = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as {
            value: number;
            hadRecentInput: boolean;
          }[])
            if (!e.hadRecentInput) w.__cls += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500);
      expect(
        await page.evaluate(() => (window as unknown as { __cls: number }).__cls),
      ).toBeLessThan(0.01);
      await page.close();
    },
  );

  it('follows the system colour scheme', async () => {
    const background = async (colorScheme: 'light' | 'dark') => {
      const ctx = await browser.newContext({ colorScheme });
      const page = await ctx.newPage();
      await page.goto(server.url);
      const rgb = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await ctx.close();
      const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number) as [number, number, number];
      return (r + g + b) / 3;
    };
    expect(await background('light')).toBeGreaterThan(200);
    expect(await background('dark')).toBeLessThan(60);
  });

  it('prints a control as a PDF evidence packet that names the control', async () => {
    const r = await runCli(
      [
        'export',
        '--control',
        'OPS-01',
        '--format',
        'pdf',
        '--site',
        dist,
        '--out',
        join(org, 'ops-01.pdf'),
        '--seed',
        'packet',
      ],
      { cwd: org },
    );
    expect(r.code).toBe(0);
    const bytes = await readFile(join(org, 'ops-01.pdf'));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), {
      mergePages: true,
    });
    expect(text).toContain('OPS-01 Change Management');
    expect(text).toContain('Audit period 2026-01-01 to 2026-12-31');
    expect(text).toContain('Sample of 25 from 108');
  });
});
