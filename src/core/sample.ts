import { randomInt, seededRandom } from './random.ts';
import type { Frequency } from './schemas/common.ts';

/**
 * Default sample sizes for tests of controls, by how often the control operates, as in common
 * audit sampling guidance (e.g. the AICPA Audit Guide: Audit Sampling, and the tables firms
 * derive from it for SOC 2 Type II fieldwork). Never more than the population.
 */
export const SAMPLE_SIZES: Record<Frequency, number> = {
  annual: 1,
  quarterly: 2,
  monthly: 2,
  weekly: 5,
  daily: 20,
  'many-times-a-day': 25,
};

/** The frequency a population's size suggests, for controls that do not state one. */
export function frequencyFor(populationSize: number): Frequency {
  if (populationSize <= 1) return 'annual';
  if (populationSize <= 4) return 'quarterly';
  if (populationSize <= 12) return 'monthly';
  if (populationSize <= 52) return 'weekly';
  if (populationSize <= 365) return 'daily';
  return 'many-times-a-day';
}

export function defaultSampleSize(
  frequency: Frequency | undefined,
  populationSize: number,
): number {
  return Math.min(populationSize, SAMPLE_SIZES[frequency ?? frequencyFor(populationSize)]);
}

export const SAMPLE_METHOD =
  'Simple random selection without replacement: a Fisher–Yates shuffle of the population ' +
  '(in the order listed: by time, then subject) driven by mulberry32 seeded with the ' +
  '32-bit FNV-1a hash of the seed text; the first N positions are the sample.';

/**
 * The positions (0-based, into the population in its listed order) drawn for a seed. The same
 * seed, size and population give the same positions in Node and in the browser.
 */
export function drawSample(populationSize: number, size: number, seed: string): number[] {
  const n = Math.max(0, Math.min(size, populationSize));
  const random = seededRandom(seed);
  const positions = Array.from({ length: populationSize }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + randomInt(random, populationSize - i);
    [positions[i], positions[j]] = [positions[j] as number, positions[i] as number];
  }
  return positions.slice(0, n);
}
