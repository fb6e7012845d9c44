import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiCall, assumedRole, CI_ROLE, PROD } from '../../testkit/cloudtrail.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

/**
 * A delivered log file whose records are broken or hostile one by one. Each bad record must be
 * named by file, record number, event id and field; the good records of the same file are kept;
 * nothing is written outside the store; the command exits 1.
 */
describe('broken and hostile CloudTrail records', () => {
  it('docket collect names every bad record and keeps the good ones of the same file', async () => {
    const root = await tempDir();
    const ci = assumedRole(CI_ROLE, 'GitHubActions');
    const good = apiCall({
      time: '2026-03-10T10:00:00Z',
      name: 'UpdateService',
      source: 'ecs.amazonaws.com',
      identity: ci,
      id: 'good-1',
    });
    const records: unknown[] = [
      good,
      'not a record',
      { ...good, eventID: 'leap-second', eventTime: '2026-12-31T23:59:60Z' },
      { ...good, eventID: 'hour-24', eventTime: '2026-03-10T24:00:00Z' },
      { ...good, eventID: 'epoch-number', eventTime: 1773136800 },
      { ...good, eventID: 'offset', eventTime: '2026-03-10T10:00:00+01:00' },
      { ...good, eventID: 'traversal', recipientAccountId: '../../../etc' },
      { ...good, eventID: 'identity-text', userIdentity: 'root' },
      { ...good, eventID: 'console-yes', sessionCredentialFromConsole: 'yes' },
      { ...good, eventID: 'readonly-text', readOnly: 'false' },
      { ...good, eventID: 'resource-number', resources: [{ ARN: 7, type: 'AWS::S3::Bucket' }] },
      { ...good, eventID: 'line\nbreak', awsRegion: undefined },
      { ...good, eventID: 'no-source', eventSource: undefined, eventName: 12 },
      { ...good, eventID: 'good-2', eventTime: '2026-03-10T11:00:00Z' },
    ];
    const name = `AWSLogs/${PROD}/CloudTrail/eu-central-1/2026/03/10/${PROD}_CloudTrail_eu-central-1_20260310T1000Z_hostile.json`;
    await mkdir(join(root, 'trail', name, '..'), { recursive: true });
    await writeFile(join(root, 'trail', name), JSON.stringify({ Records: records }));
    await writeFile(
      join(root, 'docket.config.yaml'),
      `period: { start: 2026-01-01, end: 2026-12-31 }\naws: { cloudtrail_dir: trail, accounts: { "${PROD}": { name: prod, environment: production } } }\n`,
    );
    const r = await runCli(['collect', '--source', 'cloudtrail'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${name}: record 2 is not an object; skipped`,
      `${name}: record 3 (leap-second) eventTime: "2026-12-31T23:59:60Z" is not a real UTC time (expected YYYY-MM-DDThh:mm:ssZ); skipped`,
      `${name}: record 4 (hour-24) eventTime: "2026-03-10T24:00:00Z" is not a real UTC time (expected YYYY-MM-DDThh:mm:ssZ); skipped`,
      `${name}: record 5 (epoch-number) eventTime: expected a string, got number 1773136800; skipped`,
      `${name}: record 6 (offset) eventTime: "2026-03-10T10:00:00+01:00" is not a real UTC time (expected YYYY-MM-DDThh:mm:ssZ); skipped`,
      `${name}: record 7 (traversal) recipientAccountId: "../../../etc" is not an AWS account id (12 digits); skipped`,
      `${name}: record 8 (identity-text) userIdentity: expected an object, got string "root"; skipped`,
      `${name}: record 9 (console-yes) sessionCredentialFromConsole: expected "true" or "false", got string "yes"; skipped`,
      `${name}: record 10 (readonly-text) readOnly: expected true or false, got string "false"; skipped`,
      `${name}: record 11 (resource-number) resources[0].ARN: expected a string, got number 7; skipped`,
      `${name}: record 12 ("line\\nbreak") lacks awsRegion; skipped`,
      `${name}: record 13 (no-source) lacks eventSource; eventName: expected a string, got number 12; skipped`,
    ]);
    expect(r.stdout).toMatch(
      /^cloudtrail \(files\): 1 log files read, 14 records: 2 kept .*, 0 read-only, 12 reported; 2 new \(12 problems\)$/m,
    );
    const stored = await readFile(join(root, `evidence/cloudtrail/${PROD}/2026-03.ndjson`), 'utf8');
    expect(
      stored
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { event_id: string }).event_id),
    ).toEqual(['good-1', 'good-2']);
    expect((await readdir(join(root, 'evidence/cloudtrail'))).sort()).toEqual([PROD]);
  });
});
