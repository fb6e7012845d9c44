import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { sdkCloudTrailClient } from '../../../collectors/cloudtrail/client.ts';
import { collectCloudtrail } from '../../../collectors/cloudtrail/collect.ts';
import { lakeQuery } from '../../../collectors/cloudtrail/lake.ts';
import { DocketConfig } from '../../../src/core/schemas/config.ts';
import {
  apiCall,
  assumeRole,
  assumedRole,
  BREAK_GLASS_ROLE,
  consoleLogin,
  hourlyCiDeploys,
  PROD,
  SSO_ROLE,
} from '../../../testkit/cloudtrail.ts';
import { tempDir } from '../../helpers/cli.ts';
import { startFakeAws } from '../../../testkit/fake-aws.ts';

const alice = assumedRole(SSO_ROLE, 'alice@acme.test');
const writes = hourlyCiDeploys(
  120,
  '2026-11-01T00:00:00Z',
  (i) => `w-${String(i).padStart(3, '0')}`,
);
const logins = [consoleLogin('2026-11-02T08:00:00Z', alice)];
const assumes = [
  assumeRole('2026-11-03T02:00:00Z', alice, BREAK_GLASS_ROLE, 'break-glass-2026-11-03'),
  assumeRole('2026-11-03T05:00:00Z', alice, `arn:aws:iam::${PROD}:role/readonly`, 'look'),
];
const now = () => new Date('2026-11-22T12:00:00Z');

let server: Awaited<ReturnType<typeof startFakeAws>> | null = null;
beforeEach(() => {
  // The SDK's own default chain: static test credentials and the loopback endpoint, from the environment.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  vi.stubEnv('AWS_REGION', 'eu-central-1');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  server = null;
});

const toEvent = (r: Record<string, unknown>) => ({
  EventId: r.eventID,
  EventName: r.eventName,
  EventTime: Date.parse(r.eventTime as string) / 1000,
  CloudTrailEvent: JSON.stringify(r),
});

