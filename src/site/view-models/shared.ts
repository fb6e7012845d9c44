import { z } from 'zod';
import type { Gap } from '../../core/schemas/gaps.ts';
import type { PullRequestRecord } from '../../core/schemas/github.ts';

/** What every view model is built from besides the model, the gaps and the rules. */
export interface ViewInputs {
  /** Subject → site path of its evidence record (with anchor); `file:<path>` → its first page. */
  links: ReadonlyMap<string, string>;
  /** Gap groups (`control|rule`) whose GitHub issue was closed as not planned: accepted risk. */
  accepted: ReadonlySet<string>;
  /** The gaps about each subject. */
  gapsBySubject: ReadonlyMap<string, Gap[]>;
}

export const SitePullRequest = z.strictObject({
  repo: z.string(),
  number: z.number(),
  title: z.string(),
  url: z.string(),
});
export type SitePullRequest = z.infer<typeof SitePullRequest>;

export function sitePullRequest(pr: PullRequestRecord): SitePullRequest {
  return { repo: pr.repo, number: pr.number, title: pr.title, url: pr.url };
}

export function group<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The ids of the gaps about a subject. */
export function gapIdsOf(inputs: ViewInputs, subject: string): string[] {
  return (inputs.gapsBySubject.get(subject) ?? []).map((g) => g.id);
}

/** A gap group's key: the control (empty for none) and the rule. */
export function groupKey(gap: { control: string | null; rule: string }): string {
  return `${gap.control ?? ''}|${gap.rule}`;
}
