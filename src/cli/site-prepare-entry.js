// The site preparation process's entry (see site-prepare.ts). Plain JavaScript, like the check
// worker's entry: the compile cache must be on before any TypeScript loads.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
await import('./site-prepare-main.ts');
