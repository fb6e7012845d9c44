import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Manifest } from '../../src/core/schemas/manifest.ts';
import {
  CATALOG,
  catalogEntryOf,
  STORE_SOURCES,
  type StoreFile,
  storePath,
  uncataloguedPaths,
} from '../../src/evidence/catalog.ts';

const EXAMPLE_STORE = join(import.meta.dirname, '../../evidence');

/** Every catalog entry whose pattern matches a path (a path must match exactly one). */
function entriesMatching(path: string): string[] {
  return STORE_SOURCES.flatMap((source) =>
    Object.entries(CATALOG[source] as Record<string, StoreFile>)
      .filter(([, entry]) => entry.pattern.test(path))
      .map(([file]) => `${source}.${file}`),
  );
}

describe('the store catalog', () => {
  it('lays out every file of the example store with exactly one entry', async () => {
    const manifest = Manifest.parse(
      JSON.parse(await readFile(join(EXAMPLE_STORE, 'manifest.json'), 'utf8')),
    );
    const paths = Object.keys(manifest.files);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect([path, entriesMatching(path).length]).toEqual([path, 1]);
    expect(uncataloguedPaths(paths)).toEqual([]);
  });

  it('reads the parts of a path back, and writes the same path from them', () => {
    expect(catalogEntryOf('cloudtrail/111111111111/2026-06.ndjson')).toEqual({
      source: 'cloudtrail',
      file: 'events',
      key: { account: '111111111111', month: '2026-06' },
    });
    expect(catalogEntryOf('github/acme/api/deployments.ndjson')).toEqual({
      source: 'github',
      file: 'deployments',
      key: { repo: 'acme/api' },
    });
    expect(storePath('github', 'pullRequests', { repo: 'acme/api' })).toBe(
      'github/acme/api/pull-requests.ndjson',
    );
    expect(storePath('cloudtrail', 'events', { account: '111111111111', month: '2026-06' })).toBe(
      'cloudtrail/111111111111/2026-06.ndjson',
    );
    expect(storePath('sarif', 'runs', {})).toBe('sarif/runs.ndjson');
    expect(storePath('issues', 'accepted', {})).toBe('issues/accepted.ndjson');
  });

  it('reports a path that no entry lays out', () => {
    const unknown = [
      'github/acme/api/issues.ndjson',
      'github/acme/pull-requests.ndjson',
      'cloudtrail/1111/2026-06.ndjson',
      'sarif/runs.ndjson.bak',
      'notes/readme.ndjson',
    ];
    for (const path of unknown) expect(catalogEntryOf(path)).toBeNull();
    expect(uncataloguedPaths(['sarif/runs.ndjson', ...unknown])).toEqual(unknown);
  });
});
