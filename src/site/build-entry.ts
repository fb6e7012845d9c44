import { build } from 'astro';
import { readFileSync } from 'node:fs';
import { SiteBuildRequest, siteConfig } from './astro-config.ts';
import { CONTENT_PROBLEM_EXIT, contentProblemLine, siteBuildProblem } from './build-problem.ts';
import { renderingDocument } from './rendering.ts';

// `node src/site/build-entry.ts <request.json>` (lib/src/site/build-entry.js when installed):
// the site build `docket build` runs in a child process (Astro's memory is let go with it). The
// request file says where everything is. A failure in a content file is answered as a problem
// with the user's own path and line (one line on stdout, exit 3); anything else crashes with its
// stack.

const file = process.argv[2];
if (!file) throw new Error('usage: node src/site/build-entry.ts <site build request.json>');
const request = SiteBuildRequest.parse(JSON.parse(readFileSync(file, 'utf8')));
const root = request.root;
const readFile = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};
try {
  await build({
    ...siteConfig(request),
    configFile: false,
    logLevel: 'silent',
  });
} catch (err) {
  const problem = siteBuildProblem(err, request.content, renderingDocument(), root, readFile);
  if (!problem) throw err;
  process.stdout.write(contentProblemLine(problem));
  process.exitCode = CONTENT_PROBLEM_EXIT;
}