describe('CloudTrail through the AWS SDK', () => {
  it('LookupEvents: one paginated lookup per attribute, following NextToken, signed by the SDK', async () => {
    server = await startFakeAws({
      LookupEvents: (body) => {
        const attr = (
          body.LookupAttributes as { AttributeKey: string; AttributeValue: string }[]
        )[0]!;
        const all =
          attr.AttributeKey === 'ReadOnly'
            ? writes
            : attr.AttributeValue === 'ConsoleLogin'
              ? logins
              : assumes;
        const start = Number(body.NextToken ?? 0);
        const page = all.slice(start, start + 50);
        return {
          Events: page.map(toEvent),
          ...(start + 50 < all.length && { NextToken: String(start + 50) }),
        };
      },
    });
    vi.stubEnv('AWS_ENDPOINT_URL_CLOUDTRAIL', server.url);
    const root = await tempDir();
    const config = DocketConfig.parse({
      aws: {
        mode: 'lookup',
        break_glass_roles: [BREAK_GLASS_ROLE],
        accounts: { [PROD]: { name: 'prod', environment: 'production' } },
      },
    });
    // The client the collect command makes: the SDK's default chain, from the environment.
    const summary = await collectCloudtrail(sdkCloudTrailClient, {
      config,
      root,
      storeDir: join(root, 'evidence'),
      period: { start: '2026-01-01', end: '2026-12-31' },
      now,
      log: () => {},
    });
    expect(summary).toMatchObject({ mode: 'lookup', kept: 122, problems: [] });
    const lookups = server.requests.filter((r) => r.operation === 'LookupEvents');
    expect(
      lookups.map((r) => [
        (r.body.LookupAttributes as { AttributeValue: string }[])[0]?.AttributeValue,
        r.body.NextToken ?? null,
      ]),
    ).toEqual([
      ['false', null],
      ['false', '50'],
      ['false', '100'],
      ['ConsoleLogin', null],
      ['AssumeRole', null],
    ]);
    // LookupEvents reaches back 90 days only.
    expect(new Date((lookups[0]?.body.StartTime as number) * 1000).toISOString()).toBe(
      '2026-08-24T12:00:00.000Z',
    );
    expect(lookups[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-central-1\/cloudtrail\/aws4_request/,
    );
    const stored = await readFile(
      join(root, 'evidence/cloudtrail/111111111111/2026-11.ndjson'),
      'utf8',
    );
    expect(stored.split('\n').filter(Boolean)).toHaveLength(122);
    expect(stored).toContain('break-glass-2026-11-03');
    expect(stored).not.toContain('"look"');
  });

  it('Lake: the filter is pushed down as SQL, the query is polled and its result pages read', async () => {
    let polls = 0;
    const rows = [...writes.slice(0, 3), ...assumes.slice(0, 1)].map((r) => {
      const id = r.userIdentity as {
        type: string;
        arn: string;
        accountId: string;
        sessionContext: { sessionIssuer: { arn: string } };
      };
      const req = (r.requestParameters ?? {}) as {
        roleArn?: string;
        roleSessionName?: string;
        durationSeconds?: number;
      };
      return [
        { eventID: r.eventID },
        { eventTime: (r.eventTime as string).replace('T', ' ').replace('Z', '.000') },
        { eventSource: r.eventSource },
        { eventName: r.eventName },
        { eventType: 'AwsApiCall' },
        { awsRegion: r.awsRegion },
        { recipientAccountId: r.recipientAccountId },
        { readOnly: String(r.readOnly) },
        { identityType: id.type },
        { identityArn: id.arn },
        { identityAccount: id.accountId },
        { issuerArn: id.sessionContext.sessionIssuer.arn },
        ...(req.roleArn
          ? [
              { roleArn: req.roleArn },
              { roleSessionName: req.roleSessionName },
              { durationSeconds: String(req.durationSeconds) },
            ]
          : []),
        // As the query's json_format(CAST(transform(resources, …) AS JSON)) returns it: JSON text.
        {
          resources: JSON.stringify(
            ((r.resources ?? []) as { ARN: string; type: string }[]).map((x) => ({
              arn: x.ARN,
              type: x.type,
            })),
          ),
        },
      ];
    });
    // The ECS service the first write changed, as a delivered record lists it.
    rows[0]![rows[0]!.length - 1] = {
      resources: JSON.stringify([
        { arn: `arn:aws:ecs:eu-central-1:${PROD}:service/prod/api`, type: 'AWS::ECS::Service' },
        { arn: null, type: 'AWS::ECS::Cluster' },
      ]),
    };
    server = await startFakeAws({
      StartQuery: (body) => {
        expect(body.QueryStatement).toBe(
          lakeQuery(
            'arn:aws:cloudtrail:eu-central-1:111111111111:eventdatastore/eds-1',
            '2026-01-01T00:00:00.000Z',
            '2026-11-22T12:00:00.000Z',
            [BREAK_GLASS_ROLE],
          ),
        );
        return { QueryId: 'q-1' };
      },
      DescribeQuery: () => ({ QueryId: 'q-1', QueryStatus: ++polls < 3 ? 'RUNNING' : 'FINISHED' }),
      GetQueryResults: (body) =>
        body.NextToken
          ? { QueryStatus: 'FINISHED', QueryResultRows: rows.slice(2) }
          : { QueryStatus: 'FINISHED', QueryResultRows: rows.slice(0, 2), NextToken: 'page-2' },
    });
    const root = await tempDir();
    const config = DocketConfig.parse({
      aws: {
        mode: 'lake',
        lake_event_data_store: 'arn:aws:cloudtrail:eu-central-1:111111111111:eventdatastore/eds-1',
        break_glass_roles: [BREAK_GLASS_ROLE],
      },
    });
    const sleeps: number[] = [];
    // A client pointed at the fake, as a test may pass one.
    const fakeClient = (region: string | undefined) =>
      new CloudTrailClient({
        region: region ?? 'eu-central-1',
        endpoint: server!.url,
        credentials: {
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        },
      });
    const summary = await collectCloudtrail(fakeClient, {
      config,
      root,
      storeDir: join(root, 'evidence'),
      period: { start: '2026-01-01', end: '2026-12-31' },
      now,
      log: () => {},
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(summary).toMatchObject({ mode: 'lake', kept: 4, units: 2, problems: [] });
    expect(server.requests.map((r) => r.operation)).toEqual([
      'StartQuery',
      'DescribeQuery',
      'DescribeQuery',
      'DescribeQuery',
      'GetQueryResults',
      'GetQueryResults',
    ]);
    expect(server.requests[5]?.body.NextToken).toBe('page-2');
    expect(sleeps).toEqual([1000, 2000]);
    const sql = server.requests[0]?.body.QueryStatement as string;
    expect(sql).toContain(
      `AND (readOnly = false OR readOnly IS NULL OR eventName = 'ConsoleLogin' OR (eventName LIKE 'AssumeRole%' AND element_at(requestParameters, 'roleArn') IN ('${BREAK_GLASS_ROLE}')))`,
    );
    expect(sql).toContain(
      "FROM eds-1\nWHERE eventTime >= '2026-01-01 00:00:00' AND eventTime < '2026-11-22 12:00:00'",
    );
    expect(sql).toContain(
      "json_format(CAST(transform(resources, r -> MAP(ARRAY['arn', 'type'], ARRAY[r.arn, r.type])) AS JSON)) AS resources",
    );
    const stored = (
      await readFile(join(root, 'evidence/cloudtrail/111111111111/2026-11.ndjson'), 'utf8')
    )
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { event_id: string; resources: unknown; assumed_role: unknown });
    expect(stored.find((e) => e.event_id === 'w-000')?.resources).toEqual([
      { arn: `arn:aws:ecs:eu-central-1:${PROD}:service/prod/api`, type: 'AWS::ECS::Service' },
      { arn: null, type: 'AWS::ECS::Cluster' },
    ]);
    // The AssumeRole's resources (the role assumed), as in a delivered file.
    expect(stored.find((e) => e.assumed_role !== null)).toMatchObject({
      resources: [{ arn: BREAK_GLASS_ROLE, type: 'AWS::IAM::Role' }],
      assumed_role: { expires_at: '2026-11-03T03:00:00.000Z' },
    });
  });

  it('LookupEvents: an event with an impossible time or unreadable JSON is reported by id and field; the others are kept', async () => {
    const good = writes[0]!;
    server = await startFakeAws({
      LookupEvents: (body) => {
        const attr = (body.LookupAttributes as { AttributeValue: string }[])[0]!;
        if (attr.AttributeValue !== 'false') return { Events: [] };
        return {
          Events: [
            toEvent(good),
            toEvent({ ...good, eventID: 'feb-30', eventTime: '2026-02-30T10:00:00Z' }),
            {
              EventId: 'cut-short',
              EventName: 'UpdateService',
              EventTime: 1_790_000_000,
              CloudTrailEvent: '{"eventVersion":"1.09","eventID":',
            },
          ],
        };
      },
    });
    vi.stubEnv('AWS_ENDPOINT_URL_CLOUDTRAIL', server.url);
    const root = await tempDir();
    const config = DocketConfig.parse({
      aws: { mode: 'lookup', accounts: { [PROD]: { name: 'prod', environment: 'production' } } },
    });
    // The client the collect command makes: the SDK's default chain, from the environment.
    const summary = await collectCloudtrail(sdkCloudTrailClient, {
      config,
      root,
      storeDir: join(root, 'evidence'),
      period: { start: '2026-01-01', end: '2026-12-31' },
      now,
      log: () => {},
    });
    expect(summary.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      'LookupEvents: event cut-short: CloudTrailEvent is not valid JSON (Unexpected end of JSON input); skipped',
      'LookupEvents: record 2 (feb-30) eventTime: "2026-02-30T10:00:00Z" is not a real UTC time (expected YYYY-MM-DDThh:mm:ssZ); skipped',
    ]);
    expect(summary.kept).toBe(1);
    expect(
      await readFile(join(root, 'evidence/cloudtrail/111111111111/2026-11.ndjson'), 'utf8'),
    ).toContain(`"event_id":"${good.eventID}"`);
  });

  describe('records AWS wrote without readOnly or eventID, through the API', () => {
    const at = (h: number) => `2026-11-05T${String(h).padStart(2, '0')}:00:00Z`;
    const call = (h: number, name: string, id: string) =>
      apiCall({ time: at(h), name, source: 's3.amazonaws.com', identity: alice, id });
    const without = (r: Record<string, unknown>, ...keys: string[]) =>
      Object.fromEntries(Object.entries(r).filter(([k]) => !keys.includes(k)));
    // A write with readOnly, one without, one without readOnly or eventID, and a read without readOnly.
    const records = [
      call(1, 'PutBucketPolicy', 'with-flag'),
      without(call(2, 'PutBucketAcl', 'no-flag'), 'readOnly'),
      without(call(3, 'DeleteBucket', 'x'), 'readOnly', 'eventID'),
      without(call(4, 'GetBucketAcl', 'read-no-flag'), 'readOnly'),
    ];
    const failedLogin = {
      ...consoleLogin(at(5), alice),
      errorCode: '',
      responseElements: { ConsoleLogin: 'Failure' },
    };
    const insight = {
      eventVersion: '1.07',
      eventTime: at(6),
      awsRegion: 'eu-central-1',
      eventID: 'insight-1',
      eventType: 'AwsCloudTrailInsight',
      recipientAccountId: PROD,
      eventCategory: 'Insight',
    };
    const config = (mode: 'lookup' | 'lake') =>
      DocketConfig.parse({
        aws: {
          mode,
          ...(mode === 'lake' && { lake_event_data_store: 'eds-1' }),
          accounts: { [PROD]: { name: 'prod', environment: 'production' } },
        },
      });
    const collect = (mode: 'lookup' | 'lake', root: string) =>
      collectCloudtrail(sdkCloudTrailClient, {
        config: config(mode),
        root,
        storeDir: join(root, 'evidence'),
        period: { start: '2026-01-01', end: '2026-12-31' },
        now,
        log: () => {},
        sleep: async () => {},
      });
    const storedEvents = async (root: string) =>
      (await readFile(join(root, `evidence/cloudtrail/${PROD}/2026-11.ndjson`), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    /** What both paths must give: the same inference, and every record accounted for. */
    const expectSameOutcome = async (
      summary: Awaited<ReturnType<typeof collectCloudtrail>>,
      root: string,
    ) => {
      expect(summary.records).toEqual({
        read: 6,
        kept: 4,
        readOnly: 1,
        outsidePeriod: 0,
        reported: 1,
      });
      const r = summary.records;
      expect(r.kept + r.readOnly + r.outsidePeriod + r.reported).toBe(r.read);
      expect(summary.warnings.map((w) => w.message)).toEqual([
        expect.stringMatching(/^record \d+ \(insight-1\) is a CloudTrail Insights event/),
      ]);
      const stored = await storedEvents(root);
      const byName = (name: string) => stored.find((e) => e.name === name);
      expect(byName('PutBucketPolicy')).not.toHaveProperty('read_only_inferred');
      expect(byName('PutBucketAcl')).toMatchObject({ read_only: false, read_only_inferred: true });
      expect(byName('DeleteBucket')).toMatchObject({
        event_id: expect.stringMatching(/^sha256-[0-9a-f]{64}$/),
        event_id_derived: true,
        read_only_inferred: true,
      });
      expect(byName('GetBucketAcl')).toBeUndefined();
      expect(byName('ConsoleLogin')).toMatchObject({ error_code: 'Failure', console: true });
    };

    it('LookupEvents infers readOnly from the API name and counts every record', async () => {
      server = await startFakeAws({
        LookupEvents: (body) => {
          const attr = (body.LookupAttributes as { AttributeValue: string }[])[0]!;
          const events = attr.AttributeValue === 'false' ? [...records, insight] : [failedLogin];
          return { Events: events.map((r) => toEvent(r as Record<string, unknown>)) };
        },
      });
      vi.stubEnv('AWS_ENDPOINT_URL_CLOUDTRAIL', server.url);
      const root = await tempDir();
      await expectSameOutcome(await collect('lookup', root), root);
    });

    it('CloudTrail Lake asks for records without readOnly and treats them alike', async () => {
      const row = (r: Record<string, unknown>) => {
        const id = (r.userIdentity ?? {}) as Record<string, string>;
        const cells: Record<string, unknown> = {
          eventID: r.eventID,
          eventTime: (r.eventTime as string).replace('T', ' ').replace('Z', '.000'),
          eventSource: r.eventSource,
          eventName: r.eventName,
          eventType: r.eventType,
          awsRegion: r.awsRegion,
          recipientAccountId: r.recipientAccountId,
          readOnly: r.readOnly === undefined ? undefined : String(r.readOnly),
          errorCode: r.errorCode,
          consoleLogin: (r.responseElements as { ConsoleLogin?: string } | null)?.ConsoleLogin,
          identityType: id.type,
          identityArn: id.arn,
          identityAccount: id.accountId,
        };
        return Object.entries(cells)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => ({ [k]: String(v) }));
      };
      server = await startFakeAws({
        StartQuery: (body) => {
          expect(body.QueryStatement).toContain('readOnly IS NULL');
          return { QueryId: 'q-1' };
        },
        DescribeQuery: () => ({ QueryId: 'q-1', QueryStatus: 'FINISHED' }),
        GetQueryResults: () => ({
          QueryStatus: 'FINISHED',
          QueryResultRows: [...records, insight, failedLogin].map((r) =>
            row(r as Record<string, unknown>),
          ),
        }),
      });
      vi.stubEnv('AWS_ENDPOINT_URL_CLOUDTRAIL', server.url);
      const root = await tempDir();
      await expectSameOutcome(await collect('lake', root), root);
    });
  });

  it('rejects an event data store name that could inject SQL', () => {
    expect(() =>
      lakeQuery("eds'; DROP", '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', []),
    ).toThrow(/is not an event data store/);
    expect(
      lakeQuery('eds-1', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', [
        "arn:aws:iam::1:role/o'brien",
      ]),
    ).toContain("'arn:aws:iam::1:role/o''brien'");
  });
});
