import { describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../../../src/core/schemas/cloudtrail.ts';
import type { DeploymentRecord } from '../../../../src/core/schemas/github.ts';
import {
  type RecordContext,
  recordContextView,
  recordSummary,
} from '../../../../src/site/view-models/evidence/summaries.ts';
import { group } from '../../../../src/site/view-models/shared.ts';
import { gapsOf } from '../../../rules/helpers.ts';
import {
  commit,
  deployment,
  githubModel,
  HEAD_OID,
  pr,
  review,
} from '../../../rules/github-fixtures.ts';

const NONE: RecordContext = { break_glass: {}, deployed_prs: {}, deploy_windows: {} };
const DEPLOY_FILE = 'github/acme/api/deployments.ndjson';

/** The summary's change-window lines of one deployment checked with `params`, and its gaps. */
function windowOf(params: string, d: DeploymentRecord, labels: string[] = []) {
  const model = githubModel('deploy-outside-window', params, [pr({ labels })], [d]);
  const gaps = gapsOf(model, 'deploy-outside-window');
  const ctx = recordContextView(model, {
    links: new Map(),
    accepted: new Set(),
    gapsBySubject: group(gaps, (g) => g.subject),
  });
  const subject = `deploy:${d.repo}@${d.id}`;
  const s = recordSummary(
    DEPLOY_FILE,
    d,
    subject,
    ctx,
    group(gaps, (g) => g.subject),
  );
  const lines = (s?.facts ?? []).filter((f) => f.label.startsWith('Change window'));
  return { lines, gaps, summaryGaps: s?.gaps ?? [] };
}
const PR_FILE = 'github/acme/api/pull-requests.ndjson';

function event(overrides: Partial<CloudTrailEvent> = {}): CloudTrailEvent {
  return {
    event_id: 'e1',
    time: '2026-06-14T02:14:05.000Z',
    account: '111111111111',
    region: 'eu-central-1',
    source: 'iam.amazonaws.com',
    name: 'PutRolePolicy',
    event_type: 'AwsApiCall',
    read_only: false,
    principal: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111111111111:assumed-role/break-glass/jane',
      account_id: '111111111111',
      role_arn: 'arn:aws:iam::111111111111:role/break-glass',
      session_name: 'jane',
      invoked_by: null,
    },
    console: true,
    source_ip: '203.0.113.9',
    user_agent: null,
    resources: [],
    error_code: null,
    assumed_role: null,
    ...overrides,
  };
}

