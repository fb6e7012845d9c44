import { describe, expect, it } from 'vitest';
import { PAGES_LIMIT_BYTES, pagesLimit, siteSizeWarning } from '../../src/cli/site-size.ts';

describe("a built site against GitHub Pages' limit", () => {
  it('says nothing for a site within 1 GB', () => {
    expect(siteSizeWarning('dist', 400 * 1024 * 1024, PAGES_LIMIT_BYTES)).toBeNull();
    expect(siteSizeWarning('dist', PAGES_LIMIT_BYTES, PAGES_LIMIT_BYTES)).toBeNull();
  });

  it('warns with the size and the limit for a larger site', () => {
    const warning = siteSizeWarning('dist', 1_098_907_648, PAGES_LIMIT_BYTES);
    expect(warning).toContain('the site in dist is 1,048 MiB (1,098,907,648 bytes)');
    expect(warning).toContain("over GitHub Pages' 1 GB limit for a published site");
  });

  it('takes another limit from DOCKET_PAGES_LIMIT_BYTES, and only a positive whole number', () => {
    expect(pagesLimit({})).toBe(1_000_000_000);
    expect(pagesLimit({ DOCKET_PAGES_LIMIT_BYTES: '5000' })).toBe(5000);
    for (const bad of ['', 'lots', '-1', '0', '1.5'])
      expect(pagesLimit({ DOCKET_PAGES_LIMIT_BYTES: bad })).toBe(PAGES_LIMIT_BYTES);
    expect(siteSizeWarning('out', 6000, 5000)).toContain(
      'over the limit of 5,000 bytes (DOCKET_PAGES_LIMIT_BYTES)',
    );
  });
});
