import type { z } from 'zod';
import type { EvidenceSet } from '../core/evidence.ts';
import { CloudTrailEvent } from '../core/schemas/cloudtrail.ts';
import { SOURCES, type Source } from '../core/schemas/common.ts';
import { DeploymentRecord, PullRequestRecord } from '../core/schemas/github.ts';
import { AcceptedRisk } from '../core/schemas/issues.ts';
import { ScanRun } from '../core/schemas/sarif.ts';

/**
 * What the store holds: each collected source, plus the accepted-risk decisions that
 * `docket issues --apply` records (not collected, but kept and versioned like evidence).
 */
export const STORE_SOURCES = [...SOURCES, 'issues'] as const;
export type StoreSource = (typeof STORE_SOURCES)[number];

/** The named parts of a layout: `cloudtrail/{account}/{month}.ndjson` → 'account' | 'month'. */
type PartsOf<L extends string> = L extends `${string}{${infer P}}${infer Rest}`
  ? P | PartsOf<Rest>
  : never;

/** The parts that name one file of a layout, e.g. `{ repo: 'acme/api' }`. */
export type FileKey<L extends string = string> = Readonly<Record<PartsOf<L>, string>>;

/** One kind of store file: where its files lie and the schema of their records. */
export interface StoreFile<L extends string = string, R = unknown> {
  /** The path of each file, store-relative, with `{part}` for what varies. */
  layout: L;
  /** Matches exactly the paths of this layout, capturing each part by name. */
  pattern: RegExp;
  /** Every record of these files; readers validate a file that changed since its manifest. */
  schema: z.ZodType<R>;
}

function storeFile<const L extends string, R>(
  layout: L,
  parts: Record<PartsOf<L>, RegExp>,
  schema: z.ZodType<R>,
): StoreFile<L, R> {
  const source = layout
    .split(/(\{[a-z]+\})/)
    .map((piece) => {
      const part = /^\{([a-z]+)\}$/.exec(piece)?.[1];
      if (part === undefined) return piece.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      return `(?<${part}>${(parts as Record<string, RegExp>)[part]?.source})`;
    })
    .join('');
  return { layout, pattern: new RegExp(`^${source}$`), schema };
}

const REPO = /[^/]+\/[^/]+/;

/** Each source's sections as the rules see them (EvidenceSet), and the accepted risks. */
type Sections = { [S in Source]-?: NonNullable<EvidenceSet[S]> } & {
  issues: { accepted: NonNullable<EvidenceSet['accepted']> };
};
type Catalog = {
  [S in StoreSource]: {
    [F in keyof Sections[S]]: StoreFile<string, Sections[S][F] extends (infer R)[] ? R : never>;
  };
};

/**
 * The store's layout: for each source, its kinds of file, named as the rules' evidence names
 * them (`evidence.github.pullRequests` is read from `CATALOG.github.pullRequests`). Every writer
 * and reader finds its files here; a new source is one entry here plus its collector.
 */
export const CATALOG = {
  github: {
    pullRequests: storeFile(
      'github/{repo}/pull-requests.ndjson',
      { repo: REPO },
      PullRequestRecord,
    ),
    deployments: storeFile('github/{repo}/deployments.ndjson', { repo: REPO }, DeploymentRecord),
  },
  cloudtrail: {
    events: storeFile(
      'cloudtrail/{account}/{month}.ndjson',
      { account: /\d{12}/, month: /\d{4}-\d{2}/ },
      CloudTrailEvent,
    ),
  },
  sarif: { runs: storeFile('sarif/runs.ndjson', {}, ScanRun) },
  issues: { accepted: storeFile('issues/accepted.ndjson', {}, AcceptedRisk) },
} as const satisfies Catalog;

export type FileName<S extends StoreSource> = keyof (typeof CATALOG)[S] & string;
type FileOf<S extends StoreSource, F extends FileName<S>> = (typeof CATALOG)[S][F];
export type KeyOf<S extends StoreSource, F extends FileName<S>> =
  FileOf<S, F> extends StoreFile<infer L> ? FileKey<L> : never;
export type RecordOf<S extends StoreSource, F extends FileName<S>> =
  FileOf<S, F> extends StoreFile<string, infer R> ? R : never;

/** The store path of one file: `storePath('github', 'deployments', { repo: 'acme/api' })`. */
export function storePath<S extends StoreSource, F extends FileName<S>>(
  source: S,
  file: F,
  key: KeyOf<S, F>,
): string {
  const { layout } = CATALOG[source][file] as StoreFile;
  return layout.replace(
    /\{([a-z]+)\}/g,
    (_, part: string) => (key as Record<string, string>)[part] as string,
  );
}

/** Where a store path sits in the catalog, with its parts; null for a path no entry lays out. */
export interface CatalogMatch {
  source: StoreSource;
  file: string;
  key: Readonly<Record<string, string>>;
}

export function catalogEntryOf(path: string): CatalogMatch | null {
  for (const source of STORE_SOURCES)
    for (const [file, entry] of Object.entries(CATALOG[source]) as [string, StoreFile][]) {
      const match = entry.pattern.exec(path);
      if (match) return { source, file, key: { ...match.groups } };
    }
  return null;
}

/** The paths of a manifest that no catalog entry lays out (no reader would ever read them). */
export function uncataloguedPaths(paths: Iterable<string>): string[] {
  return [...paths].filter((path) => catalogEntryOf(path) === null);
}
