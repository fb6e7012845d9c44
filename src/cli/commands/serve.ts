import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { str, type Command } from '../command.ts';
import { UsageError } from '../io.ts';
import { serveStatic } from '../static-server.ts';

export const serve: Command = {
  name: 'serve',
  summary: 'preview a built site on http://127.0.0.1',
  usage: 'docket serve [--dir DIR] [--port N] [--base PATH]',
  help: `Serves the site that \`docket build\` wrote, on the loopback interface only, until you
stop it with Ctrl-C. Search works (pagefind needs the site served over HTTP, not opened as files).

  --dir DIR          the built site (default: dist)
  --port N           the port (default: 4321)
  --base PATH        the base path the site was built with (docket build --base)`,
  options: { dir: { type: 'string' }, port: { type: 'string' }, base: { type: 'string' } },
  async run(values, _positionals, io) {
    const dir = resolve(io.cwd, str(values, 'dir') ?? 'dist');
    if (!(await stat(resolve(dir, 'index.html')).catch(() => null)))
      throw new UsageError(`${dir} has no built site; run \`docket build\` first`);
    const port = Number(str(values, 'port') ?? 4321);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError('--port: expected a port number');
    const server = await serveStatic(dir, { port, base: str(values, 'base') });
    io.stdout(`serving ${dir} at ${server.url} (Ctrl-C to stop)\n`);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await server.close();
    return 0;
  },
};
