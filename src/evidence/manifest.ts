import { createHash } from 'node:crypto';
import type { Manifest, ManifestFile, SourceState } from '../core/schemas/manifest.ts';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The root hash: sha256 of `<sha256>  <path>\n` lines sorted by path, exactly what `sha256sum` prints. */
export function rootHash(files: Readonly<Record<string, Pick<ManifestFile, 'sha256'>>>): string {
  const lines = Object.keys(files)
    .sort()
    .map((path) => `${files[path]?.sha256}  ${path}\n`)
    .join('');
  return sha256(lines);
}

export function describeFile(content: string): ManifestFile {
  const bytes = Buffer.byteLength(content);
  const records =
    content === '' ? 0 : content.split('\n').length - (content.endsWith('\n') ? 1 : 0);
  return { sha256: sha256(content), records, bytes };
}

export const EMPTY_MANIFEST: Manifest = { version: 1, root: rootHash({}), files: {}, sources: {} };

/** The manifest after replacing or deleting files and updating sources; keys sorted for stable bytes. */
export function nextManifest(
  previous: Manifest | null,
  files: ReadonlyMap<string, ManifestFile | null>,
  sources: Readonly<Record<string, SourceState>>,
): Manifest {
  const merged: Record<string, ManifestFile> = { ...(previous?.files ?? {}) };
  for (const [path, entry] of files) {
    if (entry === null) delete merged[path];
    else merged[path] = entry;
  }
  const sortedFiles = Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((k) => [k, merged[k] as ManifestFile]),
  );
  const allSources = { ...(previous?.sources ?? {}), ...sources };
  const sortedSources = Object.fromEntries(
    Object.keys(allSources)
      .sort()
      .map((k) => {
        const s = allSources[k] as SourceState;
        return [
          k,
          {
            collected_at: s.collected_at,
            cursors: Object.fromEntries(
              Object.entries(s.cursors).sort(([a], [b]) => (a < b ? -1 : 1)),
            ),
          },
        ];
      }),
  );
  return { version: 1, root: rootHash(sortedFiles), files: sortedFiles, sources: sortedSources };
}

export function serializeManifest(m: Manifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}
