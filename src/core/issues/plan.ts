import { markerOf, type IssueGroup } from './groups.ts';

/** A GitHub issue as the sync sees it. */
export interface ExistingIssue {
  id: string;
  number: number;
  url: string;
  title: string;
  body: string;
  state: 'OPEN' | 'CLOSED';
  stateReason: string | null;
  labels: string[];
}

export type IssueAction =
  | { kind: 'create'; group: IssueGroup }
  | { kind: 'update'; group: IssueGroup; issue: ExistingIssue; addLabels: string[]; removeLabels: string[] }
  | { kind: 'reopen'; group: IssueGroup; issue: ExistingIssue; comment: string; addLabels: string[]; removeLabels: string[] }
  | { kind: 'close'; issue: ExistingIssue; comment: string }
  | { kind: 'close-duplicate'; issue: ExistingIssue; of: ExistingIssue };

export interface IssuePlan {
  actions: IssueAction[];
  /** Groups whose issue a person closed as not planned: accepted risk, left alone. */
  accepted: { group: IssueGroup | null; issue: ExistingIssue; fingerprint: string }[];
  /** Issues left as they are because nothing changed. */
  unchanged: number;
}

/** Labels Docket manages on its issues; any other label a person adds is kept. */
function managedLabel(label: string): boolean {
  return label.startsWith('severity:') || label.startsWith('control:');
}

function labelChanges(issue: ExistingIssue, group: IssueGroup): { addLabels: string[]; removeLabels: string[] } {
  const current = new Set(issue.labels);
  const wanted = new Set(group.labels);
  return {
    addLabels: group.labels.filter((l) => !current.has(l)),
    removeLabels: issue.labels.filter((l) => managedLabel(l) && !wanted.has(l)).sort(),
  };
}

/** The subjects an issue body listed, to say in the closing comment what was resolved. */
export function listedSubjects(body: string): string[] {
  return [...body.matchAll(/^- \[[ x]\] .*\(\[?`([^`]+)`/gm)].map((m) => m[1] as string);
}

/**
 * What to do to bring the issues in line with the gaps: pure, so the plan printed without
 * --apply is exactly what --apply does. Only issues carrying Docket's marker are considered.
 */
export function planIssues(groups: readonly IssueGroup[], issues: readonly ExistingIssue[], asOf: string): IssuePlan {
  const owned = new Map<string, ExistingIssue>();
  const duplicates: { issue: ExistingIssue; of: ExistingIssue }[] = [];
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    const fp = markerOf(issue.body);
    if (fp === null) continue;
    const first = owned.get(fp);
    if (first) {
      // A create that succeeded but whose answer was lost leaves a second issue: close it.
      if (issue.state === 'OPEN') duplicates.push({ issue, of: first });
    } else owned.set(fp, issue);
  }
  const actions: IssueAction[] = [];
  const accepted: IssuePlan['accepted'] = [];
  let unchanged = 0;
  const wanted = new Set(groups.map((g) => g.fingerprint));
  for (const group of groups) {
    const issue = owned.get(group.fingerprint);
    if (!issue) {
      actions.push({ kind: 'create', group });
      continue;
    }
    if (issue.state === 'CLOSED' && issue.stateReason === 'NOT_PLANNED') {
      accepted.push({ group, issue, fingerprint: group.fingerprint });
      continue;
    }
    const labels = labelChanges(issue, group);
    if (issue.state === 'CLOSED') {
      actions.push({ kind: 'reopen', group, issue, comment: `Reopened by Docket: ${group.subjects.length} ${group.subjects.length === 1 ? 'gap' : 'gaps'} of this group found again as of ${asOf}.`, ...labels });
    } else if (issue.title !== group.title || issue.body !== group.body || labels.addLabels.length || labels.removeLabels.length) {
      actions.push({ kind: 'update', group, issue, ...labels });
    } else unchanged++;
  }
  for (const [fp, issue] of owned) {
    if (wanted.has(fp)) continue;
    if (issue.state === 'CLOSED') {
      if (issue.stateReason === 'NOT_PLANNED') accepted.push({ group: null, issue, fingerprint: fp });
      continue;
    }
    const resolved = listedSubjects(issue.body);
    const comment = [
      `Resolved: as of ${asOf} Docket finds no gap left in this group, so it closes the issue.`,
      ...(resolved.length ? ['', 'No longer a gap:', ...resolved.map((s) => `- \`${s}\``)] : []),
    ].join('\n');
    actions.push({ kind: 'close', issue, comment });
  }
  for (const d of duplicates) actions.push({ kind: 'close-duplicate', ...d });
  return { actions, accepted, unchanged };
}

/** One line per action, as `docket issues` prints the plan. */
export function describeAction(a: IssueAction): string {
  switch (a.kind) {
    case 'create':
      return `create  ${a.group.title}`;
    case 'update':
      return `update  #${a.issue.number} ${a.group.title}`;
    case 'reopen':
      return `reopen  #${a.issue.number} ${a.group.title}`;
    case 'close':
      return `close   #${a.issue.number} ${a.issue.title} (resolved)`;
    case 'close-duplicate':
      return `close   #${a.issue.number} ${a.issue.title} (duplicate of #${a.of.number})`;
  }
}
