import type { Content } from './content/load.ts';
import type { EvidenceSet } from './evidence.ts';
import type { Period } from './schemas/common.ts';
import type { DocketConfig } from './schemas/config.ts';

/** Everything a rule may look at: content, evidence, the organisation's config, and the dates. */
export interface Model {
  config: DocketConfig;
  content: Content;
  evidence: EvidenceSet;
  asOf: string;
  period: Period;
}

const DERIVED = Symbol('docket.derived');

/**
 * A value computed from a model once and kept with it (indexes several rules share), by `key`.
 * Kept on the model object itself, not in a WeakMap keyed by it: V8's young-generation collector
 * keeps a WeakMap's values alive for a collection longer, and the check makes a short-lived model
 * per batch of records, so their indexes (and records) were copied at every collection. The
 * property is not enumerable: a copy of a model (`{ ...model }`) starts without them.
 */
export function derived<T>(model: Model, key: string, compute: () => T): T {
  let values = (model as Model & { [DERIVED]?: Map<string, unknown> })[DERIVED];
  if (!values) {
    values = new Map();
    Object.defineProperty(model, DERIVED, { value: values });
  }
  if (!values.has(key)) values.set(key, compute());
  return values.get(key) as T;
}
