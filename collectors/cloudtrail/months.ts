import { compareEvents } from '../../src/core/cloudtrail/normalize.ts';
import type { CloudTrailEvent } from '../../src/core/schemas/cloudtrail.ts';
import type { Manifest } from '../../src/core/schemas/manifest.ts';
import { type KeyOf, storePath } from '../../src/evidence/catalog.ts';
import { readStored, writeSource } from '../../src/evidence/store.ts';

export const SOURCE = 'cloudtrail' as const;

/** The month file an event belongs in: its account's, for the month of its time. */
function monthOf(e: Pick<CloudTrailEvent, 'account' | 'time'>): KeyOf<'cloudtrail', 'events'> {
  return { account: e.account, month: e.time.slice(0, 7) };
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
  const byFile = new Map<
    string,
    { key: KeyOf<'cloudtrail', 'events'>; events: Map<string, CloudTrailEvent> }
  >();
  for (const e of events) {
    const key = monthOf(e);
    const path = storePath(SOURCE, 'events', key);
    let file = byFile.get(path)?.events;
    if (!file) {
      file = new Map();
      // A full re-collection rewrites each file the first time it touches it, then adds to it.
      const fresh = opts.rewritten != null && !opts.rewritten.has(path);
      opts.rewritten?.add(path);
      if (!fresh)
        for await (const old of readStored(storeDir, manifest, SOURCE, 'events', key))
          file.set(old.event_id, old);
      byFile.set(path, { key, events: file });
    }
    file.set(e.event_id, e);
  }
  let added = 0;
  for (const [path, file] of byFile)
    added += Math.max(0, file.events.size - (manifest?.files[path]?.records ?? 0));
  const result = await writeSource(storeDir, manifest, SOURCE, {
    files: [...byFile.values()].map(({ key, events }) => ({
      file: 'events' as const,
      key,
      records: [...events.values()].sort(compareEvents),
    })),
    cursors: { ...(manifest?.sources[SOURCE]?.cursors ?? {}), ...opts.cursors },
    now: opts.now,
    rewrite: opts.rewritten != null,
  });
  return { manifest: result.manifest, added };
}
