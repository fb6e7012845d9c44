import { stat } from 'node:fs/promises';
import { serveStatic } from './static-server.ts';
import { UsageError } from './io.ts';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Prints a control's page of a built site to PDF with the site's print stylesheet. */
export async function printControlPdf(
  site: string,
  controlId: string,
  file: string,
  chromium = DEFAULT_CHROMIUM,
  seed?: string,
): Promise<number> {
  if (!(await stat(chromium).catch(() => null)))
    throw new UsageError(
      `no Chromium at ${chromium}: install Debian's chromium package, or set DOCKET_CHROMIUM`,
    );
  const { chromium: launcher } = await import('playwright-core');
  const server = await serveStatic(site, { base: await siteBase(site) });
  const browser = await launcher.launch({ executablePath: chromium, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const response = await page.goto(`${server.url}controls/${controlId.toLowerCase()}/`);
    if (!response?.ok()) throw new UsageError(`the site has no page for control ${controlId}`);
    if (seed !== undefined) {
      // Draw each population's sample on the page itself, as an auditor would, before printing.
      for (const form of await page.locator('form.sample-form').all()) {
        await form.evaluate((f) => ((f.closest('details') as HTMLDetailsElement).open = true));
        await form.locator('input[name=seed]').fill(seed);
        await form.locator('button[type=submit]').click();
        await form.locator('xpath=../..').locator('.sample-items').waitFor();
      }
    }
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      path: file,
      format: 'A4',
      printBackground: false,
      margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span> ' +
        '/ <span class="totalPages"></span></div>',
    });
    return pdf.length;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The base path a site was built with, read from its stylesheet links (docket build --base). */
async function siteBase(site: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const html = await readFile(`${site}/index.html`, 'utf8');
  return /<a class="brand" href="([^"]*)"/.exec(html)?.[1] ?? '/';
}
