import type { LipRegion, Point } from './types.ts';

/**
 * A lip region in the pixels of a copy scaled by `scale` (pixel centres at integer coordinates in
 * both: the centre of copy pixel i covers original pixels i/scale … (i+1)/scale).
 */
export function scaleRegion(lips: LipRegion, scale: number): LipRegion {
  if (scale === 1) return lips;
  const map = (points: Point[]): Point[] => points.map(([x, y]) => [(x + 0.5) * scale - 0.5, (y + 0.5) * scale - 0.5]);
  return lips.inner && lips.inner.length > 0 ? { outer: map(lips.outer), inner: map(lips.inner) } : { outer: map(lips.outer) };
}
