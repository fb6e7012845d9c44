import { z } from 'zod';
import { cloudSubject } from '../../core/cloudtrail/sessions.ts';
import { deploymentLink, sourceLinkOf } from '../../core/evidence-items.ts';
import { deploySubject, prSubject } from '../../core/github/scope.ts';
import type { Model } from '../../core/model.ts';
import { commitSubject } from '../../core/sarif/scans.ts';
import type { Gap } from '../../core/schemas/gaps.ts';
import { controlPath } from './controls.ts';
import { documentPath } from './documents.ts';
import type { ViewInputs } from './shared.ts';

// Every gap row's way to its evidence: the stored record's page and the record at its source
// (the pull request or deployed commit on GitHub, the event in the CloudTrail console, the scan
// run on the policy scans page). A gap about a document or a control leads to that page.

export const GapLink = z.strictObject({
  /** Site path of the evidence record (with anchor), or of the document or control page. */
  evidence: z.string().nullable(),
  /** What `evidence` leads to: 'record', 'document' or 'control'. */
  evidence_label: z.enum(['record', 'document', 'control']),
  /** Where the record is seen at its source: an http(s) URL, or a site path (scan runs). */
  source: z.string().nullable(),
  /** The source's name, the link text: GitHub, CloudTrail, scan run. */
  source_label: z.string().nullable(),
});
export type GapLink = z.infer<typeof GapLink>;

export const GapLinks = z.record(z.string(), GapLink);
export type GapLinks = z.infer<typeof GapLinks>;

/** Each subject of the store with its source link and that source's name. */
export function subjectSources(model: Model): Map<string, { url: string; label: string }> {
  const out = new Map<string, { url: string; label: string }>();
  const web = model.config.github.web_url;
  for (const pr of model.evidence.github?.pullRequests ?? [])
    out.set(prSubject(pr), { url: pr.url, label: 'GitHub' });
  for (const d of model.evidence.github?.deployments ?? [])
    out.set(deploySubject(d), { url: deploymentLink(d, web), label: 'GitHub' });
  for (const e of model.evidence.cloudtrail?.events ?? []) {
    const url = sourceLinkOf(`cloudtrail/${e.account}`, e, web);
    if (url) out.set(cloudSubject(e), { url, label: 'CloudTrail' });
  }
  for (const run of model.evidence.sarif?.runs ?? [])
    if (run.commit)
      out.set(commitSubject(run.commit), {
        url: `evidence/scans/#scan-${run.commit}`,
        label: 'scan run',
      });
  return out;
}

/** The links of one subject. */
export function subjectLink(
  subject: string,
  links: ReadonlyMap<string, string>,
  sources: ReadonlyMap<string, { url: string; label: string }>,
): GapLink {
  if (subject.startsWith('doc:'))
    return {
      evidence: documentPath(subject.slice(4)),
      evidence_label: 'document',
      source: null,
      source_label: null,
    };
  if (subject.startsWith('control:'))
    return {
      evidence: controlPath(subject.slice(8)),
      evidence_label: 'control',
      source: null,
      source_label: null,
    };
  const source = sources.get(subject);
  return {
    evidence: links.get(subject) ?? null,
    evidence_label: 'record',
    source: source?.url ?? null,
    source_label: source?.label ?? null,
  };
}

/** Gap id → the links of its subject. */
export function gapLinksView(model: Model, gaps: readonly Gap[], inputs: ViewInputs): GapLinks {
  const sources = subjectSources(model);
  return Object.fromEntries(gaps.map((g) => [g.id, subjectLink(g.subject, inputs.links, sources)]));
}
