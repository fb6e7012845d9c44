import { basePath } from 'virtual:docket/site-data';

/** A site path under the configured base (GitHub Pages project sites live under /repo/). */
export function href(path: string): string {
  return `${basePath}${path.replace(/^\//, '')}`;
}
