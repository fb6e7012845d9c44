import type { Check } from '../content/load.ts';
import type { Model } from '../model.ts';
import type { Source } from '../schemas/common.ts';

/** A cell of a population table: plain data, rendered as escaped text. */
export type PopulationValue = string | number | boolean | null | string[];

/**
 * One occurrence in the audit period of something a control's checks test: a merged pull
 * request, a production deployment, a console change. Auditors sample from these.
 */
export interface PopulationItem {
  /** The same subject the rules use for gaps (github:acme/api#12), which ties items to gaps. */
  subject: string;
  /** When it happened (ISO instant); items are listed in this order. */
  occurred_at: string;
  title: string;
  /** Where the auditor inspects the original (GitHub, the AWS console). */
  url?: string;
  attributes: Record<string, PopulationValue>;
}

/** A kind of evidence a control's checks feed on; one table per kind on the control page. */
export interface PopulationKind {
  id: string;
  /** Plural noun for headings: "Merged pull requests". */
  title: string;
  source: Source;
  /** Which attributes to show as columns, in order. */
  columns: { key: string; label: string }[];
  /** Every item in the period that the given checks (all of one control, all of this kind) cover. */
  items(model: Model, checks: readonly Check[]): PopulationItem[];
}
