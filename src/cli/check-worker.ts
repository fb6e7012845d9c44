// The check worker's entry (see check-thread.ts). The compile cache is per thread, and must be
// on before the worker's modules load: it saves the worker most of its start-up.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
await import('./check-worker-main.ts');
