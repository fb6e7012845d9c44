// How big a built site is against what GitHub Pages publishes: a published site may be no larger
// than 1 GB (https://docs.github.com/en/pages/getting-started-with-github-pages/github-pages-limits).

/** GitHub Pages' limit on a published site, in bytes (1 GB). */
export const PAGES_LIMIT_BYTES = 1_000_000_000;

/**
 * The limit `docket build` warns at: GitHub Pages' own, unless DOCKET_PAGES_LIMIT_BYTES names
 * another number of bytes (for tests, or a host with another limit).
 */
export function pagesLimit(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.DOCKET_PAGES_LIMIT_BYTES;
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : PAGES_LIMIT_BYTES;
}

/** Bytes as MiB for people: `1,048 MiB`. */
export function mebibytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024).toLocaleString('en-US')} MiB`;
}

/** The warning for a site over the limit, or null when it fits. */
export function siteSizeWarning(dir: string, bytes: number, limit: number): string | null {
  if (bytes <= limit) return null;
  const what =
    limit === PAGES_LIMIT_BYTES
      ? "GitHub Pages' 1 GB limit for a published site"
      : `the limit of ${limit.toLocaleString('en-US')} bytes (DOCKET_PAGES_LIMIT_BYTES)`;
  return (
    `docket build: warning: the site in ${dir} is ${mebibytes(bytes)} ` +
    `(${bytes.toLocaleString('en-US')} bytes), over ${what}; GitHub Pages would refuse to ` +
    `publish it. The evidence record pages and the populations grow with the store: see ` +
    `"Performance" in Docket's README.\n`
  );
}
