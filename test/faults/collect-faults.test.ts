import { spawn } from 'node:child_process';
import type * as FsPromises from 'node:fs/promises';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubClientFromEnv } from '../../collectors/github/client.ts';
import { collectGithub } from '../../collectors/github/collect.ts';
import { toNdjson } from '../../src/evidence/ndjson.ts';
import { commitStore, openStore } from '../../src/evidence/store.ts';
import { verifyStore } from '../../src/evidence/verify.ts';
import { randomInt, seededRandom } from '../../src/core/random.ts';
import { DocketConfig } from '../../src/core/schemas/config.ts';
import { CI_ROLE, hourlyCiDeploys, PROD, writeTrail } from '../../testkit/cloudtrail.ts';
import { tempDir } from '../helpers/cli.ts';
import {
  FakeGithubData,
  startFakeGithub,
  type FakeGithub,
  type FaultKind,
} from '../../testkit/fake-github/index.ts';
import { generateDeployments, generatePullRequests } from '../../testkit/fake-github/generate.ts';
import { REPO } from '../helpers/site.ts';

const TOKEN = 'ghp_faultsfaultsfaultsfaultsfaults000001';
const EPOCH = '1795694400'; // 2026-11-22T12:00:00Z
let gh: FakeGithub;

beforeAll(async () => {
  const data = new FakeGithubData();
  for (const repo of ['acme/api', 'acme/web', 'acme/infra']) {
    const prs = generatePullRequests(repo, { seed: 'faults', count: 180 });
    data.addRepo(repo, {
      pullRequests: prs,
      deployments: generateDeployments(repo, prs, { seed: 'faults' }),
    });
  }
  gh = await startFakeGithub(data, { token: TOKEN });
});
afterAll(() => gh?.close());

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile())
      out[
        join(e.parentPath, e.name)
          .slice(dir.length + 1)
          .split(sep)
          .join('/')
      ] = await readFile(join(e.parentPath, e.name), 'utf8');
  return out;
}

/** An organisation collecting from the fake GitHub and from a trail of 60 days of CloudTrail files. */
async function org(): Promise<string> {
  const dir = await tempDir();
  await writeFile(
    join(dir, 'docket.config.yaml'),
    `period: { start: 2026-01-01, end: 2026-12-31 }\ngithub: { repos: ["acme/*"] }\naws: { cloudtrail_dir: trail, accounts: { "${PROD}": { name: prod, environment: production } }, ci_principals: ["${CI_ROLE}"] }\n`,
  );
  const records = hourlyCiDeploys(60 * 24, '2026-03-01T00:00:00Z');
  await writeTrail(join(dir, 'trail'), records);
  return dir;
}

/** Runs `docket collect` as its own process; `kill` decides when to SIGKILL it. */
function collectProcess(
  dir: string,
  kill?: (child: ReturnType<typeof spawn>) => void,
): Promise<number | null> {
  const child = spawn(process.execPath, [join(REPO, 'bin/docket.js'), 'collect'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      GITHUB_TOKEN: TOKEN,
      GITHUB_GRAPHQL_URL: gh.url,
      SOURCE_DATE_EPOCH: EPOCH,
    },
    stdio: 'ignore',
  });
  kill?.(child);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

let clean: Record<string, string>;

