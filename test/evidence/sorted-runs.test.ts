import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareKeys,
  removeStaleScratch,
  SCRATCH_DIR,
  SortScratch,
} from '../../src/evidence/sorted-runs.ts';
import { seededRandom } from '../../src/core/random.ts';
import { tempDir } from '../helpers/cli.ts';

/** Keyed lines in a seeded random order, many keys repeated, some lines not ASCII. */
function entries(n: number) {
  const random = seededRandom('runs');
  return Array.from({ length: n }, (_, i) => {
    const time = `2026-08-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const id = `id-${Math.floor(random() * (n / 3))}`;
    return { key: [time, id], line: `{"n":${i},"note":"é ${'x'.repeat(i % 50)}"}` };
  });
}

async function sortAll(
  dir: string,
  list: ReturnType<typeof entries>,
  maxChars?: number,
  fanIn?: number,
) {
  const scratch = new SortScratch(dir, { maxChars, ...(fanIn ? { fanIn } : {}) });
  const sorter = scratch.sorter();
  for (const e of list) await sorter.add(e.key, e.line);
  const out = [];
  for await (const e of sorter.sorted()) out.push(e);
  await scratch.dispose();
  written.push(scratch.runsWritten);
  return out;
}
/** How many run files each sortAll wrote, in order. */
const written: number[] = [];

describe('sorted runs', () => {
  it('spilled to disk past the budget, gives what an in-memory stable sort gives', async () => {
    const dir = await tempDir();
    const list = entries(5000);
    const inMemory = [...list].sort((a, b) => compareKeys(a.key, b.key));
    // A budget of a few hundred lines: about 40 run files, merged.
    const spilled = await sortAll(dir, list, 16_000);
    expect(spilled).toEqual(inMemory);
    expect(await sortAll(dir, list)).toEqual(inMemory);
    // Hundreds of runs: merged 64 at a time first, then together, in the same order.
    expect(await sortAll(dir, list, 2_000)).toEqual(inMemory);
    // Merged 3 runs at a time: several passes (30 runs, then 10, 4 and 2 longer ones), the same
    // order.
    expect(await sortAll(dir, list, 16_000, 3)).toEqual(inMemory);
    const [once, , , passes] = written as [number, number, number, number];
    expect(once).toBeGreaterThan(20);
    // More longer runs written than one pass over them makes: a second pass, and more.
    expect(passes - once).toBeGreaterThan(Math.ceil(once / 3));
    // Equal keys keep the order they were added in.
    const sameKey = spilled.filter((e) => compareKeys(e.key, spilled[0]?.key ?? []) === 0);
    const ns = sameKey.map((e) => Number(/"n":(\d+)/.exec(e.line)?.[1]));
    expect(ns).toEqual([...ns].sort((a, b) => a - b));
    // The run files are gone, and the scratch folder with them.
    expect(existsSync(join(dir, SCRATCH_DIR))).toBe(false);
  });

  it("removes the scratch folders of processes that are gone, not a running one's", async () => {
    const dir = await tempDir();
    const root = join(dir, SCRATCH_DIR);
    // A pid that is not running (beyond the kernel's pid_max), and this process.
    await mkdir(join(root, '99999999-dead'), { recursive: true });
    await mkdir(join(root, `${process.pid}-live`), { recursive: true });
    await removeStaleScratch(dir);
    expect(await readdir(root)).toEqual([`${process.pid}-live`]);
  });
});
