import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { canonicalEvent } from '../../../collectors/cloudtrail/keep.ts';
import { canonicalJson } from '../../../src/core/canonical-json.ts';
import {
  isRecordProblem,
  normalizeRecord,
  type RawCloudTrailRecord,
} from '../../../src/core/cloudtrail/normalize.ts';
import type { CloudTrailEvent } from '../../../src/core/schemas/cloudtrail.ts';
import { writeHeavyMonth } from '../../../scripts/lib/write-heavy.ts';

const REAL = resolve(import.meta.dirname, '../../fixtures/real/cloudtrail');

/** Every record of the real corpus that normalises, and a write-heavy month's first thousand. */
async function events(): Promise<CloudTrailEvent[]> {
  const raw: unknown[] = [];
  for (const f of (await readdir(REAL, { recursive: true })).filter((f) =>
    /\.json(\.gz)?$/.test(f),
  )) {
    let bytes = await readFile(join(REAL, f));
    if (f.endsWith('.gz')) bytes = gunzipSync(bytes);
    let json: { Records?: unknown[] } | unknown[];
    try {
      json = JSON.parse(bytes.toString('utf8')) as typeof json;
    } catch {
      continue; // the corpus's deliberately broken files
    }
    raw.push(...(Array.isArray(json) ? json : (json.Records ?? [json])));
  }
  const record = writeHeavyMonth('keep');
  for (let i = 0; i < 1000; i++) raw.push(record(i));
  return raw.flatMap((r) => {
    if (r === null || typeof r !== 'object') return [];
    const e = normalizeRecord(r as RawCloudTrailRecord);
    return isRecordProblem(e) ? [] : [e];
  });
}

describe('canonicalEvent', () => {
  it('writes every event of the real corpus and of a write-heavy month as canonicalJson does', async () => {
    const all = await events();
    expect(all.length).toBeGreaterThan(1000);
    // Derived ids and inferred reads are among them.
    expect(all.some((e) => e.event_id_derived)).toBe(true);
    expect(all.some((e) => e.read_only_inferred)).toBe(true);
    for (const e of all) expect(canonicalEvent(e)).toBe(canonicalJson(e));
  });

  it('leaves an event of any other shape to canonicalJson: nothing dropped, nothing bare', async () => {
    const [e] = await events();
    const extra = { ...e, zone: 'a' } as unknown as CloudTrailEvent;
    expect(canonicalEvent(extra)).toBe(canonicalJson(extra));
    expect(canonicalEvent(extra)).toContain('"zone":"a"');
    const missing = { ...e, source_ip: undefined } as unknown as CloudTrailEvent;
    expect(canonicalEvent(missing)).toBe(canonicalJson(missing));
    const principal = {
      ...e,
      principal: { ...e?.principal, arn: undefined },
    } as unknown as CloudTrailEvent;
    expect(canonicalEvent(principal)).toBe(canonicalJson(principal));
  });
});
