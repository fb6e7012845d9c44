#!/usr/bin/env node
// The CLI is TypeScript run by Node's own type stripping, which needs Node 24. The project pins
// Node 24 as a dev dependency, so `npx docket` and npm scripts find it first on the PATH.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `docket needs Node 24 or later; this is Node ${process.versions.node} (${process.execPath}).\n` +
      'Run it through npm so the pinned Node is used: `npx docket ...` or `npm run docket -- ...`.\n',
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
const { main } = await import('../src/cli/main.ts');
const { processIO } = await import('../src/cli/io.ts');
process.exitCode = await main(process.argv.slice(2), processIO());
