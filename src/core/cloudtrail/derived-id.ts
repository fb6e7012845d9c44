import { createHash } from 'node:crypto';

/** The prefix of an id Docket derives for a record AWS wrote without an eventID. */
export const DERIVED_ID_PREFIX = 'sha256-';

/**
 * The id of a record that has no eventID (eventID is written since eventVersion 1.01, so early
 * trails lack it): the SHA-256 of the record's canonical JSON (keys sorted at every depth). The
 * same record delivered twice gets the same id, so the duplicate still collapses in the store,
 * while two different records never share one.
 */
export function derivedEventId(record: unknown): string {
  return `${DERIVED_ID_PREFIX}${createHash('sha256')
    .update(JSON.stringify(sortKeys(record)))
    .digest('hex')}`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
