import { describe, expect, it } from 'vitest';
import { evidencePagePath, recordFileOf, sourceLinkOf } from '../../src/core/evidence-items.ts';

const deployment = {
  repo: 'acme/api',
  id: '7',
  environment: 'production',
  commit_oid: 'abc123',
  creator: 'ci',
  created_at: '2026-05-05T10:00:00Z',
  state: 'SUCCESS',
  url: 'https://api.acme.test',
};

describe('sourceLinkOf', () => {
  it("links a deployment to its commit on the organisation's GitHub, not to the environment", () => {
    expect(
      sourceLinkOf('github/acme/api/deployments.ndjson', deployment, 'https://github.com'),
    ).toBe('https://github.com/acme/api/commit/abc123');
    expect(
      sourceLinkOf('github/acme/api/deployments.ndjson', deployment, 'https://git.acme.test/'),
    ).toBe('https://git.acme.test/acme/api/commit/abc123');
    expect(
      sourceLinkOf(
        'github/acme/api/deployments.ndjson',
        { ...deployment, commit_oid: null },
        'https://github.com',
      ),
    ).toBe('https://github.com/acme/api/deployments');
  });

  it('links an event to the CloudTrail console of its region, and a scan run to nothing', () => {
    expect(
      sourceLinkOf(
        'cloudtrail/111111111111/2026-05.ndjson',
        { region: 'eu-central-1', event_id: 'e/1 2' },
        'https://github.com',
      ),
    ).toBe(
      'https://eu-central-1.console.aws.amazon.com/cloudtrail/home?region=eu-central-1#/events/e%2F1%202',
    );
    expect(sourceLinkOf('sarif/runs.ndjson', { file: 'x.sarif' }, 'https://github.com')).toBeNull();
  });
});

describe('recordFileOf', () => {
  it('finds the store file of any page of it, and of a link to a record on one', () => {
    for (const file of ['github/acme/api/pull-requests.ndjson', 'cloudtrail/1111/2026-05.ndjson']) {
      expect(recordFileOf(evidencePagePath(file, 0))).toBe(file);
      expect(recordFileOf(`${evidencePagePath(file, 11)}#github-acme-api-7`)).toBe(file);
    }
    expect(recordFileOf('controls/ops-01/')).toBeNull();
    expect(recordFileOf('evidence/records/sarif/runs.ndjson.gz')).toBeNull();
  });
});
