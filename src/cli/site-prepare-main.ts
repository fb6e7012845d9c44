import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../core/problems.ts';
import { prepareSite, type PrepareMessage, type SitePreparation } from './site-prepare.ts';

// The site preparation thread (site-prepare.ts): prepares, then says it is done or what failed.

const port = parentPort;
if (!port) throw new Error('site-prepare-main.ts runs as a worker thread');
const say = (m: PrepareMessage) => port.postMessage(m);
try {
  await prepareSite(workerData as SitePreparation, (text) => say({ kind: 'stderr', text }));
  say({ kind: 'done' });
} catch (err) {
  const e = err instanceof Error ? err : new Error(String(err));
  say({
    kind: 'failed',
    name: e.name,
    message: e.message,
    ...(e.stack ? { stack: e.stack } : {}),
    ...(e instanceof InputError ? { problems: e.problems } : {}),
  });
}
