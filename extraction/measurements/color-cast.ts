import { chroma } from '../color-space.ts';
import type { BackgroundMeasure, ColorCastMeasure } from '../types.ts';

/**
 * White balance, read off the backdrop: a neutral white backdrop has a* = b* = 0, a warm studio
 * light pushes b* up, blue daylight pushes it down.
 */
export function measureColorCast(background: BackgroundMeasure): ColorCastMeasure {
  const { a, b } = background.meanLab;
  return { a, b, chroma: chroma(a, b) };
}
