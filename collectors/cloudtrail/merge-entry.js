// The CloudTrail merge thread's entry (see merge-thread.ts). Plain JavaScript, like read-entry.js:
// the compile cache is per thread and must be on before any TypeScript loads.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
await import('./merge-main.ts');
