import { describe, expect, it } from 'vitest';
import {
  isRecordProblem,
  normalizeRecord,
  type RawCloudTrailRecord,
} from '../../src/core/cloudtrail/normalize.ts';
import {
  breakGlassSessions,
  principalKind,
  productionWrites,
} from '../../src/core/cloudtrail/sessions.ts';
import type { ContentFile } from '../../src/core/content/load.ts';
import type { Model } from '../../src/core/model.ts';
import { DocketConfig } from '../../src/core/schemas/config.ts';
import type { PullRequestRecord } from '../../src/core/schemas/github.ts';
import {
  apiCall,
  assumeRole,
  assumedRole,
  AUTOSCALING_SLR,
  BREAK_GLASS_ROLE,
  BROWSER_UA,
  CI_ROLE,
  iamUser,
  PROD,
  rootUser,
  serviceLinkedRoleCall,
  SSO_ROLE,
} from '../../testkit/cloudtrail.ts';
import { pr } from './github-fixtures.ts';
import { runRules } from '../../src/core/check.ts';
import { buildSiteData } from '../../src/site/site-data.ts';
import { RULES } from '../../src/rules/index.ts';
import { control, doc, gapsOf, modelOf } from './helpers.ts';

// Rules over CloudTrail records in the shape AWS delivers them, normalised as the collector does.

const aws = DocketConfig.parse({
  aws: {
    cloudtrail_dir: 'trail',
    accounts: { [PROD]: { name: 'prod', environment: 'production' } },
    ci_principals: [CI_ROLE],
    break_glass_roles: [BREAK_GLASS_ROLE],
  },
}).aws;

function normalized(records: readonly RawCloudTrailRecord[]) {
  return records.map((r) => {
    const e = normalizeRecord(r);
    if (isRecordProblem(e)) throw new Error(`test record ${r.eventID}: ${JSON.stringify(e)}`);
    return e;
  });
}

function cloudModel(
  records: readonly RawCloudTrailRecord[],
  files: ContentFile[],
  opts: { asOf?: string; pullRequests?: PullRequestRecord[] } = {},
): Model {
  const collected = { collected_at: '2026-11-22T00:00:00Z', cursors: {} };
  const model = modelOf(files, opts.asOf ?? '2026-11-22', {
    sources: { cloudtrail: collected, ...(opts.pullRequests && { github: collected }) },
    cloudtrail: { events: normalized(records) },
    ...(opts.pullRequests && { github: { pullRequests: opts.pullRequests, deployments: [] } }),
  });
  return { ...model, config: { ...model.config, aws } };
}

const sso = (who: string) => assumedRole(SSO_ROLE, who);
const at = (minute: number) => `2026-06-11T09:${String(minute).padStart(2, '0')}:00Z`;
const write = (
  minute: number,
  identity: object,
  extra: Partial<RawCloudTrailRecord> & Record<string, unknown>,
  id: string,
) => ({
  ...apiCall({
    time: at(minute),
    name: 'AuthorizeSecurityGroupIngress',
    source: 'ec2.amazonaws.com',
    identity,
    id,
  }),
  ...extra,
});

