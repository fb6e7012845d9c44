// A busy month collected in bounded memory (issue 14): the merge sorted on disk in small runs,
// the files read on a thread of their own and the month merged on another give the store, the
// counts and the messages of a collection held in memory on one thread.
import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  collectCloudtrail,
  type CloudtrailCollectOptions,
} from '../../../collectors/cloudtrail/collect.ts';
import { DocketConfig } from '../../../src/core/schemas/config.ts';
import { readHolder, withStoreLock } from '../../../src/evidence/lock.ts';
import { verifyStore } from '../../../src/evidence/verify.ts';
import { CI_ROLE, hourlyCiDeploys, PROD, writeTrail } from '../../../testkit/cloudtrail.ts';
import { tempDir } from '../../helpers/cli.ts';

const config = DocketConfig.parse({
  period: { start: '2026-01-01', end: '2026-12-31' },
  aws: {
    cloudtrail_dir: 'trail',
    accounts: { [PROD]: { name: 'prod', environment: 'production' } },
    ci_principals: [CI_ROLE],
  },
});

const noApiClient = () => {
  throw new Error('files mode made a CloudTrail API client');
};

function options(root: string, extra: Partial<CloudtrailCollectOptions> = {}) {
  return {
    config,
    root,
    storeDir: join(root, 'evidence'),
    period: config.period!,
    now: () => new Date('2026-11-22T12:00:00Z'),
    log: () => {},
    ...extra,
  } satisfies CloudtrailCollectOptions;
}

async function storeFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir, { recursive: true })).sort())
    if (f.endsWith('.ndjson') || f === 'manifest.json')
      out[f] = await readFile(join(dir, f), 'utf8');
  return out;
}

/**
 * Sixty days of hourly deploys (1,440 events in 60 daily files) over three months; one day
 * delivered twice; and one event id reused by a different record at another time of its month,
 * whose clash must be named.
 */
async function busyTrail(root: string): Promise<void> {
  const deploys = hourlyCiDeploys(1440, '2026-07-17T00:00:00Z', (i) => `deploy-${i}`);
  await writeTrail(join(root, 'trail'), deploys, { perDay: true });
  const dir = join(root, `trail/AWSLogs/${PROD}/CloudTrail/eu-central-1/2026/08/20`);
  const again = deploys.filter((r) => (r.eventTime as string).startsWith('2026-08-19'));
  // deploy-400 is 2026-08-02T16:00, record 17 of its day's file.
  const clash = { ...deploys[400], eventTime: '2026-08-20T12:30:00Z', eventName: 'DeleteService' };
  await writeFile(
    join(dir, `${PROD}_CloudTrail_eu-central-1_20260820T2359Z_redelivered.json.gz`),
    gzipSync(JSON.stringify({ Records: [...again, clash] })),
  );
}

describe('a busy month, sorted on disk and read on a second thread', () => {
  it('gives the store, counts and messages of a collection held in memory', async () => {
    const a = await tempDir();
    await busyTrail(a);
    const b = await tempDir();
    await cp(join(a, 'trail'), join(b, 'trail'), { recursive: true });

    const inMemory = await collectCloudtrail(noApiClient, options(a, { thread: false }));
    // A budget of about 30 events: runs of 30 lines, merged.
    const onDisk = await collectCloudtrail(
      noApiClient,
      options(b, { thread: true, spillChars: 20_000 }),
    );
    expect(await storeFiles(join(b, 'evidence'))).toEqual(await storeFiles(join(a, 'evidence')));
    expect(onDisk).toEqual(inMemory);
    expect((await verifyStore(join(b, 'evidence'))).ok).toBe(true);
    // Nothing is left behind: no run files, no scratch folder.
    expect((await readdir(join(b, 'evidence'))).sort()).toEqual(['cloudtrail', 'manifest.json']);

    // Every record accounted for: the redelivered hour collapses into the events already kept,
    // the reused id is named and not kept.
    const n = onDisk.records;
    expect(n.read).toBe(1440 + 24 + 1);
    expect(n.read).toBe(n.kept + n.readOnly + n.outsidePeriod + n.reported);
    expect(n.reported).toBe(1);
    expect(onDisk.added).toBe(1440);
    expect(onDisk.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^record 25 \(deploy-400\) has the eventID of .*\/08\/02\/.* record 17, but is a different record/,
      ),
    ]);

    // A second run over the same files changes nothing.
    const before = await storeFiles(join(b, 'evidence'));
    const rerun = await collectCloudtrail(
      noApiClient,
      options(b, { thread: true, spillChars: 20_000, full: true }),
    );
    expect(rerun.added).toBe(0);
    expect(await storeFiles(join(b, 'evidence'))).toEqual(before);
  });

  it("commits from the merge thread under the lock its caller holds, which stays the caller's", async () => {
    const a = await tempDir();
    await busyTrail(a);
    const b = await tempDir();
    await cp(join(a, 'trail'), join(b, 'trail'), { recursive: true });
    const inMemory = await collectCloudtrail(noApiClient, options(a, { thread: false }));
    const storeDir = join(b, 'evidence');
    // As `docket collect` does: the lock taken first, the collection under it (a merge thread that
    // took the lock itself would wait for this one, and fail after 30 s).
    const locked = await withStoreLock(storeDir, { command: 'collect' }, async () => {
      const summary = await collectCloudtrail(noApiClient, options(b, { thread: true }));
      // Still held, by this process, as it was taken: the merge thread did not release it.
      expect(await readHolder(storeDir)).toMatchObject({ pid: process.pid, command: 'collect' });
      return summary;
    });
    expect(locked).toEqual(inMemory);
    expect(await storeFiles(storeDir)).toEqual(await storeFiles(join(a, 'evidence')));
    expect(await readHolder(storeDir)).toBeNull();
  }, 60_000);
});
