/**
 * A small seeded pseudo-random generator (mulberry32 over a 32-bit FNV-1a hash of the seed
 * text). The same seed gives the same sequence in Node and in the browser, which is what makes
 * a drawn audit sample re-drawable by anyone.
 */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, n) from a generator. */
export function randomInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}
