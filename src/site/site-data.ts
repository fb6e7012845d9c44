import { z } from 'zod';
import type { Model } from '../core/model.ts';
import type { Rule } from '../core/rule.ts';
import { PopulationRow } from '../core/populations/control-populations.ts';
import { GapsFile } from '../core/schemas/gaps.ts';
import {
  controlsView,
  populationPath,
  previewRows,
  SiteControl,
  SiteControlHead,
  type SitePopulationHead,
} from './view-models/controls.ts';
import { populationFile } from './view-models/populations.ts';
import { documentsView, SiteDocument } from './view-models/documents.ts';
import { accountsView, SiteAccount } from './view-models/evidence/accounts.ts';
import { repositoriesView, SiteRepository } from './view-models/evidence/repositories.ts';
import { scansHead, scansView, SiteScans, SiteScansHead } from './view-models/evidence/scans.ts';
import { evidenceView, SiteEvidence } from './view-models/evidence/store.ts';
import { RecordContext, recordContextView } from './view-models/evidence/summaries.ts';
import { GapLinks, gapLinksView } from './view-models/gap-links.ts';
import { frameworksView, SiteFramework } from './view-models/frameworks.ts';
import { AcceptedIssues, acceptedIssuesView, rulesView, SiteRule } from './view-models/gaps.ts';
import { group, type ViewInputs } from './view-models/shared.ts';

export type {
  SiteControl,
  SiteControlHead,
  SitePopulation,
  SitePopulationHead,
} from './view-models/controls.ts';

/** Everything the static site renders, computed from the model; the site does no checking. */
export const SiteData = z.strictObject({
  title: z.string(),
  url: z.string().nullable(),
  /** The logo's path in the site (siteLogoPath), or null for none. */
  logo: z.string().nullable(),
  /** The accent colour, #rgb or #rrggbb, or null for the default. */
  accent: z.string().nullable(),
  as_of: z.string(),
  period: z.strictObject({ start: z.string(), end: z.string() }),
  controls: z.array(SiteControl),
  documents: z.array(SiteDocument),
  frameworks: z.array(SiteFramework),
  gaps: GapsFile,
  /** Gap id → its evidence record and source. */
  gap_links: GapLinks,
  rules: z.array(SiteRule),
  evidence: SiteEvidence,
  repositories: z.array(SiteRepository),
  accounts: z.array(SiteAccount),
  scans: SiteScans,
  /** What the record pages' summaries need besides the records. */
  record_context: RecordContext,
  /** Gap groups accepted as risk (control|rule). */
  accepted: z.array(z.string()),
  accepted_issues: AcceptedIssues,
  /** Verification problems of the evidence store (empty when it verified). */
  unverified: z.array(z.string()),
});
export type SiteData = z.infer<typeof SiteData>;

/** A repository as the site data file carries it; its pull requests with gaps are a file of their own. */
export const SiteRepositoryHead = SiteRepository.omit({ with_gaps: true });
/** An account as the site data file carries it; its changes and sessions are a file of their own. */
export const SiteAccountHead = SiteAccount.omit({ notable: true, sessions: true });

/**
 * The site data every page may read: SiteData without the rows of each population, the pull
 * requests of each repository and the changes of each account, which are files of their own,
 * read by their own pages only (siteFile).
 */
export const SiteCore = SiteData.extend({
  controls: z.array(SiteControlHead),
  repositories: z.array(SiteRepositoryHead),
  accounts: z.array(SiteAccountHead),
  scans: SiteScansHead,
});
export type SiteCore = z.infer<typeof SiteCore>;

/** The rows of one population, as written beside the site data file. */
export const PopulationRows = z.array(PopulationRow);

/** Where the nth repository's, the nth account's and the scans page's data are written, beside the site data. */
export const siteFile = {
  repository: (n: number) => `repositories/${n}.json`,
  account: (n: number) => `accounts/${n}.json`,
  scans: 'scans.json',
};

/** The site data split for the site build: the core every page reads, and the files apart. */
export function splitSiteData(data: SiteData): {
  core: SiteCore;
  files: { file: string; data: unknown }[];
} {
  const files: { file: string; data: unknown }[] = [];
  const controls = data.controls.map((c) => ({
    ...c,
    populations: c.populations.map(({ items, ...head }): SitePopulationHead => {
      files.push({ file: populationFile(c.id, head.kind), data: items });
      return { ...head, size: items.length, preview: previewRows({ ...head, items }) };
    }),
  }));
  const repositories = data.repositories.map(({ with_gaps: _withGaps, ...head }, n) => {
    files.push({ file: siteFile.repository(n), data: data.repositories[n] });
    return head;
  });
  const accounts = data.accounts.map(({ notable: _notable, sessions: _sessions, ...head }, n) => {
    files.push({ file: siteFile.account(n), data: data.accounts[n] });
    return head;
  });
  files.push({ file: siteFile.scans, data: data.scans });
  const scans = scansHead(data.scans);
  return { core: { ...data, controls, repositories, accounts, scans }, files };
}

/** What the site needs besides the model: where each record's page is, accepted gap groups. */
export interface SiteInputs {
  /** Subject → site path of its evidence record (with anchor). */
  evidenceLinks?: ReadonlyMap<string, string>;
  /** Gap groups (`control|rule`) whose GitHub issue was closed as not planned: accepted risk. */
  accepted?: ReadonlySet<string>;
  /** What `docket verify` found wrong with the store, when the build was told to go ahead. */
  unverified?: readonly string[];
}

/** The site data: every page family's view model, built from the model, its gaps and the rules. */
export function buildSiteData(
  model: Model,
  gaps: GapsFile,
  rules: ReadonlyMap<string, Rule>,
  opts: SiteInputs = {},
): SiteData {
  const inputs: ViewInputs = {
    links: opts.evidenceLinks ?? new Map<string, string>(),
    accepted: opts.accepted ?? new Set<string>(),
    gapsBySubject: group(gaps.gaps, (g) => g.subject),
  };
  const controls = controlsView(model, gaps, rules, inputs);
  return {
    title: model.config.site.title,
    url: model.config.site.url ?? null,
    logo: model.config.site.logo === undefined ? null : siteLogoPath(model.config.site.logo),
    accent: model.config.site.accent ?? null,
    as_of: model.asOf,
    period: model.period,
    controls,
    documents: documentsView(model, inputs),
    frameworks: frameworksView(controls),
    gaps,
    gap_links: gapLinksView(model, gaps.gaps, inputs),
    rules: rulesView(rules),
    evidence: evidenceView(model, inputs),
    repositories: repositoriesView(model, inputs),
    accounts: accountsView(
      model,
      gaps,
      inputs,
      controls
        .filter((c) => c.populations.some((p) => p.kind === 'production-changes'))
        .map((c) => ({ control: c.id, path: `${populationPath(c.id, 'production-changes')}/1/` })),
    ),
    scans: scansView(model, inputs),
    record_context: recordContextView(model, inputs),
    accepted: [...inputs.accepted].sort(),
    accepted_issues: acceptedIssuesView(model, inputs.accepted),
    unverified: [...(opts.unverified ?? [])],
  };
}

/** Where `docket build` puts the configured logo in the site: `logo` and its file extension. */
export function siteLogoPath(logo: string): string {
  const ext = /\.[a-z]+$/i.exec(logo)?.[0] ?? '';
  return `logo${ext.toLowerCase()}`;
}
