#!/usr/bin/env node
// Docket's command. Installed from the package (this file is under node_modules), it runs the
// compiled JavaScript in lib/; in a checkout of the Docket repository it runs the TypeScript in
// src/ under Node's type stripping (Node does not strip types under node_modules), so a stale
// lib/ left by `npm pack` never shadows the source being edited.
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The oldest Node Docket runs on: package.json's `engines` says the same (a test holds both). */
const MIN_NODE = 24;
// import.meta.url, not import.meta.filename: an old Node must reach the version check below.
const installed = fileURLToPath(import.meta.url)
  .split(sep)
  .includes('node_modules');
const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_NODE) {
  process.stderr.write(
    `docket needs Node ${MIN_NODE} or later; this is Node ${process.versions.node} ` +
      `(${process.execPath}).\n` +
      (installed
        ? `Install Node ${MIN_NODE} or later (https://nodejs.org/, or ` +
          `\`nvm install ${MIN_NODE}\`) and run docket with it.\n`
        : 'In the Docket repository, run it through npm so the pinned Node is used: ' +
          '`npx docket ...` or `npm run docket -- ...`.\n'),
  );
  process.exit(2);
}
// Output piped into `head` and the like: stop quietly when the reader goes away.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
// Keep compiled (and type-stripped) modules between runs: it halves the start-up time.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const cli = installed ? '../lib/src/cli/' : '../src/cli/';
const ext = installed ? '.js' : '.ts';
const { main } = await import(`${cli}main${ext}`);
const { processIO } = await import(`${cli}io${ext}`);
process.exitCode = await main(process.argv.slice(2), processIO());
