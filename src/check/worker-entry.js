// The check worker's entry (see worker.ts). Plain JavaScript, like bin/docket.js: the
// compile cache, which also keeps the type-stripped TypeScript, is per thread and must be on
// before any TypeScript loads. A TypeScript entry would load the type stripper on every run.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
await import('./worker-main.ts');
