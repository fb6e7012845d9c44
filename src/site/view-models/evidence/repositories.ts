import { z } from 'zod';
import { inPeriod } from '../../../core/dates.ts';
import { deploySubject, prSubject } from '../../../core/github/scope.ts';
import type { Model } from '../../../core/model.ts';
import type { ViewInputs } from '../shared.ts';

// One page per repository: its merged pull requests and deployments in the period, counted, with
// the pull requests that have gaps listed. Every pull request and deployment is listed once on the
// site, on the repository's record pages (100 a page), which the page links.

const RecordFile = z.strictObject({
  /** The store file. */
  path: z.string(),
  records: z.number(),
  /** The site path of the file's first record page, when published. */
  href: z.string().nullable(),
});

export const SiteRepository = z.strictObject({
  repo: z.string(),
  pull_requests: z.number(),
  deployments: z.number(),
  gaps_by_rule: z.record(z.string(), z.number()),
  /** The repository's record files: its pull requests, then its deployments. */
  files: z.strictObject({
    pull_requests: RecordFile.nullable(),
    deployments: RecordFile.nullable(),
  }),
  /** Merged pull requests of the period with gaps, newest first. */
  with_gaps: z.array(
    z.strictObject({
      number: z.number(),
      title: z.string(),
      url: z.string(),
      author: z.string(),
      merged_at: z.string(),
      /** Ids of the gaps about the pull request. */
      gaps: z.array(z.string()),
      evidence: z.string().nullable(),
    }),
  ),
});
export type SiteRepository = z.infer<typeof SiteRepository>;

function recordFile(model: Model, inputs: ViewInputs, path: string) {
  const f = model.evidence.manifest?.files[path];
  return f ? { path, records: f.records, href: inputs.links.get(`file:${path}`) ?? null } : null;
}

export function repositoriesView(model: Model, inputs: ViewInputs): SiteRepository[] {
  const github = model.evidence.github;
  if (!github) return [];
  const repos = new Map<string, SiteRepository>();
  const repoOf = (name: string) => {
    let r = repos.get(name);
    if (!r)
      repos.set(
        name,
        (r = {
          repo: name,
          pull_requests: 0,
          deployments: 0,
          gaps_by_rule: {},
          files: {
            pull_requests: recordFile(model, inputs, `github/${name}/pull-requests.ndjson`),
            deployments: recordFile(model, inputs, `github/${name}/deployments.ndjson`),
          },
          with_gaps: [],
        }),
      );
    return r;
  };
  const count = (r: SiteRepository, subject: string) => {
    const gaps = inputs.gapsBySubject.get(subject) ?? [];
    for (const g of gaps) r.gaps_by_rule[g.rule] = (r.gaps_by_rule[g.rule] ?? 0) + 1;
    return gaps.map((g) => g.id);
  };
  for (const pr of github.pullRequests.filter((p) => inPeriod(p.merged_at, model.period))) {
    const r = repoOf(pr.repo);
    r.pull_requests++;
    const subject = prSubject(pr);
    const gaps = count(r, subject);
    if (gaps.length > 0)
      r.with_gaps.push({
        number: pr.number,
        title: pr.title,
        url: pr.url,
        author: pr.author,
        merged_at: pr.merged_at,
        gaps,
        evidence: inputs.links.get(subject) ?? null,
      });
  }
  for (const d of github.deployments.filter((x) => inPeriod(x.created_at, model.period))) {
    const r = repoOf(d.repo);
    r.deployments++;
    count(r, deploySubject(d));
  }
  for (const r of repos.values()) {
    r.with_gaps.sort((a, b) =>
      a.merged_at < b.merged_at ? 1 : a.merged_at > b.merged_at ? -1 : b.number - a.number,
    );
    r.gaps_by_rule = Object.fromEntries(
      Object.entries(r.gaps_by_rule).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  }
  return [...repos.values()].sort((a, b) => (a.repo < b.repo ? -1 : 1));
}

export function repositoryPath(repo: string): string {
  return `evidence/repositories/${repo}/`;
}
