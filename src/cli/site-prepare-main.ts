import { InputError } from '../core/problems.ts';
import { prepareSite, type PrepareMessage, type SitePreparation } from './site-prepare.ts';

// The site preparation process (site-prepare.ts): takes its request from the parent, prepares,
// then says it is done or what failed, and leaves.

if (!process.send) throw new Error('site-prepare-main.ts runs as a child process with IPC');
const say = (m: PrepareMessage) =>
  new Promise<void>((done) => process.send?.(m, undefined, undefined, () => done()));
process.once('message', (request: SitePreparation) => {
  void (async () => {
    try {
      await prepareSite(request, (text) => void say({ kind: 'stderr', text }));
      await say({ kind: 'done' });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      await say({
        kind: 'failed',
        name: e.name,
        message: e.message,
        ...(e.stack ? { stack: e.stack } : {}),
        ...(e instanceof InputError ? { problems: e.problems } : {}),
      });
    }
    process.disconnect();
  })();
});
