import { describe, expect, it } from 'vitest';
import { groupFingerprint, type IssueGroup } from '../../../src/core/issues/groups.ts';
import {
  describeAction,
  listedSubjects,
  noteMarker,
  noteOf,
  planIssues,
  type ExistingIssue,
  type IssueAction,
} from '../../../src/core/issues/plan.ts';

const AS_OF = '2026-11-22';

function group(control: string, rule: string, subjects: string[] = ['doc:a.md']): IssueGroup {
  const fingerprint = groupFingerprint(control, rule);
  return {
    fingerprint,
    control,
    rule,
    severity: 'medium',
    title: `${control}: ${rule}`,
    body: `<!-- docket:group=${fingerprint} -->\n${subjects.map((s) => `- [ ] gap ([\`${s}\`](https://x/))`).join('\n')}`,
    labels: ['compliance-gap', 'severity:medium', `control:${control}`],
    subjects,
  };
}

let next = 1;
/** The issue a group's earlier sync left: same title, body and labels, open, no comment. */
function issueOf(g: IssueGroup, over: Partial<ExistingIssue> = {}): ExistingIssue {
  const number = over.number ?? next++;
  return {
    id: `I${number}`,
    number,
    url: `https://github.com/acme/compliance/issues/${number}`,
    title: g.title,
    body: g.body,
    state: 'OPEN',
    stateReason: null,
    labels: [...g.labels],
    closedAt: null,
    lastNote: null,
    ...over,
  };
}

const steps = (a: IssueAction | undefined) => a?.steps.map((s) => s.kind);

