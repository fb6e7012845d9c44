import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedEventId } from '../../src/core/cloudtrail/derived-id.ts';
import {
  isInsightRecord,
  isRecordProblem,
  keepEvent,
  normalizeRecord,
  type RawCloudTrailRecord,
} from '../../src/core/cloudtrail/normalize.ts';
import { isServicePrincipal, serviceMarked } from '../../src/core/cloudtrail/sessions.ts';
import type { CloudTrailEvent } from '../../src/core/schemas/cloudtrail.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { expected, keptByDocket, REAL, recordOf, recordsOf } from './real-records.ts';

const label = (r: { file: string; index: number; eventName: string }) =>
  `${r.file.replace('cloudtrail/', '')} #${r.index} ${r.eventName.trim()}`;

/**
 * Every record of the real corpus (AWS documentation examples, Panther's test events, Stratus Red
 * Team's detonation logs), classified as expected.json says from AWS's own documentation.
 */
describe('real CloudTrail records, one by one', () => {
  for (const want of expected.cloudtrail) {
    it(label(want), () => {
      const raw = recordOf(want) as RawCloudTrailRecord;
      if (want.kind === 'insight') {
        // Not an API call: no read or write; the collector names it (see below).
        expect(isInsightRecord(raw)).toBe(true);
        return;
      }
      expect(isInsightRecord(raw)).toBe(false);
      const e = normalizeRecord(raw);
      if (want.wellFormed === false) {
        // Not as AWS writes it: reported by file and record number (below), never kept.
        expect(isRecordProblem(e)).toBe(true);
        return;
      }
      if (isRecordProblem(e)) throw new Error(JSON.stringify(e));
      expect({
        readOnly: e.read_only,
        readOnlyInferred: e.read_only_inferred === true,
        console: e.console,
        awsService: serviceMarked(e),
        error: e.error_code !== null,
      }).toEqual({
        readOnly: want.readOnly,
        readOnlyInferred: want.readOnlyInferred,
        console: want.console,
        awsService: want.awsService,
        error: want.error,
      });
      // A service acting for itself is one with a service mark and no console mark.
      expect(isServicePrincipal(e)).toBe(want.awsService && !want.console);
      if (want.hasEventId) {
        expect(e.event_id).toBe(raw.eventID);
        expect(e.event_id_derived).toBeUndefined();
      } else {
        expect(e.event_id).toMatch(/^sha256-[0-9a-f]{64}$/);
        expect(e.event_id_derived).toBe(true);
      }
      // The time as UTC, whether AWS's form or the space-separated one Panther stores.
      const time = (want.eventTime as string).replace(' ', 'T').replace(/Z?$/, 'Z');
      expect(e.time).toBe(new Date(time).toISOString());
      expect(keepEvent(e, new Set())).toBe(keptByDocket(want));
    });
  }

  it('a record without eventID keeps the same derived id however it is laid out, and two records never share one', () => {
    const missing = expected.cloudtrail.filter((r) => !r.hasEventId && r.kind !== 'insight');
    expect(missing.length).toBeGreaterThan(1);
    const ids = missing.map((r) => {
      const raw = recordOf(r);
      const reordered = Object.fromEntries(Object.entries(raw).reverse());
      const a = normalizeRecord(raw as RawCloudTrailRecord) as CloudTrailEvent;
      const b = normalizeRecord(reordered as RawCloudTrailRecord) as CloudTrailEvent;
      expect(b.event_id).toBe(a.event_id);
      expect(a.event_id).toBe(derivedEventId(JSON.parse(JSON.stringify(raw))));
      return a.event_id;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });
});

/**
 * The whole corpus collected as delivered log files: every record is kept, dropped as a read or
 * named in a message, and the summary line adds up.
 */
describe('real CloudTrail records, collected', () => {
  it('docket collect accounts for every record: read = kept + read-only + reported', async () => {
    const root = await tempDir();
    const day = 'AWSLogs/123456789012/CloudTrail/us-east-1/2020/01/01';
    await mkdir(join(root, 'trail', day), { recursive: true });
    const names = new Map<string, string>();
    for (const f of expected.cloudtrailFiles) {
      const name = `${day}/${f.file.replace(/\//g, '_')}`;
      names.set(f.file, name);
      // Delivered files are {"Records": [...]}; files AWS published as invalid JSON stay as they are.
      const body = f.parses
        ? JSON.stringify({ Records: recordsOf(f.file) })
        : await readFile(join(REAL, f.file), 'utf8');
      await writeFile(join(root, 'trail', name), body);
    }
    await writeFile(
      join(root, 'docket.config.yaml'),
      'period: { start: 2010-01-01, end: 2026-11-22 }\naws: { cloudtrail_dir: trail, accounts: { "123456789012": { name: prod, environment: production } } }\n',
    );
    const r = await runCli(['collect', '--source', 'cloudtrail'], { cwd: root });
    expect(r.code).toBe(1);

    const lines = r.stderr.trim().split('\n');
    // Each file AWS published as invalid JSON is named.
    for (const f of expected.cloudtrailFiles.filter((x) => !x.parses))
      expect(lines).toContainEqual(expect.stringMatching(`^${names.get(f.file)}: not valid JSON`));
    // Each malformed record is named by file and record number; each Insights event too.
    const bad = expected.cloudtrail.filter((x) => x.wellFormed === false || x.kind === 'insight');
    const named = (x: { file: string; index: number }) => {
      const where = `${names.get(x.file)}: record ${x.index + 1} `;
      return lines.filter((l) => l.startsWith(where) || l.startsWith(`warning: ${where}`));
    };
    for (const x of bad) expect(named(x)).toHaveLength(1);
    // Panther's test events reuse eventIDs ("1", "1111") for different records: the first is
    // kept, each later one named (a different record must not silently replace it).
    const clashes = lines.filter((l) => / has the eventID of .* but is a different record/.test(l));
    expect(clashes.length).toBeGreaterThan(0);
    expect(lines.length).toBe(bad.length + clashes.length + 2);

    // Kept records are in the store under their id; reads are not.
    const stored: CloudTrailEvent[] = [];
    const dir = join(root, 'evidence/cloudtrail');
    for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
      if (e.isFile())
        for (const line of (await readFile(join(e.parentPath, e.name), 'utf8')).split('\n'))
          if (line) stored.push(JSON.parse(line) as CloudTrailEvent);
    const storedIds = new Set(stored.map((e) => e.event_id));
    const kept = expected.cloudtrail.filter(keptByDocket);
    const readOnly = expected.cloudtrail.filter(
      (x) => x.wellFormed !== false && x.kind !== 'insight' && !keptByDocket(x),
    );
    const idOf = (x: (typeof kept)[number]) => {
      const raw = recordOf(x);
      return x.hasEventId ? (raw.eventID as string) : derivedEventId(raw);
    };
    const keptIds = new Set(kept.map(idOf));
    expect(storedIds).toEqual(keptIds);
    for (const x of readOnly.filter((x) => !keptIds.has(idOf(x))))
      expect(storedIds.has(idOf(x))).toBe(false);
    // Each clash names a record Docket would keep, under an id kept from an earlier record.
    for (const x of kept.filter((x) => named(x).length > 0))
      expect(named(x)[0]).toContain(`(${idOf(x)}) has the eventID of`);
    expect(kept.filter((x) => named(x).length > 0)).toHaveLength(clashes.length);
    // A record without eventID is stored under its derived id, its readOnly marked inferred.
    const old = stored.find((e) => e.event_id === idOf(kept.find((x) => !x.hasEventId)!));
    expect(old).toMatchObject({ event_id_derived: true, read_only_inferred: true });

    // Every record is accounted for: read = kept + read-only + reported.
    const read = expected.cloudtrail.length;
    const reported = bad.length + clashes.length;
    expect(read).toBe(kept.length - clashes.length + readOnly.length + reported);
    const files = expected.cloudtrailFiles.filter((f) => f.parses).length;
    expect(r.stdout).toContain(
      `cloudtrail (files): ${files} log files read, ${read} records: ${kept.length - clashes.length} kept (writes, console sign-ins, break-glass), ${readOnly.length} read-only, ${reported} reported;`,
    );
  });
});
