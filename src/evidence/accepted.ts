import type { IssuePlan } from '../core/issues/plan.ts';
import type { AcceptedRisk } from '../core/schemas/issues.ts';
import { storePath } from './catalog.ts';
import { describeFile } from './manifest.ts';
import { openStore, storedText, writeSource } from './store.ts';

/** The gap groups a person accepted as risk (issue closed as not planned), by issue number. */
export function acceptedRisks(accepted: IssuePlan['accepted']): AcceptedRisk[] {
  return accepted
    .map(({ group, issue, fingerprint }) => ({
      fingerprint,
      control:
        group?.control ??
        issue.labels.find((l) => l.startsWith('control:'))?.slice('control:'.length) ??
        null,
      rule: group?.rule ?? /rule `([a-z0-9-]+)`/.exec(issue.body)?.[1] ?? 'unknown',
      issue: issue.number,
      url: issue.url,
      title: issue.title,
    }))
    .sort((a, b) => a.issue - b.issue);
}

/**
 * Keeps the accepted-risk decisions in the evidence store, where the site and git history see
 * them. Writes nothing when they are unchanged, or when there are none and never were.
 */
export async function recordAccepted(
  storeDir: string,
  accepted: IssuePlan['accepted'],
  now: () => Date,
): Promise<void> {
  const records = acceptedRisks(accepted);
  const manifest = await openStore(storeDir);
  const stored = manifest?.files[storePath('issues', 'accepted', {})];
  if (
    stored?.sha256 === describeFile(await storedText(records)).sha256 ||
    (!stored && !records.length)
  )
    return;
  await writeSource(storeDir, manifest, 'issues', {
    files: [{ file: 'accepted', key: {}, records }],
    cursors: {},
    now,
  });
}