describe('planning the gap issues', () => {
  const ops = group('OPS-01', 'review-overdue', ['doc:change.md']);
  const vul = group('VUL-01', 'control-unmapped', ['control:VUL-01']);

  it('creates an issue for a group without one, and leaves an identical one alone', () => {
    const plan = planIssues([ops, vul], [issueOf(ops)], AS_OF);
    expect(plan.actions.map((a) => [a.kind, steps(a)])).toEqual([['create', ['create']]]);
    expect(plan.actions[0]).toMatchObject({
      group: vul,
      steps: [{ kind: 'create', title: vul.title, body: vul.body, labels: vul.labels }],
    });
    expect(plan.unchanged).toBe(1);
  });

  it('ignores issues without the marker, whatever their title and labels', () => {
    const human = issueOf(ops, { body: 'Tracking by hand' });
    const plan = planIssues([], [human], AS_OF);
    expect(plan).toEqual({ actions: [], accepted: [], unchanged: 0 });
    expect(planIssues([ops], [human], AS_OF).actions.map((a) => a.kind)).toEqual(['create']);
  });

  it('edits only what changed, and keeps labels people added', () => {
    const changed = group('OPS-01', 'review-overdue', ['doc:change.md', 'doc:other.md']);
    const issue = issueOf(ops, {
      labels: ['compliance-gap', 'severity:high', 'control:OPS-01', 'needs-triage'],
    });
    const [action] = planIssues([changed], [issue], AS_OF).actions;
    expect(action).toMatchObject({
      kind: 'update',
      steps: [
        { kind: 'edit', fields: ['body'], body: changed.body },
        { kind: 'add-labels', labels: ['severity:medium'] },
        { kind: 'remove-labels', labels: ['severity:high'] },
      ],
    });
    expect(describeAction(action!)).toBe(
      `update  #${issue.number} OPS-01: review-overdue [edit body, add label severity:medium, remove label severity:high]`,
    );
  });

  it('treats label names as GitHub does, without regard to case', () => {
    const issue = issueOf(ops, { labels: ['Compliance-Gap', 'severity:medium', 'control:OPS-01'] });
    expect(planIssues([ops], [issue], AS_OF)).toMatchObject({ actions: [], unchanged: 1 });
  });

  it('comments then closes an open issue whose group has no gap left, naming what it listed', () => {
    const issue = issueOf(ops);
    const [action] = planIssues([], [issue], AS_OF).actions;
    expect(action).toMatchObject({
      kind: 'close',
      steps: [
        { kind: 'comment', note: 'resolved' },
        { kind: 'close', reason: 'COMPLETED' },
      ],
    });
    const comment = action!.steps[0] as { body: string };
    expect(comment.body).toBe(
      `${noteMarker('resolved')}\nResolved: as of ${AS_OF} Docket finds no gap left in this group, so it closes the issue.\n\nNo longer a gap:\n- \`doc:change.md\``,
    );
    expect(noteOf(comment.body)).toBe('resolved');
  });

  it('does not post the resolved comment twice when the close failed after it', () => {
    const issue = issueOf(ops, {
      lastNote: { kind: 'resolved', createdAt: '2026-11-21T00:00:00Z' },
    });
    expect(steps(planIssues([], [issue], AS_OF).actions[0])).toEqual(['close']);
  });

  it('leaves a closed issue of a resolved group closed', () => {
    const issue = issueOf(ops, {
      state: 'CLOSED',
      stateReason: 'COMPLETED',
      closedAt: '2026-11-01T00:00:00Z',
    });
    expect(planIssues([], [issue], AS_OF)).toEqual({ actions: [], accepted: [], unchanged: 0 });
  });

  it('comments then reopens a closed issue whose gaps came back', () => {
    const issue = issueOf(ops, {
      state: 'CLOSED',
      stateReason: 'COMPLETED',
      closedAt: '2026-11-01T00:00:00Z',
      lastNote: { kind: 'resolved', createdAt: '2026-11-01T00:00:00Z' },
    });
    const [action] = planIssues([ops], [issue], AS_OF).actions;
    expect(action).toMatchObject({
      kind: 'reopen',
      steps: [
        {
          kind: 'comment',
          note: 'reopened',
          body: `${noteMarker('reopened')}\nReopened by Docket: 1 gap of this group found again as of ${AS_OF}.`,
        },
        { kind: 'reopen' },
      ],
    });
  });

  it('only reopens when its reopen comment, newer than the close, is already there', () => {
    const issue = issueOf(ops, {
      state: 'CLOSED',
      stateReason: 'COMPLETED',
      closedAt: '2026-11-01T00:00:00Z',
      lastNote: { kind: 'reopened', createdAt: '2026-11-22T12:00:00Z' },
    });
    expect(steps(planIssues([ops], [issue], AS_OF).actions[0])).toEqual(['reopen']);
  });

  it('comments again when a person closed the issue after the last reopen comment', () => {
    const issue = issueOf(ops, {
      state: 'CLOSED',
      stateReason: 'COMPLETED',
      closedAt: '2026-11-20T00:00:00Z',
      lastNote: { kind: 'reopened', createdAt: '2026-11-01T00:00:00Z' },
    });
    expect(steps(planIssues([ops], [issue], AS_OF).actions[0])).toEqual(['comment', 'reopen']);
  });

  it('says the gaps are back on an open issue whose last Docket comment says resolved', () => {
    const issue = issueOf(ops, {
      lastNote: { kind: 'resolved', createdAt: '2026-11-01T00:00:00Z' },
    });
    const [action] = planIssues([ops], [issue], AS_OF).actions;
    expect(action).toMatchObject({
      kind: 'update',
      steps: [{ kind: 'comment', note: 'reopened' }],
    });
    expect((action!.steps[0] as { body: string }).body).toBe(
      `${noteMarker('reopened')}\nFound again: as of ${AS_OF} Docket finds 1 gap in this group again, so the issue stays open.`,
    );
    // Once said, nothing more to do.
    expect(
      planIssues(
        [ops],
        [{ ...issue, lastNote: { kind: 'reopened', createdAt: '2026-11-22T12:00:00Z' } }],
        AS_OF,
      ),
    ).toMatchObject({ actions: [], unchanged: 1 });
  });

  it('leaves an issue closed as not planned alone and reports the group as accepted, with gaps or without', () => {
    const accepted = issueOf(ops, {
      state: 'CLOSED',
      stateReason: 'NOT_PLANNED',
      closedAt: '2026-11-01T00:00:00Z',
    });
    const gone = issueOf(vul, {
      state: 'CLOSED',
      stateReason: 'NOT_PLANNED',
      closedAt: '2026-11-01T00:00:00Z',
    });
    const plan = planIssues([ops], [accepted, gone], AS_OF);
    expect(plan.actions).toEqual([]);
    expect(plan.accepted).toEqual([
      { group: ops, issue: accepted, fingerprint: ops.fingerprint },
      { group: null, issue: gone, fingerprint: vul.fingerprint },
    ]);
  });

  it('closes the newer of two open issues of one group as a duplicate of the older, and plans the older', () => {
    const older = issueOf(ops, { number: 40 });
    const newer = issueOf(ops, { number: 41 });
    const plan = planIssues([ops], [newer, older], AS_OF);
    expect(plan.actions).toEqual([
      {
        kind: 'close-duplicate',
        issue: newer,
        of: older,
        steps: [{ kind: 'close-duplicate', of: older }],
      },
    ]);
    expect(describeAction(plan.actions[0]!)).toBe(
      'close   #41 OPS-01: review-overdue (duplicate of #40)',
    );
    expect(plan.unchanged).toBe(1);
    // Once closed as a duplicate it is not the group's issue, even if older.
    const dup = issueOf(ops, {
      number: 39,
      state: 'CLOSED',
      stateReason: 'DUPLICATE',
      closedAt: '2026-11-01T00:00:00Z',
    });
    expect(planIssues([ops], [dup, older], AS_OF)).toMatchObject({ actions: [], unchanged: 1 });
  });

  it('orders the actions: groups by fingerprint, then closes, then duplicates', () => {
    const a = group('A-01', 'doc-unmapped');
    const b = group('B-01', 'doc-unmapped');
    const sorted = [a, b].sort((x, y) => (x.fingerprint < y.fingerprint ? -1 : 1));
    const plan = planIssues(
      sorted,
      [issueOf(ops, { number: 1 }), issueOf(vul, { number: 2 }), issueOf(vul, { number: 3 })],
      AS_OF,
    );
    expect(plan.actions.map((x) => x.kind)).toEqual([
      'create',
      'create',
      'close',
      'close',
      'close-duplicate',
    ]);
  });

  it('reads the subjects back from a body', () => {
    expect(listedSubjects(group('OPS-01', 'r', ['doc:a.md', 'github:acme/api#3']).body)).toEqual([
      'doc:a.md',
      'github:acme/api#3',
    ]);
  });

  it("knows Docket's comments only by the marker at their start", () => {
    expect(noteOf(`${noteMarker('resolved')}\nResolved`)).toBe('resolved');
    expect(noteOf(`> ${noteMarker('resolved')}\nquoting Docket`)).toBeNull();
    expect(noteOf('Resolved: as of 2026-11-22 …')).toBeNull();
  });
});
