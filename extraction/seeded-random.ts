/**
 * mulberry32: a small, fast seeded generator, uniform in [0, 1). The same seed draws the same numbers,
 * so a sparkle layout, a rater's order or a bootstrap interval can be recomputed to the digit.
 * (The fixture renderer keeps its own copy: fixtures share no code with what they test.)
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
