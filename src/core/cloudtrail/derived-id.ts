import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';

/** The prefix of an id Docket derives for a record AWS wrote without an eventID. */
export const DERIVED_ID_PREFIX = 'sha256-';

/**
 * The id of a record that has no eventID (eventID is written since eventVersion 1.01, so early
 * trails lack it): the SHA-256 of the record's canonical JSON (keys sorted at every depth). The
 * same record delivered twice gets the same id, so the duplicate still collapses in the store,
 * while two different records never share one.
 */
export function derivedEventId(record: unknown): string {
  return `${DERIVED_ID_PREFIX}${createHash('sha256').update(canonicalJson(record)).digest('hex')}`;
}
