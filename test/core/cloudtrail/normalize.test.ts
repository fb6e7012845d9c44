import { describe, expect, it } from 'vitest';
import {
  describeRecordProblem,
  isRecordProblem,
  normalizeRecord,
  type RawCloudTrailRecord,
} from '../../../src/core/cloudtrail/normalize.ts';
import {
  apiCall,
  assumeRole,
  assumedRole,
  BREAK_GLASS_ROLE,
  CI_ROLE,
  consoleLogin,
  iamUser,
  PROD,
  SSO_ROLE,
} from '../../../testkit/cloudtrail.ts';

const raw = (r: object) => r as RawCloudTrailRecord;

describe('normalizeRecord', () => {
  it('names an assumed role’s principal by its role and session, and keeps the resources', () => {
    const e = normalizeRecord(
      raw(
        apiCall({
          time: '2026-03-01T10:00:00Z',
          name: 'UpdateService',
          source: 'ecs.amazonaws.com',
          identity: assumedRole(CI_ROLE, 'GitHubActions'),
          id: 'w-1',
        }),
      ),
    );
    if (isRecordProblem(e)) throw new Error(JSON.stringify(e));
    expect(e).toMatchObject({
      event_id: 'w-1',
      time: '2026-03-01T10:00:00.000Z',
      account: PROD,
      name: 'UpdateService',
      read_only: false,
      console: false,
      principal: { type: 'AssumedRole', role_arn: CI_ROLE, session_name: 'GitHubActions' },
      assumed_role: null,
    });
  });

  it('classifies a console sign-in as a console event', () => {
    const e = normalizeRecord(raw(consoleLogin('2026-03-02T08:00:00Z', iamUser('bob'))));
    expect(isRecordProblem(e) ? e : e.console).toBe(true);
  });

  it('derives a role assumption’s expiry from the requested duration', () => {
    const e = normalizeRecord(
      raw(
        assumeRole('2026-03-03T02:00:00Z', assumedRole(SSO_ROLE, 'alice'), BREAK_GLASS_ROLE, 'bg'),
      ),
    );
    if (isRecordProblem(e)) throw new Error(JSON.stringify(e));
    expect(e.assumed_role).toEqual({
      role_arn: BREAK_GLASS_ROLE,
      session_name: 'bg',
      expires_at: '2026-03-03T03:00:00.000Z',
    });
  });

  it('lists every problem, in the record’s reading order: event, identity, call, resources, request', () => {
    const e = normalizeRecord(
      raw({
        eventID: 'bad-1',
        eventTime: '2026-02-30T10:00:00Z',
        eventName: 'AssumeRole',
        awsRegion: 7,
        userIdentity: { type: 'AssumedRole', arn: 5, accountId: '123' },
        readOnly: 'no',
        sessionCredentialFromConsole: 'maybe',
        resources: [{ ARN: 1 }, 'x'],
        requestParameters: { roleArn: BREAK_GLASS_ROLE, durationSeconds: 1.5 },
      }),
    );
    expect(isRecordProblem(e)).toBe(true);
    expect(describeRecordProblem(0, { eventID: 'bad-1' }, e as never)).toBe(
      [
        'record 1 (bad-1) lacks eventSource',
        'awsRegion: expected a string, got number 7',
        'eventTime: "2026-02-30T10:00:00Z" is not a real UTC time (expected YYYY-MM-DDThh:mm:ssZ)',
        'userIdentity.arn: expected a string, got number 5',
        'userIdentity.accountId: "123" is not an AWS account id (12 digits)',
        'readOnly: expected true or false, got string "no"',
        'sessionCredentialFromConsole: expected "true" or "false", got string "maybe"',
        'resources[0].ARN: expected a string, got number 1',
        'resources[1]: expected an object, got string "x"',
        'requestParameters.durationSeconds: expected a whole number of seconds, got number 1.5',
      ].join('; '),
    );
  });
});
