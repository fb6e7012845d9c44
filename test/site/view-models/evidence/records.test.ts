import { describe, expect, it } from 'vitest';
import {
  type EvidencePage,
  linkFrom,
  recordLegend,
  recordPageIndexed,
  recordViews,
} from '../../../../src/site/view-models/evidence/records.ts';
import {
  type RecordContext,
  recordsWithGaps,
} from '../../../../src/site/view-models/evidence/summaries.ts';
import type { Gap } from '../../../../src/core/schemas/gaps.ts';
import { pr } from '../../../rules/github-fixtures.ts';

const NONE: RecordContext = { break_glass: {}, deployed_prs: {}, deploy_windows: {} };

function prPage(records: EvidencePage['records']): EvidencePage {
  return {
    file: 'github/acme/api/pull-requests.ndjson',
    page: 0,
    pages: 1,
    path: 'evidence/records/github/acme/api/pull-requests/1/',
    collector: 'github',
    collected_at: null,
    file_sha256: 'f'.repeat(64),
    root: 'r'.repeat(64),
    records,
  };
}

/** The view of a page holding one pull request, github:acme/api#1. */
function viewOf(record: ReturnType<typeof pr>) {
  const page = prPage([
    {
      anchor: 'github-acme-api-1',
      subject: 'github:acme/api#1',
      source: record.url,
      sha256: 'a'.repeat(64),
      record,
    },
  ]);
  return recordViews(page, NONE, new Map())[0];
}

describe('evidence record page views', () => {
  it('name each record once, by its subject without the source prefix, linked to its source', () => {
    const record = pr();
    const view = viewOf(record);
    expect(view).toMatchObject({
      anchor: 'github-acme-api-1',
      name: 'acme/api#1',
      source: 'https://github.com/acme/api/pull/1',
      source_text: null,
      sha256: 'a'.repeat(64),
    });
    expect(view?.summary?.headline).toBe(record.title);
  });

  it('keep a source that is not a web address as text, never as a link', () => {
    const record = pr({ url: "javascript:alert('x')" });
    const view = viewOf(record);
    expect(view?.source).toBeNull();
    expect(view?.source_text).toBe("javascript:alert('x')");
  });

  it('list the records with gaps first, by name and rule', () => {
    const gap = { id: 'g1', rule: 'pr-missing-approval', title: 't' } as Gap;
    const records = recordViews(
      prPage([
        { anchor: 'a1', subject: 'github:acme/api#1', source: null, sha256: '', record: pr() },
        {
          anchor: 'a2',
          subject: 'github:acme/api#2',
          source: null,
          sha256: '',
          record: pr({ number: 2 }),
        },
      ]),
      NONE,
      new Map([['github:acme/api#2', [gap]]]),
    );
    expect(recordsWithGaps(records)).toEqual([
      { id: 'a2', label: 'acme/api#2', note: '(pr-missing-approval)' },
    ]);
  });

  it('link to another record relatively when that is shorter, under any base path', () => {
    const from = 'evidence/records/github/acme/api/deployments/1/';
    const to = 'evidence/records/github/acme/api/pull-requests/2/#github-acme-api-7';
    expect(linkFrom(from, to, `/${to}`)).toBe('../../pull-requests/2/#github-acme-api-7');
    expect(linkFrom(from, to, `/compliance/${to}`)).toBe(
      '../../pull-requests/2/#github-acme-api-7',
    );
    // A gap's row is far away: the absolute path is shorter.
    expect(linkFrom(from, 'gaps/rule/x/#gap-1', '/gaps/rule/x/#gap-1')).toBe('/gaps/rule/x/#gap-1');
  });

  it('index pull request pages but not CloudTrail pages, and say once how to read a page', () => {
    expect(recordPageIndexed({ file: 'github/acme/api/pull-requests.ndjson' })).toBe(true);
    expect(recordPageIndexed({ file: 'cloudtrail/111111111111/2026-06.ndjson' })).toBe(false);
    expect(recordLegend({ file: 'cloudtrail/111111111111/2026-06.ndjson' })).toContain(
      'an event from an AWS console session or in a break-glass session says so',
    );
    expect(recordLegend({ file: 'github/acme/api/pull-requests.ndjson' })).toContain(
      "the checks are the merged head commit's",
    );
    expect(recordLegend({ file: 'sarif/runs.ndjson' })).toMatch(
      /^its name is the scanned commit, and its source the SARIF file it names; /,
    );
  });
});
