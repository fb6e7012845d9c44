import { compareEvents } from '../../src/core/cloudtrail/normalize.ts';
import { describeFile } from '../../src/core/manifest.ts';
import type { CloudTrailEvent } from '../../src/core/schemas/cloudtrail.ts';
import type { Manifest } from '../../src/core/schemas/manifest.ts';
import { commitStore, readNdjson, toNdjson } from '../store/store.ts';

export const SOURCE = 'cloudtrail';

export function monthPath(account: string, time: string): string {
  return `cloudtrail/${account}/${time.slice(0, 7)}.ndjson`;
}

/**
 * Merges events into their month files (deduplicated by event id: trails deliver duplicates)
 * and commits them with the new cursors in one atomic step. Returns the new manifest and how
 * many events were new.
 */
export async function mergeEvents(
  storeDir: string,
  manifest: Manifest | null,
  events: readonly CloudTrailEvent[],
  opts: { cursors: Record<string, string>; now: () => Date; rewritten?: Set<string> | null },
): Promise<{ manifest: Manifest; added: number }> {
  const byFile = new Map<string, Map<string, CloudTrailEvent>>();
  for (const e of events) {
    const path = monthPath(e.account, e.time);
    let file = byFile.get(path);
    if (!file) {
      file = new Map();
      // A full re-collection rewrites each file the first time it touches it, then adds to it.
      const fresh = opts.rewritten != null && !opts.rewritten.has(path);
      opts.rewritten?.add(path);
      if (!fresh && manifest?.files[path])
        for await (const old of readNdjson(storeDir, path))
          file.set((old as CloudTrailEvent).event_id, old as CloudTrailEvent);
      byFile.set(path, file);
    }
    file.set(e.event_id, e);
  }
  const files = new Map<string, string>();
  let added = 0;
  for (const [path, map] of byFile) {
    files.set(path, toNdjson([...map.values()].sort(compareEvents)));
    added += Math.max(0, map.size - (manifest?.files[path]?.records ?? 0));
  }
  const changed = [...files].some(
    ([path, text]) => manifest?.files[path]?.sha256 !== describeFile(text).sha256,
  );
  const previous = manifest?.sources[SOURCE];
  const collectedAt = changed || !previous ? opts.now().toISOString() : previous.collected_at;
  const result = await commitStore(storeDir, manifest, {
    files,
    sources: {
      [SOURCE]: {
        collected_at: collectedAt,
        cursors: { ...(previous?.cursors ?? {}), ...opts.cursors },
      },
    },
  });
  return { manifest: result.manifest, added };
}
