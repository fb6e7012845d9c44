import { openStore } from '../../collectors/store/store.ts';
import type { EvidenceSet } from '../core/evidence.ts';

/** Reads the evidence store into the set the rules see. */
export async function loadEvidence(dir: string): Promise<EvidenceSet> {
  const manifest = await openStore(dir);
  return { manifest, sources: manifest?.sources ?? {} };
}
