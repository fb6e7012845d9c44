import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { later } from '../../src/check/later.ts';

describe('Later', () => {
  it('keeps a failure nobody awaits yet, and throws it to whoever awaits it later', async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      const failure = new Error('the worker stopped');
      const work = later(Promise.reject(failure));
      await tick();
      await tick();
      expect(unhandled).toEqual([]);
      expect(work.now()).toBeUndefined();
      await expect(work.get()).rejects.toBe(failure);
      await expect(work.get()).rejects.toBe(failure);
    } finally {
      process.off('unhandledRejection', note);
    }
  });

  it('knows a value once it is here, and a plain value at once', async () => {
    let resolve!: (n: number) => void;
    const work = later(new Promise<number>((r) => (resolve = r)));
    expect(work.now()).toBeUndefined();
    resolve(7);
    expect(await work.get()).toBe(7);
    expect(work.now()).toBe(7);
    expect(later('here').now()).toBe('here');
  });
});
