import { cloudSubject } from './cloudtrail/sessions.ts';
import { deploySubject, prSubject } from './github/scope.ts';
import type { CloudTrailEvent } from './schemas/cloudtrail.ts';
import type { DeploymentRecord, PullRequestRecord } from './schemas/github.ts';
import type { ScanRun } from './schemas/sarif.ts';
import { commitSubject } from './sarif/scans.ts';

/** Evidence records are published 100 to a page, each under a stable anchor. */
export const EVIDENCE_PAGE_SIZE = 100;

/** The subject a stored record is evidence of, the same form gaps and populations use. */
export function subjectOf(path: string, record: unknown): string | null {
  if (/^github\/[^/]+\/[^/]+\/pull-requests\.ndjson$/.test(path))
    return prSubject(record as PullRequestRecord);
  if (/^github\/[^/]+\/[^/]+\/deployments\.ndjson$/.test(path))
    return deploySubject(record as DeploymentRecord);
  if (path.startsWith('cloudtrail/')) return cloudSubject(record as CloudTrailEvent);
  if (path.startsWith('sarif/')) {
    const run = record as ScanRun;
    return run.commit ? commitSubject(run.commit) : null;
  }
  return null;
}

/**
 * Where an auditor can see a stored record at its source: the pull request on GitHub, the
 * deployed commit, or the event in the CloudTrail console (whose event history keeps 90 days).
 * Scan runs have none: their source is the SARIF file, named in the record.
 */
export function sourceLinkOf(path: string, record: unknown, githubWebUrl: string): string | null {
  if (/^github\/[^/]+\/[^/]+\/pull-requests\.ndjson$/.test(path))
    return (record as PullRequestRecord).url;
  if (/^github\/[^/]+\/[^/]+\/deployments\.ndjson$/.test(path))
    return deploymentLink(record as DeploymentRecord, githubWebUrl);
  if (path.startsWith('cloudtrail/')) {
    const e = record as CloudTrailEvent;
    const region = encodeURIComponent(e.region);
    return `https://${region}.console.aws.amazon.com/cloudtrail/home?region=${region}#/events/${encodeURIComponent(e.event_id)}`;
  }
  return null;
}

/** Where a deployment is seen on GitHub: the deployed commit, else the repository's deployments. */
export function deploymentLink(d: DeploymentRecord, githubWebUrl: string): string {
  const repo = `${githubWebUrl.replace(/\/+$/, '')}/${d.repo}`;
  return d.commit_oid ? `${repo}/commit/${d.commit_oid}` : `${repo}/deployments`;
}

/** A URL-safe, stable anchor for a subject (github:acme/api#12 → github-acme-api-12). */
export function anchorOf(subject: string): string {
  return subject
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/** The site path of an evidence file's page (0-based) : evidence/records/github/acme/api/pull-requests/1/ */
export function evidencePagePath(file: string, page: number): string {
  return `evidence/records/${file.replace(/\.ndjson$/, '')}/${page + 1}/`;
}

/** The store file a record page's site path (or a link into it) is a page of, else null. */
export function recordFileOf(link: string): string | null {
  const m = /^evidence\/records\/(.+)\/\d+\/(?:#.*)?$/.exec(link);
  return m ? `${m[1]}.ndjson` : null;
}

/** The site path of a store file published whole: its lines gzip-compressed. */
export function wholeFilePath(file: string): string {
  return `evidence/records/${file}.gz`;
}

/** A short human label of the collector that produced a store file. */
export function collectorOf(path: string): string {
  return path.split('/', 1)[0] ?? path;
}
