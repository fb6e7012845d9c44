// The CloudTrail reader thread's entry (see reader.ts). Plain JavaScript, like bin/docket.js and
// src/check/worker-entry.js: the compile cache is per thread and must be on before any TypeScript
// loads.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
await import('./read-main.ts');
