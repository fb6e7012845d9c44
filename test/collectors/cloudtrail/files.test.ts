import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  collectCloudtrail,
  type CloudtrailCollectOptions,
} from '../../../collectors/cloudtrail/collect.ts';
import { readNdjson } from '../../../src/evidence/ndjson.ts';
import type { CloudTrailEvent } from '../../../src/core/schemas/cloudtrail.ts';
import { DocketConfig } from '../../../src/core/schemas/config.ts';
import {
  apiCall,
  assumeRole,
  assumedRole,
  BREAK_GLASS_ROLE,
  CI_ROLE,
  consoleLogin,
  PROD,
  serviceEvent,
  SSO_ROLE,
  STAGING,
  writeTrail,
} from '../../../testkit/cloudtrail.ts';
import { runCli, tempDir } from '../../helpers/cli.ts';

const config = DocketConfig.parse({
  period: { start: '2026-01-01', end: '2026-12-31' },
  aws: {
    cloudtrail_dir: 'trail',
    accounts: {
      [PROD]: { name: 'prod', environment: 'production' },
      [STAGING]: { name: 'staging', environment: 'staging' },
    },
    ci_principals: [CI_ROLE],
    break_glass_roles: [BREAK_GLASS_ROLE],
  },
});

const ci = assumedRole(CI_ROLE, 'GitHubActions');
const alice = assumedRole(SSO_ROLE, 'alice@acme.test');
const bg = assumedRole(BREAK_GLASS_ROLE, 'break-glass-2026-06-14');
export const TRAIL = [
  apiCall({
    time: '2026-06-10T10:00:00Z',
    name: 'UpdateService',
    source: 'ecs.amazonaws.com',
    identity: ci,
    id: 'ci-change',
  }),
  apiCall({
    time: '2026-06-10T11:00:00Z',
    name: 'DescribeInstances',
    source: 'ec2.amazonaws.com',
    identity: alice,
    readOnly: true,
    id: 'read-only',
  }),
  consoleLogin('2026-06-11T08:59:00Z', alice),
  apiCall({
    time: '2026-06-11T09:05:00Z',
    name: 'AuthorizeSecurityGroupIngress',
    source: 'ec2.amazonaws.com',
    identity: alice,
    console: true,
    resources: [
      {
        ARN: `arn:aws:ec2:eu-central-1:${PROD}:security-group/sg-0abc`,
        type: 'AWS::EC2::SecurityGroup',
      },
    ],
    id: 'console-change',
  }),
  apiCall({
    time: '2026-06-12T15:00:00Z',
    name: 'PutBucketPolicy',
    source: 's3.amazonaws.com',
    identity: alice,
    id: 'laptop-apply',
  }),
  apiCall({
    time: '2026-06-12T15:01:00Z',
    name: 'DeleteBucket',
    source: 's3.amazonaws.com',
    identity: alice,
    errorCode: 'AccessDenied',
    id: 'denied',
  }),
  serviceEvent('2026-06-13T04:00:00Z', 'autoscaling.amazonaws.com', 'RunInstances'),
  assumeRole('2026-06-14T02:14:05Z', alice, BREAK_GLASS_ROLE, 'break-glass-2026-06-14'),
  apiCall({
    time: '2026-06-14T02:21:00Z',
    name: 'ModifyDBParameterGroup',
    source: 'rds.amazonaws.com',
    identity: bg,
    userAgent: 'aws-cli/2.17.0',
    id: 'bg-1',
  }),
  apiCall({
    time: '2026-06-14T02:26:00Z',
    name: 'PromoteReadReplica',
    source: 'rds.amazonaws.com',
    identity: bg,
    userAgent: 'aws-cli/2.17.0',
    id: 'bg-2',
  }),
  apiCall({
    time: '2026-06-15T10:00:00Z',
    name: 'PutBucketPolicy',
    source: 's3.amazonaws.com',
    identity: assumedRole(`arn:aws:iam::${STAGING}:role/dev`, 'bob', STAGING),
    account: STAGING,
    id: 'staging-change',
  }),
];