describe('cloud-console-change and cloud-manual-change: how a change was made', () => {
  const controls = [
    control('IAC-01', 'checks:\n  - rule: cloud-console-change\n  - rule: cloud-manual-change\n'),
  ];
  const records = [
    // A console page calling the API from the browser: the browser's user agent and the person's
    // own address, marked by AWS with sessionCredentialFromConsole.
    write(
      1,
      sso('alice'),
      {
        userAgent: BROWSER_UA,
        sourceIPAddress: '198.51.100.7',
        sessionCredentialFromConsole: 'true',
      },
      'browser-console',
    ),
    // The same browser user agent without the mark: not taken for the console (see the README).
    write(
      2,
      sso('bob'),
      { userAgent: BROWSER_UA, sourceIPAddress: '198.51.100.8' },
      'browser-no-mark',
    ),
    // The console proxying the call: "AWS Internal" and the mark.
    write(
      3,
      sso('carol'),
      {
        userAgent: 'AWS Internal',
        sourceIPAddress: 'AWS Internal',
        sessionCredentialFromConsole: 'true',
      },
      'internal-console',
    ),
    // "AWS Internal" alone is also what services acting for a principal send: not a console mark.
    write(
      4,
      sso('dave'),
      { userAgent: 'AWS Internal', sourceIPAddress: 'AWS Internal' },
      'internal-no-mark',
    ),
    // The documented console user agents: an IAM user (signin), the root user (console).
    write(
      5,
      iamUser('erin'),
      { userAgent: 'signin.amazonaws.com', sourceIPAddress: '198.51.100.9' },
      'iam-user-console',
    ),
    write(
      6,
      rootUser(),
      { userAgent: 'console.amazonaws.com', sourceIPAddress: '198.51.100.10' },
      'root-console',
    ),
    // A laptop terraform apply.
    write(7, sso('frank'), {}, 'laptop'),
    // CI.
    write(8, assumedRole(CI_ROLE, 'GitHubActions'), {}, 'ci'),
    // Service-linked roles, with and without invokedBy: AWS acting for itself.
    serviceLinkedRoleCall({
      time: at(9),
      name: 'RunInstances',
      source: 'ec2.amazonaws.com',
      id: 'slr-invoked',
    }),
    serviceLinkedRoleCall({
      time: at(10),
      name: 'TerminateInstances',
      source: 'ec2.amazonaws.com',
      invokedBy: false,
      id: 'slr-plain',
    }),
    serviceLinkedRoleCall({
      time: at(11),
      name: 'UpdateService',
      source: 'ecs.amazonaws.com',
      roleArn: `arn:aws:iam::${PROD}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
      service: 'ecs.amazonaws.com',
      invokedBy: false,
      id: 'slr-ecs',
    }),
  ] as RawCloudTrailRecord[];

  it('normalises the console mark and the documented console user agents as console, and nothing else', () => {
    const byId = Object.fromEntries(normalized(records).map((e) => [e.event_id, e.console]));
    expect(byId).toEqual({
      'browser-console': true,
      'browser-no-mark': false,
      'internal-console': true,
      'internal-no-mark': false,
      'iam-user-console': true,
      'root-console': true,
      laptop: false,
      ci: false,
      'slr-invoked': false,
      'slr-plain': false,
      'slr-ecs': false,
    });
  });

  it('flags console writes as console changes, other human writes as manual ones, and never CI or service-linked roles', () => {
    const model = cloudModel(records, controls);
    const subjects = (rule: string) =>
      gapsOf(model, rule).map((g) => g.subject.replace('cloudtrail:', ''));
    expect(subjects('cloud-console-change').sort()).toEqual([
      'browser-console',
      'iam-user-console',
      'internal-console',
      'root-console',
    ]);
    expect(subjects('cloud-manual-change').sort()).toEqual([
      'browser-no-mark',
      'internal-no-mark',
      'laptop',
    ]);
    const sessions = breakGlassSessions(model);
    const kinds = Object.fromEntries(
      productionWrites(model).map((e) => [e.event_id, principalKind(model, e, sessions)]),
    );
    expect([kinds['slr-invoked'], kinds['slr-plain'], kinds['slr-ecs'], kinds.ci]).toEqual([
      'service',
      'service',
      'service',
      'ci',
    ]);
    expect(normalized(records).find((e) => e.event_id === 'slr-plain')?.principal.role_arn).toBe(
      AUTOSCALING_SLR,
    );
  });

  it('a console write inside a break-glass session is listed on the session, not flagged alone', () => {
    const bg = assumedRole(BREAK_GLASS_ROLE, 'bg-1');
    const model = cloudModel(
      [
        assumeRole('2026-06-11T08:55:00Z', sso('alice'), BREAK_GLASS_ROLE, 'bg-1'),
        write(1, bg, { userAgent: BROWSER_UA, sessionCredentialFromConsole: 'true' }, 'bg-console'),
      ] as RawCloudTrailRecord[],
      controls,
    );
    expect(gapsOf(model, 'cloud-console-change')).toEqual([]);
    expect(gapsOf(model, 'cloud-manual-change')).toEqual([]);
    expect(breakGlassSessions(model)[0]?.changes.map((e) => e.event_id)).toEqual(['bg-console']);
  });
});

describe('break-glass-no-postmortem', () => {
  const iam03 = (params = 'within_hours: 24') =>
    control('IAM-03', `checks:\n  - { rule: break-glass-no-postmortem, ${params} }\n`);
  // Assumed at 02:14 for an hour: the credentials expire at 03:14, the post-mortem is due 24 h later.
  const session = [
    assumeRole('2026-06-14T02:14:05Z', sso('alice'), BREAK_GLASS_ROLE, 'break-glass-2026-06-14'),
    apiCall({
      time: '2026-06-14T02:21:00Z',
      name: 'PromoteReadReplica',
      source: 'rds.amazonaws.com',
      identity: assumedRole(BREAK_GLASS_ROLE, 'break-glass-2026-06-14'),
      id: 'bg-change',
    }),
  ] as RawCloudTrailRecord[];
  const postmortem = (fm: Record<string, string> = {}) =>
    doc('postmortems/failover.md', {
      type: 'postmortem',
      title: 'Failover',
      owner: 'security',
      session: 'break-glass-2026-06-14',
      ...fm,
    });
  const run = (
    files: ContentFile[],
    opts: { asOf?: string; pullRequests?: PullRequestRecord[] } = {},
  ) => gapsOf(cloudModel(session, files, opts), 'break-glass-no-postmortem');

  it('with no post-mortem, reports the session and its changes once the window has passed, and not before', () => {
    expect(run([iam03()], { asOf: '2026-06-14' })).toEqual([]);
    const gaps = run([iam03()]);
    expect(gaps.map((g) => g.title)).toEqual([
      `Break-glass session break-glass-2026-06-14 in ${PROD} at 2026-06-14T02:14:05.000Z by ${sso('alice').arn}: no post-mortem within 24 h (1 change made)`,
    ]);
    expect(gaps[0]?.evidence).toContain('cloudtrail:bg-change');
  });

  it('a post-mortem dated within the window satisfies it; one dated after it does not, and the gap says why', () => {
    // Due by 2026-06-15T03:14:05Z.
    expect(run([iam03(), postmortem({ date: '2026-06-15' })])).toEqual([]);
    expect(run([iam03(), postmortem({ date: '2026-06-15T03:00:00Z' })])).toEqual([]);
    expect(run([iam03(), postmortem({ created: '2026-06-14T20:00:00+02:00' })])).toEqual([]);
    const late = run([iam03(), postmortem({ date: '2026-06-16' })]);
    expect(late.map((g) => g.title)).toEqual([
      `Break-glass session break-glass-2026-06-14 in ${PROD} at 2026-06-14T02:14:05.000Z by ${sso('alice').arn}: no post-mortem within 24 h (postmortems/failover.md is dated 2026-06-16, after 2026-06-15T03:14:05.000Z) (1 change made)`,
    ]);
    expect(late[0]?.details).toMatchObject({
      deadline: '2026-06-15T03:14:05.000Z',
      postmortems: [{ path: 'postmortems/failover.md', date: '2026-06-16', state: 'late' }],
    });
    expect(run([iam03(), postmortem({ date: '2026-06-15T03:20:00Z' })])).toHaveLength(1);
    // A longer window accepts the same document.
    expect(run([iam03('within_hours: 72'), postmortem({ date: '2026-06-16' })])).toEqual([]);
    // An impossible date is no date: reported, not taken for "undated".
    expect(run([iam03(), postmortem({ date: '2026-06-31' })]).map((g) => g.title)).toEqual([
      expect.stringContaining('postmortems/failover.md has date: "2026-06-31", not a date'),
    ]);
  });

  it('an undated post-mortem naming the session, or whose incident window covers it, is accepted (Docket cannot tell when it was written)', () => {
    expect(run([iam03(), postmortem()])).toEqual([]);
    const byWindow = doc('postmortems/db.md', {
      type: 'postmortem',
      title: 'DB',
      owner: 'security',
      incident_window: '{ start: 2026-06-14T02:00:00Z, end: 2026-06-14T04:00:00Z }',
    });
    expect(run([iam03(), byWindow])).toEqual([]);
    const otherWindow = doc('postmortems/db.md', {
      type: 'postmortem',
      title: 'DB',
      owner: 'security',
      incident_window: '{ start: 2026-06-13T02:00:00Z, end: 2026-06-13T04:00:00Z }',
    });
    expect(run([iam03(), otherWindow])).toHaveLength(1);
    // Not a post-mortem: a process document naming the session does not count.
    expect(
      run([
        iam03(),
        doc('processes/bg.md', {
          type: 'process',
          title: 'BG',
          owner: 'security',
          session: 'break-glass-2026-06-14',
        }),
      ]),
    ).toHaveLength(1);
  });

  it('a merged pull request labelled postmortem, opened within the window, satisfies it', () => {
    const labelled = (created_at: string, labels = ['postmortem']) =>
      pr({ repo: 'acme/infra', number: 7, labels, created_at, merged_at: '2026-06-16T10:00:00Z' });
    expect(run([iam03()], { pullRequests: [labelled('2026-06-14T09:00:00Z')] })).toEqual([]);
    // Opened after the window closed, before the session, or without the label: not a post-mortem of it.
    expect(run([iam03()], { pullRequests: [labelled('2026-06-15T04:00:00Z')] })).toHaveLength(1);
    expect(run([iam03()], { pullRequests: [labelled('2026-06-14T01:00:00Z')] })).toHaveLength(1);
    expect(
      run([iam03()], { pullRequests: [labelled('2026-06-14T09:00:00Z', ['incident'])] }),
    ).toHaveLength(1);
    expect(
      run([iam03('labels: [incident]')], {
        pullRequests: [labelled('2026-06-14T09:00:00Z', ['incident'])],
      }),
    ).toEqual([]);
  });

  it("names, in the account's site data, the pull request that was accepted as the post-mortem", () => {
    const accepted = pr({
      repo: 'acme/infra',
      number: 7,
      title: 'Post-mortem: failover',
      labels: ['Postmortem'],
      created_at: '2026-06-14T09:00:00Z',
      merged_at: '2026-06-16T10:00:00Z',
    });
    const other = pr({
      repo: 'acme/infra',
      number: 8,
      labels: ['postmortem'],
      created_at: '2026-06-20T09:00:00Z',
      merged_at: '2026-06-21T10:00:00Z',
    });
    const model = cloudModel(session, [iam03()], { pullRequests: [other, accepted] });
    const sessions = buildSiteData(model, runRules(model, RULES), RULES).accounts.flatMap(
      (a) => a.sessions,
    );
    expect(sessions.map((s) => s.postmortem_pull_requests)).toEqual([
      [{ repo: 'acme/infra', number: 7, title: 'Post-mortem: failover', url: accepted.url }],
    ]);
    expect(sessions.map((s) => s.gaps)).toEqual([[]]);
    // The session page's verdict, with the labels the rule's schema defaults to.
    expect(sessions.map((s) => s.postmortem)).toEqual([
      {
        state: 'pull-request',
        labels: ['postmortem'],
        within_hours: 24,
        pull_requests: sessions[0]?.postmortem_pull_requests,
      },
    ]);
  });
});