describe('collection under faults', () => {
  beforeAll(async () => {
    const dir = await org();
    expect(await collectProcess(dir)).toBe(0);
    clean = await snapshot(join(dir, 'evidence'));
    expect(Object.keys(clean).sort()).toEqual([
      'cloudtrail/111111111111/2026-03.ndjson',
      'cloudtrail/111111111111/2026-04.ndjson',
      'github/acme/api/deployments.ndjson',
      'github/acme/api/pull-requests.ndjson',
      'github/acme/infra/deployments.ndjson',
      'github/acme/infra/pull-requests.ndjson',
      'github/acme/web/deployments.ndjson',
      'github/acme/web/pull-requests.ndjson',
      'manifest.json',
    ]);
  }, 120_000);

  it.each([1, 2, 3, 4, 5])(
    'seed %i: 502s, rate limits, resets and truncated answers at random points leave the same store',
    async (seed) => {
      const random = seededRandom(`faults-${seed}`);
      const kinds: FaultKind[] = [
        '502',
        'secondary-rate-limit',
        'secondary-rate-limit-no-retry-after',
        'too-many-requests',
        'primary-rate-limit',
        'reset',
        'truncated',
      ];
      // Every kind once, in a seeded order at seeded points (never two clean requests in a row
      // until all have fired: a run has 10 requests and more), then more at random; never more
      // than two faults in a row, so no request runs out of attempts.
      const unfired = [...kinds];
      for (let i = unfired.length - 1; i > 0; i--) {
        const j = randomInt(random, i + 1);
        [unfired[i], unfired[j]] = [unfired[j] as FaultKind, unfired[i] as FaultKind];
      }
      let inARow = 0;
      let cleanInARow = 0;
      gh.faultPlan = () => {
        const due = unfired.length > 0 && cleanInARow >= 1;
        const fault =
          due || (inARow < 2 && random() < (unfired.length ? 0.5 : 0.2))
            ? (unfired.shift() ?? (kinds[randomInt(random, kinds.length)] as FaultKind))
            : null;
        inARow = fault ? inARow + 1 : 0;
        cleanInARow = fault ? 0 : cleanInARow + 1;
        return fault;
      };
      const first = gh.log.length;
      const dir = await tempDir();
      try {
        const config = DocketConfig.parse({
          period: { start: '2026-01-01', end: '2026-12-31' },
          github: { repos: ['acme/*'] },
        });
        const client = githubClientFromEnv(
          { GITHUB_TOKEN: TOKEN, GITHUB_GRAPHQL_URL: gh.url },
          config.github,
          { log: () => {}, sleep: async () => {} },
        );
        await collectGithub(client, {
          config,
          storeDir: join(dir, 'evidence'),
          period: { start: '2026-01-01', end: '2026-12-31' },
          now: () => new Date(Number(EPOCH) * 1000),
          log: () => {},
        });
      } finally {
        gh.faultPlan = null;
      }
      // The faults did happen: a broken fault plan must not pass as a clean run.
      expect(
        new Set(
          gh.log
            .slice(first)
            .map((r) => r.fault)
            .filter((f) => f !== null),
        ),
      ).toEqual(new Set(kinds));
      const got = await snapshot(join(dir, 'evidence'));
      for (const [path, text] of Object.entries(got))
        if (path.startsWith('github/')) expect(text, path).toBe(clean[path]);
      expect(
        Object.keys(got)
          .filter((p) => p.startsWith('github/'))
          .sort(),
      ).toEqual(
        Object.keys(clean)
          .filter((p) => p.startsWith('github/'))
          .sort(),
      );
    },
  );

  it('a collector killed with SIGKILL at random points, then rerun, leaves a store byte-identical to a clean run', async () => {
    const random = seededRandom('sigkill');
    const outcomes: string[] = [];
    for (let round = 0; round < 8; round++) {
      const dir = await org();
      // Half the kills come at a chosen request to the fake GitHub, half after a random delay (often mid-commit).
      const atRequest = round % 2 === 0 ? 1 + randomInt(random, 12) : null;
      const afterMs = 150 + randomInt(random, 1200);
      const start = gh.log.length;
      const code = await collectProcess(dir, (child) => {
        if (atRequest !== null) {
          gh.faultPlan = (n) => {
            if (n - start === atRequest) child.kill('SIGKILL');
            return n - start === atRequest ? 'slow' : null;
          };
        } else setTimeout(() => child.kill('SIGKILL'), afterMs);
      });
      gh.faultPlan = null;
      outcomes.push(code === null ? 'killed' : `exited ${code}`);
      expect(await collectProcess(dir)).toBe(0);
      expect(await snapshot(join(dir, 'evidence')), `round ${round}`).toEqual(clean);
      expect((await verifyStore(join(dir, 'evidence'))).ok).toBe(true);
    }
    expect(outcomes.filter((o) => o === 'killed').length).toBeGreaterThanOrEqual(4);
  }, 240_000);

  it('a full disk leaves the old store intact and verified', async () => {
    const dir = await tempDir();
    const store = join(dir, 'evidence');
    await commitStore(store, null, {
      files: new Map([['x/a.ndjson', toNdjson([{ id: 1 }])]]),
      sources: { x: { collected_at: '2026-11-22T00:00:00.000Z', cursors: {} } },
    });
    const before = await snapshot(store);
    // A file system that runs out of space after 64 KiB of new data.
    const fsp = createRequire(import.meta.url)('node:fs/promises') as typeof FsPromises;
    const realOpen = fsp.open;
    let written = 0;
    fsp.open = (async (...args: Parameters<typeof realOpen>) => {
      const handle = await realOpen(...args);
      const realWrite = handle.writeFile.bind(handle);
      handle.writeFile = (async (data: string | Uint8Array) => {
        written += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
        if (written > 64 * 1024)
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC',
          });
        return realWrite(data);
      }) as typeof handle.writeFile;
      return handle;
    }) as typeof realOpen;
    syncBuiltinESMExports();
    try {
      const big = toNdjson(
        Array.from({ length: 5000 }, (_, i) => ({ id: i, text: 'x'.repeat(50) })),
      );
      await expect(
        commitStore(store, await openStore(store), {
          files: new Map([
            ['x/a.ndjson', big],
            ['x/b.ndjson', big],
          ]),
          sources: {},
        }),
      ).rejects.toThrow(/ENOSPC/);
    } finally {
      fsp.open = realOpen;
      syncBuiltinESMExports();
    }
    expect(await snapshot(store)).toEqual(before);
    expect((await verifyStore(store)).ok).toBe(true);
  });
});
