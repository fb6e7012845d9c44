import { z } from 'zod';
import { IsoDateTime } from './common.ts';

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ManifestFile = z.strictObject({
  sha256: Sha256,
  records: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

export const SourceState = z.strictObject({
  /** When this source's data last changed in the store. */
  collected_at: IsoDateTime,
  /** Collection cursors by stream (a repository, an account/region), e.g. the newest updatedAt seen. */
  cursors: z.record(z.string(), z.string()).default({}),
});
export type SourceState = z.infer<typeof SourceState>;

/**
 * `evidence/manifest.json`: a sha256 per file, a root hash over them (the sha256 of the lines
 * `<sha256>  <path>` sorted by path, as `sha256sum` prints them) and each source's cursors.
 */
export const Manifest = z.strictObject({
  version: z.literal(1),
  root: Sha256,
  files: z.record(z.string(), ManifestFile),
  sources: z.record(z.string(), SourceState),
});
export type Manifest = z.infer<typeof Manifest>;
