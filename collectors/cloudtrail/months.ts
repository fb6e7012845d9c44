import type { CloudTrailEvent } from '../../src/core/schemas/cloudtrail.ts';
import type { Manifest } from '../../src/core/schemas/manifest.ts';
import { type KeyOf, storePath } from '../../src/evidence/catalog.ts';
import {
  readStoredLines,
  type StoredLine,
  storedLines,
  writeSource,
} from '../../src/evidence/store.ts';
import { type RunSorter, SortScratch } from '../../src/evidence/sorted-runs.ts';

export const SOURCE = 'cloudtrail' as const;

/** The month file an event belongs in: its account's, for the month of its time. */
function monthOf(e: Pick<CloudTrailEvent, 'account' | 'time'>): KeyOf<'cloudtrail', 'events'> {
  return { account: e.account, month: e.time.slice(0, 7) };
}

/** A kept event and where it was read: `where` (a file, an API) and its record number there. */
export interface Placed {
  event: CloudTrailEvent;
  where: string;
  record: number;
}

/** A record not kept because another record of this run has its eventID (a different record). */
export interface Clash {
  where: string;
  record: number;
  message: string;
}

// The order of the records of one event id: lines stored earlier in this run (a month read in
// two parts) are the first, then this run's in the order read, and a stored line from an earlier
// run last (a new reading replaces it).
const EARLIER_IN_RUN = '0';
const THIS_RUN = '1';
const EARLIER_RUN = '2';
const seq = (n: number) => n.toString(36).padStart(10, '0');

/**
 * The events of a run, merged into their month files (deduplicated by event id: trails deliver
 * duplicates) in bounded memory: each event is redacted and serialised once as it is added, into
 * a sort by event id (`src/evidence/sorted-runs.ts`, spilling to disk past its budget); `commit`
 * merges each month with its stored file, keeps one record per id, sorts by (time, event id)
 * the same way and streams the file into the store, hashed as it is written.
 */
export class MonthMerge {
  readonly #storeDir: string;
  readonly #scratch: SortScratch;
  readonly #byPath = new Map<string, { key: KeyOf<'cloudtrail', 'events'>; ids: RunSorter }>();
  #n = 0;

  constructor(storeDir: string, opts: { spillChars?: number | undefined } = {}) {
    this.#storeDir = storeDir;
    this.#scratch = new SortScratch(storeDir, { maxChars: opts.spillChars });
  }

  async add(events: readonly Placed[]): Promise<void> {
    const lines = await storedLines(events.map((p) => p.event));
    for (const [i, { event: e, where, record }] of events.entries()) {
      const key = monthOf(e);
      const path = storePath(SOURCE, 'events', key);
      let month = this.#byPath.get(path);
      if (!month) {
        month = { key, ids: this.#scratch.sorter() };
        this.#byPath.set(path, month);
      }
      await month.ids.add(
        [e.event_id, THIS_RUN + seq(this.#n++), e.time, where, String(record)],
        lines[i] as string,
      );
    }
  }

  /**
   * Commits every month added with the new cursors in one atomic step. A full re-collection
   * (`rewritten` given) rewrites each file the first time this run touches it, then adds to it;
   * `written` names the files this run has written so far (both sets are updated). Returns the new
   * manifest, how many events were new, and the records skipped because an earlier record of this
   * run had their eventID but was a different record (the first is kept).
   */
  async commit(
    manifest: Manifest | null,
    opts: {
      cursors: Record<string, string>;
      now: () => Date;
      rewritten?: Set<string> | null;
      written: Set<string>;
    },
  ): Promise<{ manifest: Manifest; added: number; clashes: Clash[] }> {
    const clashes: Clash[] = [];
    const months = [...this.#byPath].sort(([a], [b]) => (a < b ? -1 : 1));
    this.#byPath.clear();
    const files = months.map(([path, { key, ids }]) => {
      const fresh = opts.rewritten != null && !opts.rewritten.has(path);
      const tier = opts.written.has(path) ? EARLIER_IN_RUN : EARLIER_RUN;
      opts.rewritten?.add(path);
      opts.written.add(path);
      const lines = async function* (this: MonthMerge): AsyncGenerator<StoredLine> {
        if (!fresh) {
          let n = 0;
          for await (const line of readStoredLines(
            this.#storeDir,
            manifest,
            SOURCE,
            'events',
            key,
          )) {
            const e = JSON.parse(line) as Pick<CloudTrailEvent, 'event_id' | 'time'>;
            await ids.add([e.event_id, tier + seq(n++), e.time, '', '0'], line);
          }
        }
        const byTime = this.#scratch.sorter();
        await keepOnePerId(ids, byTime, clashes);
        for await (const { line } of byTime.sorted()) yield line as StoredLine;
      }.bind(this);
      return { file: 'events' as const, key, lines };
    });
    try {
      const result = await writeSource(this.#storeDir, manifest, SOURCE, {
        files,
        cursors: { ...(manifest?.sources[SOURCE]?.cursors ?? {}), ...opts.cursors },
        now: opts.now,
        rewrite: opts.rewritten != null,
      });
      let added = 0;
      for (const [path] of months)
        added += Math.max(
          0,
          (result.manifest.files[path]?.records ?? 0) - (manifest?.files[path]?.records ?? 0),
        );
      return { manifest: result.manifest, added, clashes };
    } finally {
      await this.#scratch.dispose();
    }
  }
}

/**
 * Reads a month's records by event id and adds one line per id to `byTime`, keyed by (time, id):
 * the first of the id's records (see the order above). A later record of this run under the same
 * id that is a different record is a clash, named in `clashes`.
 */
async function keepOnePerId(ids: RunSorter, byTime: RunSorter, clashes: Clash[]): Promise<void> {
  let id: string | null = null;
  let first: { line: string; where: string; record: string } | null = null;
  for await (const { key, line } of ids.sorted()) {
    const [eventId, rank, time, where, record] = key as [string, string, string, string, string];
    if (eventId !== id) {
      id = eventId;
      first = { line, where, record };
      await byTime.add([time, eventId], line);
      continue;
    }
    if (rank.startsWith(EARLIER_RUN) || line === first?.line) continue;
    const firstWhere = first?.where
      ? `${first.where} record ${first.record}`
      : 'a record stored earlier in this run';
    clashes.push({
      where,
      record: Number(record),
      message:
        `record ${record} (${eventId}) has the eventID of ${firstWhere}, but is a different ` +
        `record; skipped (the first is kept)`,
    });
  }
}
