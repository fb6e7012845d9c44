import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '../../src/cli/static-server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { buildSite, exampleOrg } from '../helpers/site.ts';

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  const dist = await buildSite(await exampleOrg());
  server = await serveStatic(dist);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function search(page: Page, query: string): Promise<string[]> {
  await page.goto(`${server.url}search/`);
  await page.locator('.pagefind-ui__search-input').fill(query);
  await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
  return page.locator('.pagefind-ui__result-link').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

describe('search in the browser', () => {
  it("finds a control by its title", async () => {
    const page = await browser.newPage();
    const results = await search(page, 'Change Management');
    expect(results).toContain('/controls/ops-01/');
    await page.close();
  });

  it('takes a query from the header search form (?q=)', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}controls/`);
    await page.locator('#site-q').fill('Break-Glass Access');
    await page.locator('#site-q').press('Enter');
    await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
    const results = await page.locator('.pagefind-ui__result-link').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(results).toContain('/controls/iam-03/');
    await page.close();
  });
});
