import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { holdsLock, lockStore, readHolder, StoreLockedError } from '../../src/evidence/lock.ts';
import { tempDir } from '../helpers/cli.ts';

const LOCK = resolve(import.meta.dirname, '../../src/evidence/lock.ts');
let children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
  children = [];
});

/** Another process that takes the store's lock and holds it until killed. */
async function holder(dir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { lockStore } = await import(${JSON.stringify(LOCK)});
       await lockStore(${JSON.stringify(dir)}, { command: 'collect' });
       console.log('held');
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  await new Promise<void>((ok) => child.stdout?.once('data', () => ok()));
  return child;
}

describe('the evidence store lock', () => {
  it('refuses a second writer after its wait, naming the holder', async () => {
    const dir = await tempDir();
    const child = await holder(dir);
    const started = Date.now();
    const waited: unknown[] = [];
    const err = await lockStore(dir, {
      command: 'issues --apply',
      waitMs: 600,
      onWait: (h) => waited.push(h),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreLockedError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect((err as Error).message).toContain(
      `is locked by another writer (pid ${child.pid} on ${hostname()}, \`docket collect\`, since `,
    );
    expect(waited).toEqual([expect.objectContaining({ pid: child.pid, command: 'collect' })]);
    expect(holdsLock(dir)).toBe(false);
  });

  it('names a holder caught between taking the lock and writing who it is', async () => {
    const dir = await tempDir();
    // The lock folder exists, and its holder (a live process of this host) says so 300 ms later.
    await mkdir(join(dir, '.lock'));
    const since = new Date().toISOString();
    const who = { pid: process.ppid, host: hostname(), command: 'collect', since };
    setTimeout(() => void writeFile(join(dir, '.lock', 'holder.json'), JSON.stringify(who)), 300);
    const err = await lockStore(dir, { command: 'collect', waitMs: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreLockedError);
    expect((err as Error).message).toContain(`(pid ${process.ppid} on ${hostname()}, `);
  });

  it('takes over at once a lock whose holder was killed on this host', async () => {
    const dir = await tempDir();
    const child = await holder(dir);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect((await readHolder(dir))?.pid).toBe(child.pid);
    const started = Date.now();
    const release = await lockStore(dir, { command: 'collect', waitMs: 5000 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await readHolder(dir))?.pid).toBe(process.pid);
    await release();
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('is re-entrant in one process, and released by the last release', async () => {
    const dir = await tempDir();
    const outer = await lockStore(dir, { command: 'collect', waitMs: 0 });
    const inner = await lockStore(dir, { command: 'commit', waitMs: 0 });
    await inner();
    expect(holdsLock(dir)).toBe(true);
    await outer();
    expect(holdsLock(dir)).toBe(false);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });
});