/** Delivered log files are read from disk: no API client is made. */
const noApiClient = (): never => {
  throw new Error('files mode made a CloudTrail API client');
};

function options(
  root: string,
  overrides: Partial<CloudtrailCollectOptions> = {},
): CloudtrailCollectOptions {
  return {
    config,
    root,
    storeDir: join(root, 'evidence'),
    period: config.period!,
    now: () => new Date('2026-11-22T12:00:00Z'),
    log: () => {},
    ...overrides,
  };
}

async function events(root: string): Promise<CloudTrailEvent[]> {
  const out: CloudTrailEvent[] = [];
  for (const f of (await readdir(join(root, 'evidence/cloudtrail'), { recursive: true }))
    .filter((f) => f.endsWith('.ndjson'))
    .sort()) {
    for await (const e of readNdjson(join(root, 'evidence/cloudtrail'), f))
      out.push(e as CloudTrailEvent);
  }
  return out;
}

describe('CloudTrail delivered log files', () => {
  it('keeps writes, console sign-ins and break-glass assumptions, normalised, deduplicated, without credentials', async () => {
    const root = await tempDir();
    // Trails deliver duplicates: the console change arrives in a second file too.
    await writeTrail(join(root, 'trail'), [
      ...TRAIL,
      { ...TRAIL[3]!, awsRegion: 'eu-central-1', eventTime: '2026-06-11T09:05:00Z' },
    ]);
    await writeTrail(join(root, 'trail'), [TRAIL[3]!], { gzip: false });
    await mkdir(
      join(root, 'trail/AWSLogs/111111111111/CloudTrail-Digest/eu-central-1/2026/06/11'),
      { recursive: true },
    );
    await writeFile(
      join(
        root,
        'trail/AWSLogs/111111111111/CloudTrail-Digest/eu-central-1/2026/06/11/digest.json.gz',
      ),
      'not read',
    );
    const summary = await collectCloudtrail(noApiClient, options(root));
    expect(summary.problems).toEqual([]);
    const kept = await events(root);
    expect(kept.map((e) => e.name)).toEqual([
      'UpdateService',
      'ConsoleLogin',
      'AuthorizeSecurityGroupIngress',
      'PutBucketPolicy',
      'DeleteBucket',
      'RunInstances',
      'AssumeRole',
      'ModifyDBParameterGroup',
      'PromoteReadReplica',
      'PutBucketPolicy',
    ]);
    const console = kept.find((e) => e.event_id === 'console-change');
    expect(console).toMatchObject({
      account: PROD,
      region: 'eu-central-1',
      source: 'ec2.amazonaws.com',
      console: true,
      principal: {
        type: 'AssumedRole',
        role_arn: SSO_ROLE,
        session_name: 'alice@acme.test',
        arn: `arn:aws:sts::${PROD}:assumed-role/${SSO_ROLE.split('/').at(-1)}/alice@acme.test`,
      },
      resources: [
        {
          arn: `arn:aws:ec2:eu-central-1:${PROD}:security-group/sg-0abc`,
          type: 'AWS::EC2::SecurityGroup',
        },
      ],
    });
    expect(kept.find((e) => e.name === 'AssumeRole')?.assumed_role).toEqual({
      role_arn: BREAK_GLASS_ROLE,
      session_name: 'break-glass-2026-06-14',
      expires_at: '2026-06-14T03:14:05.000Z',
    });
    expect(kept.find((e) => e.name === 'ConsoleLogin')?.console).toBe(true);
    expect(kept.find((e) => e.name === 'RunInstances')?.principal).toMatchObject({
      type: 'AWSService',
      invoked_by: 'autoscaling.amazonaws.com',
    });
    const stored = (await readdir(join(root, 'evidence/cloudtrail'), { recursive: true })).sort();
    expect(stored).toEqual([
      '111111111111',
      '111111111111/2026-06.ndjson',
      '222222222222',
      '222222222222/2026-06.ndjson',
    ]);
    const text = await readFile(
      join(root, 'evidence/cloudtrail/111111111111/2026-06.ndjson'),
      'utf8',
    );
    expect(text).not.toMatch(/ASIA[A-Z0-9]{16}|IQoJb3JpZ2lu|sessionToken/);
  });

  it('checks the trail: console and laptop changes in production, break-glass without post-mortem; CI, services and staging pass', async () => {
    const root = await tempDir();
    await writeTrail(join(root, 'trail'), TRAIL);
    await mkdir(join(root, 'content/controls'), { recursive: true });
    await writeFile(
      join(root, 'docket.config.yaml'),
      `period: { start: 2026-01-01, end: 2026-12-31 }\naws:\n  cloudtrail_dir: trail\n  accounts: { "${PROD}": { name: prod, environment: production }, "${STAGING}": { name: staging, environment: staging } }\n  ci_principals: ["${CI_ROLE}"]\n  break_glass_roles: ["${BREAK_GLASS_ROLE}"]\n`,
    );
    await writeFile(
      join(root, 'content/controls/iac-01.md'),
      '---\nid: IAC-01\ntitle: No manual changes\nowner: infra\nchecks:\n  - rule: cloud-manual-change\n  - rule: cloud-console-change\n---\n',
    );
    await writeFile(
      join(root, 'content/controls/iam-03.md'),
      '---\nid: IAM-03\ntitle: Break-glass\nowner: security\nchecks:\n  - { rule: break-glass-no-postmortem, within_hours: 24 }\n---\n',
    );
    const collected = await runCli(['collect'], { cwd: root });
    expect(collected.code).toBe(0);
    expect(collected.stdout).toMatch(
      /^cloudtrail \(files\): \d+ log files read, \d+ records: 10 kept \(/,
    );
    const check = async () =>
      JSON.parse(
        (await runCli(['check', '--as-of', '2026-11-22', '--out', '-'], { cwd: root })).stdout,
      ).gaps as { rule: string; subject: string; details?: { changes?: { event_id: string }[] } }[];
    const gaps = await check();
    expect(gaps.map((g) => [g.rule, g.subject])).toEqual([
      ['break-glass-no-postmortem', expect.stringMatching(/^cloudtrail:/)],
      ['cloud-console-change', 'cloudtrail:console-change'],
      ['cloud-manual-change', 'cloudtrail:laptop-apply'],
    ]);
    expect(gaps[0]?.details?.changes?.map((c) => c.event_id)).toEqual(['bg-1', 'bg-2']);
    // A post-mortem naming the session resolves the break-glass gap.
    await mkdir(join(root, 'content/postmortems'), { recursive: true });
    await writeFile(
      join(root, 'content/postmortems/pm.md'),
      '---\ntype: postmortem\ntitle: Failover\nowner: security\nsession: break-glass-2026-06-14\n---\n',
    );
    expect((await check()).map((g) => g.rule)).toEqual([
      'cloud-console-change',
      'cloud-manual-change',
    ]);
    await writeFile(
      join(root, 'content/postmortems/pm.md'),
      '---\ntype: postmortem\ntitle: Failover\nowner: security\nincident_window: { start: 2026-06-14T02:00:00Z, end: 2026-06-14T04:00:00Z }\n---\n',
    );
    expect((await check()).map((g) => g.rule)).toEqual([
      'cloud-console-change',
      'cloud-manual-change',
    ]);
  });

  it('reads only new days on the next run, and changes nothing when nothing is new', async () => {
    const root = await tempDir();
    await writeTrail(join(root, 'trail'), TRAIL);
    const first = await collectCloudtrail(noApiClient, options(root));
    const before = await readFile(join(root, 'evidence/manifest.json'), 'utf8');
    const again = await collectCloudtrail(
      noApiClient,
      options(root, { now: () => new Date('2026-11-23T12:00:00Z') }),
    );
    expect(again.units).toBeLessThan(first.units);
    expect(again.added).toBe(0);
    expect(await readFile(join(root, 'evidence/manifest.json'), 'utf8')).toBe(before);
    await writeTrail(join(root, 'trail'), [
      apiCall({
        time: '2026-06-20T10:00:00Z',
        name: 'UpdateService',
        source: 'ecs.amazonaws.com',
        identity: ci,
        id: 'later',
      }),
    ]);
    const third = await collectCloudtrail(noApiClient, options(root));
    expect(third.added).toBe(1);
    expect((await events(root)).filter((e) => e.event_id === 'later')).toHaveLength(1);
  });

  it('reports a truncated gzip, invalid JSON and a record missing fields by file name, and keeps the rest', async () => {
    const root = await tempDir();
    const written = await writeTrail(join(root, 'trail'), TRAIL);
    const gz = await readFile(join(root, 'trail', written[0]!));
    await writeFile(join(root, 'trail', written[0]!), gz.subarray(0, gz.length - 12));
    const badJson =
      'AWSLogs/111111111111/CloudTrail/eu-central-1/2026/06/16/111111111111_CloudTrail_eu-central-1_20260616T1000Z_bad.json';
    await mkdir(join(root, 'trail', badJson, '..'), { recursive: true });
    await writeFile(join(root, 'trail', badJson), '{"Records": [');
    const missing =
      'AWSLogs/111111111111/CloudTrail/eu-central-1/2026/06/17/111111111111_CloudTrail_eu-central-1_20260617T1000Z_missing.json';
    await mkdir(join(root, 'trail', missing, '..'), { recursive: true });
    const { eventSource: _, ...noSource } = apiCall({
      time: '2026-06-17T10:00:00Z',
      name: 'PutObjectAcl',
      source: 's3.amazonaws.com',
      identity: alice,
      id: 'no-source',
    });
    await writeFile(join(root, 'trail', missing), JSON.stringify({ Records: [noSource] }));
    const summary = await collectCloudtrail(noApiClient, options(root));
    expect(summary.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      `${written[0]}: truncated or corrupt gzip (unexpected end of file)`,
      `${badJson}: not valid JSON (${(() => {
        try {
          JSON.parse('{"Records": [');
        } catch (e) {
          return (e as Error).message;
        }
      })()})`,
      `${missing}: record 1 (no-source) lacks eventSource; skipped`,
    ]);
    expect((await events(root)).length).toBe(9);
  });

  it('an empty or missing folder is a clear error naming the folder, and docket collect exits 1', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'trail'));
    await writeFile(
      join(root, 'docket.config.yaml'),
      `aws: { cloudtrail_dir: trail, accounts: { "${PROD}": { name: prod, environment: production } } }\n`,
    );
    const empty = await runCli(['collect', '--source', 'cloudtrail'], { cwd: root });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toBe(
      `${join(root, 'trail')}: no CloudTrail log files found in this folder (aws.cloudtrail_dir; expected AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz)\n`,
    );
    await writeFile(
      join(root, 'docket.config.yaml'),
      `aws: { cloudtrail_dir: nowhere, accounts: { "${PROD}": { name: prod, environment: production } } }\n`,
    );
    const missing = await runCli(['collect', '--source', 'cloudtrail'], { cwd: root });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `docket collect: cloudtrail: ${join(root, 'nowhere')}: CloudTrail folder does not exist (aws.cloudtrail_dir)\n`,
    );
  });

  it('docket collect exits 1 naming a bad log file, and stores the good files', async () => {
    const root = await tempDir();
    const written = await writeTrail(join(root, 'trail'), TRAIL);
    await writeFile(join(root, 'trail', written[1]!), '{"Records": [');
    await writeFile(
      join(root, 'docket.config.yaml'),
      `period: { start: 2026-01-01, end: 2026-12-31 }\naws: { cloudtrail_dir: trail, accounts: { "${PROD}": { name: prod, environment: production } } }\n`,
    );
    const r = await runCli(['collect', '--source', 'cloudtrail'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^${written[1]!.replace(/[.]/g, '\\.')}: truncated or corrupt gzip \\(.*\\)$`,
        'm',
      ),
    );
    expect(r.stdout).toMatch(
      /^cloudtrail \(files\): \d+ log files read, \d+ records: \d+ kept .* \(1 problem\)$/m,
    );
    expect((await events(root)).length).toBeGreaterThan(0);
  });

  it('a bad file in an earlier month than good files is read again next time: once fixed, its events arrive', async () => {
    const root = await tempDir();
    const may = [
      apiCall({
        time: '2026-05-04T09:00:00Z',
        name: 'UpdateService',
        source: 'ecs.amazonaws.com',
        identity: ci,
        id: 'may-1',
      }),
      apiCall({
        time: '2026-05-20T09:00:00Z',
        name: 'UpdateService',
        source: 'ecs.amazonaws.com',
        identity: ci,
        id: 'may-2',
      }),
    ];
    const mayFiles = await writeTrail(join(root, 'trail'), may);
    await writeTrail(join(root, 'trail'), TRAIL);
    // The bucket sync was interrupted on 20 May: that file is cut short.
    const bad = join(root, 'trail', mayFiles[1]!);
    const good = await readFile(bad);
    await writeFile(bad, good.subarray(0, 20));
    const first = await collectCloudtrail(noApiClient, options(root));
    expect(first.problems.map((p) => p.file)).toEqual([mayFiles[1]]);
    expect((await events(root)).map((e) => e.event_id)).toContain('ci-change');
    expect((await events(root)).map((e) => e.event_id)).not.toContain('may-2');
    // A second run before the fix reports the file again rather than forgetting it.
    expect(
      (await collectCloudtrail(noApiClient, options(root))).problems.map((p) => p.file),
    ).toEqual([mayFiles[1]]);
    await writeFile(bad, good);
    const fixed = await collectCloudtrail(noApiClient, options(root));
    expect(fixed.problems).toEqual([]);
    const ids = (await events(root)).map((e) => e.event_id);
    expect(ids.filter((id) => id === 'may-1' || id === 'may-2')).toEqual(['may-1', 'may-2']);
    expect(ids.filter((id) => id === 'ci-change')).toHaveLength(1);
    // With nothing failing any more, the cursor moves on: the next run reads only the last days.
    const after = await collectCloudtrail(noApiClient, options(root));
    expect(after.units).toBeLessThan(fixed.units);
    expect(after.added).toBe(0);
  });

  it('the held-back cursor survives a failure in one region while another region and later months succeed', async () => {
    const root = await tempDir();
    const west = {
      ...apiCall({
        time: '2026-04-02T09:00:00Z',
        name: 'UpdateService',
        source: 'ecs.amazonaws.com',
        identity: ci,
        id: 'west-april',
        region: 'eu-west-1',
      }),
    };
    const westFiles = await writeTrail(join(root, 'trail'), [west]);
    await writeTrail(join(root, 'trail'), [
      apiCall({
        time: '2026-04-03T09:00:00Z',
        name: 'UpdateService',
        source: 'ecs.amazonaws.com',
        identity: ci,
        id: 'central-april',
      }),
      ...TRAIL,
    ]);
    await writeTrail(join(root, 'trail'), [
      apiCall({
        time: '2026-07-01T09:00:00Z',
        name: 'UpdateService',
        source: 'ecs.amazonaws.com',
        identity: ci,
        id: 'west-july',
        region: 'eu-west-1',
      }),
    ]);
    const bad = join(root, 'trail', westFiles[0]!);
    const good = await readFile(bad);
    await writeFile(bad, 'not gzip');
    expect(
      (await collectCloudtrail(noApiClient, options(root))).problems.map((p) => p.file),
    ).toEqual([westFiles[0]]);
    const manifest = JSON.parse(await readFile(join(root, 'evidence/manifest.json'), 'utf8')) as {
      sources: { cloudtrail: { cursors: Record<string, string> } };
    };
    expect(manifest.sources.cloudtrail.cursors).toEqual({
      [`${PROD}/eu-west-1`]: '2026-04-02',
      [`${PROD}/us-east-1`]: '2026-06-11',
      [`${PROD}/eu-central-1`]: '2026-06-14',
      [`${STAGING}/eu-central-1`]: '2026-06-15',
    });
    await writeFile(bad, good);
    expect((await collectCloudtrail(noApiClient, options(root))).problems).toEqual([]);
    expect((await events(root)).map((e) => e.event_id)).toEqual(
      expect.arrayContaining(['west-april', 'central-april', 'west-july']),
    );
  });

  it('a record with an impossible time or a wrongly typed field is named by file, record and field; the rest of its file is kept', async () => {
    const root = await tempDir();
    const good = apiCall({
      time: '2026-06-17T10:00:00Z',
      name: 'UpdateService',
      source: 'ecs.amazonaws.com',
      identity: ci,
      id: 'good',
    });
    const records = [
      good,
      { ...good, eventID: 'feb-30', eventTime: '2026-02-30T10:00:00Z' },
      { ...good, eventID: 'no-time', eventTime: 'yesterday' },
      { ...good, eventID: 'local', eventTime: '2026-06-17T10:00:00' },
      { ...good, eventID: 'arn-number', userIdentity: { ...ci, arn: 42 } },
      { ...good, eventID: 'resources-text', resources: 'arn:aws:s3:::bucket' },
      {
        ...good,
        eventID: 'duration-text',
        eventName: 'AssumeRole',
        requestParameters: {
          roleArn: BREAK_GLASS_ROLE,
          roleSessionName: 's',
          durationSeconds: '3600',
        },
      },
      { ...good, eventID: 'good-2', eventTime: '2026-06-17T11:00:00.123Z' },
    ];
    const path =
      'AWSLogs/111111111111/CloudTrail/eu-central-1/2026/06/17/111111111111_CloudTrail_eu-central-1_20260617T1000Z_mixed.json';
    await mkdir(join(root, 'trail', path, '..'), { recursive: true });
    await writeFile(join(root, 'trail', path), JSON.stringify({ Records: records }));
    const summary = await collectCloudtrail(noApiClient, options(root));
    expect(summary.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      `${path}: record 2 (feb-30) eventTime: "2026-02-30T10:00:00Z" is not a real UTC time (expected YYYY-MM-DDThh:mm:ssZ); skipped`,
      `${path}: record 3 (no-time) eventTime: "yesterday" is not a real UTC time (expected YYYY-MM-DDThh:mm:ssZ); skipped`,
      `${path}: record 4 (local) eventTime: "2026-06-17T10:00:00" is not a real UTC time (expected YYYY-MM-DDThh:mm:ssZ); skipped`,
      `${path}: record 5 (arn-number) userIdentity.arn: expected a string, got number 42; skipped`,
      `${path}: record 6 (resources-text) resources: expected an array, got string "arn:aws:s3:::bucket"; skipped`,
      `${path}: record 7 (duration-text) requestParameters.durationSeconds: expected a whole number of seconds, got string "3600"; skipped`,
    ]);
    const kept = await events(root);
    expect(kept.map((e) => [e.event_id, e.time])).toEqual([
      ['good', '2026-06-17T10:00:00.000Z'],
      ['good-2', '2026-06-17T11:00:00.123Z'],
    ]);
    // Nothing is stored for March: the impossible 30 February did not roll over into it.
    expect(await readdir(join(root, 'evidence/cloudtrail/111111111111'))).toEqual([
      '2026-06.ndjson',
    ]);
  });
});
