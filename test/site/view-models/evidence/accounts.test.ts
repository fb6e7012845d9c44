import { describe, expect, it } from 'vitest';
import {
  accountSections,
  listedChanges,
  type SiteAccount,
} from '../../../../src/site/view-models/evidence/accounts.ts';

type Session = SiteAccount['sessions'][number];
type Change = SiteAccount['notable'][number];

function session(postmortem: Session['postmortem']): Session {
  return {
    subject: 'cloudtrail:s',
    session: 's',
    by: null,
    start: '2026-06-14T02:00:00Z',
    end: '2026-06-14T03:00:00Z',
    evidence: null,
    changes: [],
    gaps: [],
    postmortem_pull_requests: [],
    postmortem,
  };
}

function change(
  status: Change['status'],
  kind: Change['kind'] = 'console',
  principal: string | null = null,
  time = '2026-06-14T02:10:00Z',
): Change {
  return {
    subject: `cloudtrail:${kind}-${time}`,
    time,
    kind,
    name: 'PutRolePolicy',
    source: 'iam.amazonaws.com',
    principal,
    evidence: null,
    console_url: null,
    gaps: status === 'gap' ? ['g'] : [],
    status,
  };
}

describe("an account page's 'On this page' list", () => {
  it('counts the sessions without a post-mortem in time and the changes by people with gaps', () => {
    const sections = accountSections({
      sessions: [
        session({ state: 'missing', gaps: [] }),
        session({ state: 'late', gaps: [] }),
        session({ state: 'pending', due: '2026-06-15T03:00:00Z' }),
      ],
      notable: [change('gap'), change('in-session'), change(null)],
      people_by_principal: [{ principal: 'ci', changes: 200, first: 'a', last: 'b' }],
    });
    expect(sections.map((s) => [s.id, s.note])).toEqual([
      ['by-kind-h', undefined],
      ['sessions-h', '(3, 2 without a post-mortem in time)'],
      ['people-h', '(203, 1 with gaps)'],
      ['months-h', undefined],
    ]);
  });
});

describe('the changes an account page lists', () => {
  const at = (day: number) => `2026-06-${String(day).padStart(2, '0')}T00:00:00Z`;
  const exceptions = [
    change('gap', 'human', 'alice', at(1)),
    change(null, 'console', 'bob', at(2)),
    change('in-session', 'break-glass', 'carol', at(3)),
  ];

  it("lists every change while people's changes without gaps fit the limit", () => {
    const people = [change(null, 'human', 'dave', at(4)), change(null, 'human', 'erin', at(5))];
    const listed = listedChanges([...exceptions, ...people], 2);
    expect(listed.notable).toEqual([...exceptions, ...people]);
    expect(listed.people_by_principal).toEqual([]);
  });

  it("counts people's changes without gaps by principal above the limit, and lists the rest", () => {
    const people = [
      change(null, 'human', 'dave', at(6)),
      change(null, 'human', 'erin', at(5)),
      change(null, 'human', 'dave', at(4)),
    ];
    const listed = listedChanges([...exceptions, ...people], 2);
    // Gaps, console and break-glass changes stay listed, people's with a gap among them.
    expect(listed.notable).toEqual(exceptions);
    expect(listed.people_by_principal).toEqual([
      { principal: 'dave', changes: 2, first: at(4), last: at(6) },
      { principal: 'erin', changes: 1, first: at(5), last: at(5) },
    ]);
  });
});
