import { describe, expect, it } from 'vitest';
import {
  accountSections,
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

function change(status: Change['status']): Change {
  return {
    subject: 'cloudtrail:e',
    time: '2026-06-14T02:10:00Z',
    kind: 'console',
    name: 'PutRolePolicy',
    source: 'iam.amazonaws.com',
    principal: null,
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
    });
    expect(sections.map((s) => [s.id, s.note])).toEqual([
      ['by-kind-h', undefined],
      ['sessions-h', '(3, 2 without a post-mortem in time)'],
      ['people-h', '(3, 1 with gaps)'],
    ]);
  });
});
