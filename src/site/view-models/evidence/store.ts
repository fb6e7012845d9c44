import { z } from 'zod';
import type { Model } from '../../../core/model.ts';
import type { ViewInputs } from '../shared.ts';

// The evidence index page: every file of the store with its hash, and the root hash.

export const SiteEvidence = z.strictObject({
  root: z.string().nullable(),
  files: z.array(
    z.strictObject({
      path: z.string(),
      sha256: z.string(),
      records: z.number(),
      bytes: z.number(),
      /** The site path of the file's first page of records. */
      href: z.string().nullable(),
    }),
  ),
  sources: z.record(z.string(), z.strictObject({ collected_at: z.string() })),
});
export type SiteEvidence = z.infer<typeof SiteEvidence>;

export function evidenceView(model: Model, inputs: ViewInputs): SiteEvidence {
  return {
    root: model.evidence.manifest?.root ?? null,
    files: Object.entries(model.evidence.manifest?.files ?? {}).map(([path, f]) => ({
      path,
      ...f,
      href: inputs.links.get(`file:${path}`) ?? null,
    })),
    sources: Object.fromEntries(
      Object.entries(model.evidence.sources).map(([k, s]) => [k, { collected_at: s.collected_at }]),
    ),
  };
}
