// The seeded PRNG behind the generated differential scenarios and lint files: same seed, same
// sequence on every machine, so a failing generated case replays by its name.

/** mulberry32: a tiny 32-bit PRNG, good enough to compose test worlds and fully reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