describe('evidence record summaries', () => {
  it('give a pull request its author, each approval with reviewer, time and commit, checks and signatures', () => {
    const record = pr({
      reviews: [
        review('bob', 'APPROVED', '2026-03-02T11:00:00Z'),
        review('carol', 'APPROVED', '2026-03-01T11:00:00Z', 'b'.repeat(40)),
      ],
      commits: [commit(HEAD_OID, ['alice'], false)],
      cross_references: [
        {
          source: 'acme/api#9',
          url: 'https://github.com/acme/api/pull/9',
          is_pull_request: true,
          created_at: '2026-03-03T09:00:00Z',
        },
      ],
    });
    const s = recordSummary(PR_FILE, record, 'github:acme/api#1', NONE, new Map());
    expect(s?.kind).toBe('pull request');
    expect(s?.facts.find((f) => f.label === 'Author')?.value).toBe('alice');
    expect(s?.facts.find((f) => f.label === 'Merged')?.value).toBe(
      '2026-03-02 12:00 UTC by alice into main',
    );
    const reviews = s?.lists.find((l) => l.heading === 'Reviews')?.items ?? [];
    expect(reviews.map((r) => [r.label, r.value])).toEqual([
      ['bob', `approved 2026-03-02 11:00 UTC on ${HEAD_OID.slice(0, 12)} (the merged head)`],
      ['carol', `approved 2026-03-01 11:00 UTC on ${'b'.repeat(12)} (an earlier commit)`],
    ]);
    const checks = s?.lists.find((l) => l.heading.startsWith('Checks'))?.items ?? [];
    expect(checks.map((c) => `${c.label} ${c.value} ${c.verdict}`)).toEqual([
      'build success passes',
      'test success passes',
    ]);
    const commits = s?.lists.find((l) => l.heading === 'Commits')?.items ?? [];
    expect(commits[0]?.value).toBe('alice, unsigned');
    expect(s?.lists.find((l) => l.heading.startsWith('Follow-ups'))?.items[0]?.label).toBe(
      'acme/api#9',
    );
  });

  it('say who did what, where and when for a CloudTrail event, and whether in a break-glass session', () => {
    const ctx: RecordContext = {
      break_glass: {
        'cloudtrail:e1': {
          session: 'cloudtrail:e0',
          role: 'arn:aws:iam::111111111111:role/break-glass',
          start: '2026-06-14T02:00:00Z',
          end: '2026-06-14T03:00:00Z',
        },
      },
      deployed_prs: {},
      deploy_windows: {},
    };
    const s = recordSummary(
      'cloudtrail/111111111111/2026-06.ndjson',
      event(),
      'cloudtrail:e1',
      ctx,
      new Map(),
    );
    const fact = (label: string) => s?.facts.find((f) => f.label === label);
    expect(fact('Who')?.value).toContain('assumed-role/break-glass/jane');
    expect(fact('What')?.value).toBe('PutRolePolicy on iam.amazonaws.com');
    expect(fact('Where')?.value).toBe('account 111111111111, eu-central-1');
    expect(fact('When')?.value).toBe('2026-06-14 02:14 UTC');
    expect(fact('From the console')?.value).toBe('yes, an AWS console session');
    expect(fact('Break-glass session')?.value).toContain(
      'in the session started 2026-06-14 02:00 UTC',
    );
    const outside = recordSummary(
      'cloudtrail/111111111111/2026-06.ndjson',
      event({ event_id: 'e2', console: false }),
      'cloudtrail:e2',
      ctx,
      new Map(),
    );
    expect(outside?.facts.find((f) => f.label === 'Break-glass session')?.value).toBe('no');
  });

  it("say which change window applied to a deployment and whether it was inside, as the rule's own check reads it", () => {
    const params = 'days: [mon, tue], from: "08:00", to: "12:00"';
    // Tuesday 08:00 is inside (from is inclusive), 12:00 outside (to is exclusive).
    const inside = windowOf(params, deployment({ created_at: '2026-03-03T08:00:00Z' }));
    expect(inside.lines.map((f) => [f.value, f.verdict])).toEqual([
      [
        "mon, tue 08:00–12:00 UTC, OPS-01's deploy-outside-window check: inside the window",
        'passes',
      ],
    ]);
    expect(inside.gaps).toEqual([]);
    const outside = windowOf(params, deployment({ created_at: '2026-03-03T12:00:00Z' }));
    expect(outside.lines.map((f) => [f.value, f.verdict])).toEqual([
      ["mon, tue 08:00–12:00 UTC, OPS-01's deploy-outside-window check: outside the window", 'gap'],
    ]);
    // The rule agrees, and the summary lists its gap.
    expect(outside.gaps).toHaveLength(1);
    expect(outside.summaryGaps.map((g) => g.rule)).toEqual(['deploy-outside-window']);
  });

  it("takes an unset window from the rule's defaults, and names an emergency label that excuses it", () => {
    const saturday = deployment({ created_at: '2026-03-07T10:00:00Z' });
    const plain = windowOf('', saturday);
    expect(plain.lines[0]?.value).toBe(
      "mon, tue, wed, thu, fri 09:00–17:00 UTC, OPS-01's deploy-outside-window check: " +
        'outside the window',
    );
    expect(plain.gaps).toHaveLength(1);
    const excused = windowOf('', saturday, ['EMERGENCY']);
    expect(excused.lines.map((f) => [f.value, f.verdict])).toEqual([
      [
        "mon, tue, wed, thu, fri 09:00–17:00 UTC, OPS-01's deploy-outside-window check: " +
          "outside the window, excused: the commit's pull request is labelled EMERGENCY",
        'passes',
      ],
    ]);
    expect(excused.gaps).toEqual([]);
    // A deployment no check selects (another environment) has no window.
    const staging = windowOf('', deployment({ ...saturday, environment: 'staging' }));
    expect(staging.lines.map((f) => f.value)).toEqual([
      'none: no deploy-outside-window check selects this deployment',
    ]);
  });

  it('leave a record that does not parse to its JSON', () => {
    expect(recordSummary(PR_FILE, { title: 'x' }, null, NONE, new Map())).toBeNull();
  });
});
