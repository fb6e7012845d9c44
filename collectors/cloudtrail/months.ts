import type { CloudTrailEvent } from '../../src/core/schemas/cloudtrail.ts';
import type { Manifest } from '../../src/core/schemas/manifest.ts';
import { type KeyOf, storePath } from '../../src/evidence/catalog.ts';
import {
  readStoredLines,
  type StoredLine,
  storedLines,
  storedLinesOfJson,
  writeSource,
} from '../../src/evidence/store.ts';
import { type RunSorter, SortScratch } from '../../src/evidence/sorted-runs.ts';
import type { Placed } from './keep.ts';

export const SOURCE = 'cloudtrail' as const;

/** The month file an event belongs in: its account's, for the month of its time. */
function monthOf(e: Pick<CloudTrailEvent, 'account' | 'time'>): KeyOf<'cloudtrail', 'events'> {
  return { account: e.account, month: e.time.slice(0, 7) };
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

/** What `commit` is given: the new cursors, the clock, and the files written so far. */
export interface MonthCommit {
  cursors: Record<string, string>;
  now: () => Date;
  rewritten?: Set<string> | null;
  written: Set<string>;
}

/** What `commit` returns. */
export interface Committed {
  manifest: Manifest;
  added: number;
  clashes: Clash[];
}

/** Where an account-month's events go: a MonthMerge, here or on the merge thread. */
export interface MonthSink {
  addJson(lines: string | Uint8Array, records: readonly number[], where: string): Promise<void>;
  commit(manifest: Manifest | null, opts: MonthCommit): Promise<Committed>;
}

const utf8 = new TextDecoder();

/**
 * The events of a run, merged into their month files (deduplicated by event id: trails deliver
 * duplicates) in bounded memory. Each event is redacted and serialised once as it is added, into
 * a sort by (time, event id) (`src/evidence/sorted-runs.ts`, spilling to disk past its budget);
 * its id, time and origin also go into a small sort by id, which finds the ids seen at more than
 * one time. `commit` merges each month with its stored file, keeps one record per id and streams
 * the file into the store, hashed as it is written.
 */
export class MonthMerge implements MonthSink {
  readonly #storeDir: string;
  readonly #scratch: SortScratch;
  readonly #byPath = new Map<string, Month>();
  #n = 0;

  constructor(storeDir: string, opts: { spillChars?: number | undefined } = {}) {
    this.#storeDir = storeDir;
    this.#scratch = new SortScratch(storeDir, { maxChars: opts.spillChars });
  }

  /** Adds events (redacted and serialised here). */
  async add(events: readonly Placed[]): Promise<void> {
    const lines = await storedLines(events.map((p) => p.event));
    for (const [i, { event: e, where, record }] of events.entries())
      await this.#add(
        { account: e.account, time: e.time, id: e.event_id, record },
        where,
        lines[i] as string,
      );
  }

  /**
   * Adds events serialised as canonical JSON lines (`readAndKeep`; as text or its UTF-8 bytes),
   * read at `where` as the records numbered `records`: redacted here, once.
   */
  async addJson(
    json: string | Uint8Array,
    records: readonly number[],
    where: string,
  ): Promise<void> {
    if (records.length === 0) return;
    const text = typeof json === 'string' ? json : utf8.decode(json);
    const lines = await storedLinesOfJson(text.slice(0, -1).split('\n'));
    for (const [i, line] of lines.entries()) {
      const e = JSON.parse(line) as Pick<CloudTrailEvent, 'account' | 'time' | 'event_id'>;
      const record = records[i] as number;
      await this.#add({ account: e.account, time: e.time, id: e.event_id, record }, where, line);
    }
  }

  async #add(
    e: { account: string; time: string; id: string; record: number },
    where: string,
    line: string,
  ): Promise<void> {
    const key = monthOf(e);
    const path = storePath(SOURCE, 'events', key);
    let month = this.#byPath.get(path);
    if (!month) {
      month = { key, byTime: this.#scratch.sorter(), ids: this.#scratch.sorter() };
      this.#byPath.set(path, month);
    }
    await addRecord(month, e, THIS_RUN + seq(this.#n++), where, e.record, line);
  }

  /**
   * Commits every month added with the new cursors in one atomic step. A full re-collection
   * (`rewritten` given) rewrites each file the first time this run touches it, then adds to it;
   * `written` names the files this run has written so far (both sets are updated). Returns the new
   * manifest, how many events were new, and the records skipped because an earlier record of this
   * run had their eventID but was a different record (the first is kept).
   */
  async commit(manifest: Manifest | null, opts: MonthCommit): Promise<Committed> {
    const clashes: Clash[] = [];
    const months = [...this.#byPath].sort(([a], [b]) => (a < b ? -1 : 1));
    this.#byPath.clear();
    const storeDir = this.#storeDir;
    const files = months.map(([path, month]) => {
      const fresh = opts.rewritten != null && !opts.rewritten.has(path);
      const tier = opts.written.has(path) ? EARLIER_IN_RUN : EARLIER_RUN;
      opts.rewritten?.add(path);
      opts.written.add(path);
      async function* lines(): AsyncGenerator<StoredLine> {
        if (!fresh) {
          let n = 0;
          for await (const line of readStoredLines(
            storeDir,
            manifest,
            SOURCE,
            'events',
            month.key,
          )) {
            const e = JSON.parse(line) as Pick<CloudTrailEvent, 'event_id' | 'time'>;
            await addRecord(month, { id: e.event_id, time: e.time }, tier + seq(n++), '', 0, line);
          }
        }
        const moved = await idsAtSeveralTimes(month.ids);
        yield* keepOnePerId(month.byTime, moved, clashes);
      }
      return { file: 'events' as const, key: month.key, lines };
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

interface Month {
  key: KeyOf<'cloudtrail', 'events'>;
  /** Every record's line, by [time, event id, rank, where, record number]. */
  byTime: RunSorter;
  /** Every record's [event id, time, rank, where, record number], no line. */
  ids: RunSorter;
}

/** The first record of an id (lowest rank) when the id was seen at more than one time. */
interface Winner {
  time: string;
  where: string;
  record: string;
}

async function addRecord(
  month: Month,
  e: { id: string; time: string },
  rank: string,
  where: string,
  record: number,
  line: string,
): Promise<void> {
  await month.byTime.add([e.time, e.id, rank, where, String(record)], line);
  await month.ids.add([e.id, e.time, rank, where, String(record)], '');
}

/** The ids seen at more than one time, each with its first record (few: bad input, or a fix). */
async function idsAtSeveralTimes(ids: RunSorter): Promise<Map<string, Winner>> {
  const out = new Map<string, Winner>();
  let id: string | null = null;
  let first: (Winner & { rank: string }) | null = null;
  let times = 0;
  const close = () => {
    if (id !== null && first && times > 1) out.set(id, first);
  };
  for await (const { key } of ids.sorted()) {
    const [eventId, time, rank, where, record] = key as [string, string, string, string, string];
    if (eventId !== id) {
      close();
      id = eventId;
      first = { time, rank, where, record };
      times = 1;
      continue;
    }
    if (first && time !== first.time) times++;
    if (first && rank < first.rank) first = { time, rank, where, record };
  }
  close();
  return out;
}

/**
 * A month's lines by (time, id), one per id: the first of the id's records (see the order above).
 * A later record of this run under the same id that is a different record is a clash, named in
 * `clashes`; a record stored by an earlier run is replaced by this run's.
 */
async function* keepOnePerId(
  byTime: RunSorter,
  moved: ReadonlyMap<string, Winner>,
  clashes: Clash[],
): AsyncGenerator<StoredLine> {
  let group: string | null = null;
  let first: { line: string; where: string; record: string } | null = null;
  const clash = (eventId: string, where: string, record: string, of: Winner | null) => {
    const firstWhere = of?.where
      ? `${of.where} record ${of.record}`
      : 'a record stored earlier in this run';
    clashes.push({
      where,
      record: Number(record),
      message:
        `record ${record} (${eventId}) has the eventID of ${firstWhere}, but is a different ` +
        `record; skipped (the first is kept)`,
    });
  };
  for await (const { key, line } of byTime.sorted()) {
    const [time, eventId, rank, where, record] = key as [string, string, string, string, string];
    const winner = moved.get(eventId);
    if (winner && winner.time !== time) {
      // Not the time of the id's first record: dropped (a stored one replaced, or a clash).
      if (rank.startsWith(THIS_RUN)) clash(eventId, where, record, winner);
      continue;
    }
    const at = `${time}\n${eventId}`;
    if (at !== group) {
      group = at;
      first = { line, where, record };
      yield line as StoredLine;
      continue;
    }
    if (rank.startsWith(EARLIER_RUN) || line === first?.line) continue;
    clash(eventId, where, record, first && { time, ...first });
  }
}
