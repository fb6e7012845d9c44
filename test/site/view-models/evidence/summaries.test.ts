import { describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../../../src/core/schemas/cloudtrail.ts';
import type { Gap } from '../../../../src/core/schemas/gaps.ts';
import type { DeploymentRecord } from '../../../../src/core/schemas/github.ts';
import {
  contextOfShown,
  type RecordContext,
  recordContextView,
  type RecordSummary,
  recordSummary,
  windowsOfPage,
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

/** A summary line as a reader sees it: its parts' text (badges as [gap]), by its label. */
function line(s: RecordSummary | null, label: string | null): string | undefined {
  const found = s?.lines.find((l) => l.label === label);
  return found?.parts
    .map((p) => `${p.badge ? `[${p.badge}] ` : ''}${p.text}${p.link?.text ?? ''}${p.after ?? ''}`)
    .join(found.sep);
}
const DEPLOY_FILE = 'github/acme/api/deployments.ndjson';

/** The change-window line of one deployment checked with `params`, its page's windows, its gaps. */
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
  return {
    line: line(s, 'Change window'),
    page: windowsOfPage([subject], ctx),
    gaps,
    summaryGaps: s?.gaps ?? [],
    gapLine: line(s, 'Gaps'),
  };
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
      commits: [
        commit('c'.repeat(40), ['alice'], true),
        commit('d'.repeat(40), ['alice'], true),
        commit(HEAD_OID, ['alice'], false),
      ],
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
    expect(s?.headline).toBe(record.title);
    // Who opened, merged and approved, on one line; times are UTC (the page says so once).
    expect(line(s, null)).toBe(
      'alice opened 2026-03-02 08:00, merged 2026-03-02 12:00 by alice into main · 2 approvals',
    );
    expect(line(s, 'Reviews')).toBe(
      `bob approved 2026-03-02 11:00 on ${HEAD_OID.slice(0, 12)} (merged head); ` +
        `carol approved 2026-03-01 11:00 on ${'b'.repeat(12)} (earlier commit)`,
    );
    expect(line(s, 'Checks')).toBe('build, test: success');
    // Commits next to each other with the same author and signature are said once.
    expect(line(s, 'Commits')).toBe(
      `${'c'.repeat(12)}, ${'d'.repeat(12)}: alice, signature valid; ` +
        `${HEAD_OID.slice(0, 12)}: alice, unsigned`,
    );
    const follow = s?.lines.find((l) => l.label === 'Referenced by')?.parts[0];
    expect(follow?.link).toEqual({
      text: 'acme/api#9',
      href: 'https://github.com/acme/api/pull/9',
      site: false,
    });
    expect(follow?.after).toBe(', pull request, 2026-03-03 09:00');
  });

  it('mark a failing check, name a signer who is not the author, and link each gap', () => {
    const record = pr({
      checks: [
        { name: 'build', kind: 'check-run', conclusion: 'SUCCESS', completed_at: null },
        { name: 'test', kind: 'check-run', conclusion: 'FAILURE', completed_at: null },
      ],
      commits: [
        {
          ...commit(HEAD_OID, ['alice'], true),
          signature: { valid: true, state: 'VALID', signer: 'web-flow' },
        },
      ],
    });
    const gap = {
      id: 'abc',
      rule: 'pr-checks-failed',
      control: 'OPS-01',
      title: 'acme/api#1 merged with checks not passing: test (failure)',
    } as Gap;
    const s = recordSummary(
      PR_FILE,
      record,
      'github:acme/api#1',
      NONE,
      new Map([['github:acme/api#1', [gap]]]),
    );
    expect(line(s, 'Checks')).toBe('build: success; [gap] test: failure');
    expect(line(s, 'Commits')).toBe(`${HEAD_OID.slice(0, 12)}: alice, signature valid by web-flow`);
    // The gap's title without the record's name, which heads the record already.
    expect(line(s, 'Gaps')).toBe(
      '[gap] pr-checks-failed: merged with checks not passing: test (failure)',
    );
    expect(s?.lines.find((l) => l.label === 'Gaps')?.parts[0]?.link).toEqual({
      text: 'pr-checks-failed',
      href: 'controls/ops-01/#gap-abc',
      site: true,
    });
  });

  it('never makes a link of a record address that is not http(s)', () => {
    const record = pr({
      cross_references: [
        {
          source: 'evil',
          url: "javascript:alert('x')",
          is_pull_request: false,
          created_at: '2026-03-03T09:00:00Z',
        },
      ],
    });
    const s = recordSummary(PR_FILE, record, 'github:acme/api#1', NONE, new Map());
    const part = s?.lines.find((l) => l.label === 'Referenced by')?.parts[0];
    expect(part?.link).toBeUndefined();
    expect(part?.text).toBe('evil');
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
    const file = 'cloudtrail/111111111111/2026-06.ndjson';
    const s = recordSummary(file, event(), 'cloudtrail:e1', ctx, new Map());
    expect(s?.headline).toBe('PutRolePolicy on iam.amazonaws.com');
    // The ARN says it is an assumed role; the page is the account's, so the region is enough.
    expect(line(s, null)).toBe(
      '2026-06-14 02:14 by arn:aws:sts::111111111111:assumed-role/break-glass/jane in ' +
        'eu-central-1 from 203.0.113.9 · from an AWS console session',
    );
    expect(line(s, 'Break-glass session')).toBe(
      'in the session started 2026-06-14 02:00 (arn:aws:iam::111111111111:role/break-glass)',
    );
    // Neither from the console nor in a session: nothing said (the page says so once).
    const plain = recordSummary(
      file,
      event({ event_id: 'e2', console: false }),
      'cloudtrail:e2',
      ctx,
      new Map(),
    );
    expect(line(plain, null)).not.toContain('console');
    expect(line(plain, 'Break-glass session')).toBeUndefined();
    // Another account than the page's is named; a service is named once, with its type.
    const service = recordSummary(
      file,
      event({
        account: '222222222222',
        error_code: 'AccessDenied',
        console: false,
        source_ip: 'autoscaling.amazonaws.com',
        principal: {
          type: 'AWSService',
          arn: null,
          account_id: null,
          role_arn: null,
          session_name: null,
          invoked_by: 'autoscaling.amazonaws.com',
        },
      }),
      'cloudtrail:e1x',
      NONE,
      new Map(),
    );
    expect(service?.headline).toBe('PutRolePolicy on iam.amazonaws.com, failed: AccessDenied');
    expect(line(service, null)).toBe(
      '2026-06-14 02:14 by autoscaling.amazonaws.com (AWSService) in account 222222222222, ' +
        'eu-central-1',
    );
  });

  it("say which change window applied to a deployment and whether it was inside, as the rule's own check reads it", () => {
    const params = 'days: [mon, tue], from: "08:00", to: "12:00"';
    // Tuesday 08:00 is inside (from is inclusive), 12:00 outside (to is exclusive).
    const inside = windowOf(params, deployment({ created_at: '2026-03-03T08:00:00Z' }));
    expect(inside.line).toBe('inside (OPS-01)');
    // The window's days and hours are said once on the page.
    expect(inside.page).toEqual(['OPS-01: mon, tue 08:00–12:00 UTC (deploy-outside-window)']);
    expect(inside.gaps).toEqual([]);
    const outside = windowOf(params, deployment({ created_at: '2026-03-03T12:00:00Z' }));
    expect(outside.line).toBe('[gap] outside (OPS-01)');
    // The rule agrees, and the summary lists its gap.
    expect(outside.gaps).toHaveLength(1);
    expect(outside.summaryGaps.map((g) => g.rule)).toEqual(['deploy-outside-window']);
    expect(outside.gapLine).toMatch(/^\[gap\] deploy-outside-window: /);
  });

  it("takes an unset window from the rule's defaults, and names an emergency label that excuses it", () => {
    const saturday = deployment({ created_at: '2026-03-07T10:00:00Z' });
    const plain = windowOf('', saturday);
    expect(plain.line).toBe('[gap] outside (OPS-01)');
    expect(plain.page).toEqual([
      'OPS-01: mon, tue, wed, thu, fri 09:00–17:00 UTC (deploy-outside-window)',
    ]);
    expect(plain.gaps).toHaveLength(1);
    const excused = windowOf('', saturday, ['EMERGENCY']);
    expect(excused.line).toBe(
      "outside, excused: the commit's pull request is labelled EMERGENCY (OPS-01)",
    );
    expect(excused.gaps).toEqual([]);
    // A deployment no check selects (another environment) has no window: the page says so.
    const staging = windowOf('', deployment({ ...saturday, environment: 'staging' }));
    expect(staging.line).toBeUndefined();
    expect(staging.page).toEqual([
      "none: no deploy-outside-window check selects this page's deployments",
    ]);
  });

  it('leave a record that does not parse to its JSON', () => {
    expect(recordSummary(PR_FILE, { title: 'x' }, null, NONE, new Map())).toBeNull();
  });
});

describe('the record context the site data carries', () => {
  it('keeps only the records some page shows', () => {
    const win = { control: 'OPS-03', days: [], hours: null, emergency: false } as never;
    const ctx = {
      break_glass: { 'cloudtrail:a': { session: 'cloudtrail:a', role: 'r', start: 's', end: 'e' } },
      deployed_prs: {
        'deploy:acme/api@1': { subject: 'github:acme/api#1', record: null },
        'deploy:acme/web@1': { subject: 'github:acme/web#1', record: null },
      },
      deploy_windows: { 'deploy:acme/api@1': [win], 'deploy:acme/web@1': [win] },
    };
    const shown = contextOfShown(ctx, (s) => !s.startsWith('deploy:acme/web'));
    expect(shown).toEqual({
      break_glass: ctx.break_glass,
      deployed_prs: { 'deploy:acme/api@1': ctx.deployed_prs['deploy:acme/api@1'] },
      deploy_windows: { 'deploy:acme/api@1': [win] },
    });
  });
});
