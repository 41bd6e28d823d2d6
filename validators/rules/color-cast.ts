import type { ColorCastMeasure } from '../../extraction/types.ts';
import { makeFinding, round } from '../finding.ts';
import { DARK_BACKDROP_L } from './exposure.ts';
import { colorCastInWords, type ColorCastLimits } from '../standards.ts';
import type { Finding } from '../types.ts';

export interface ColorCastInput {
  colorCast: ColorCastMeasure;
  /** The backdrop's L* (exposure measure), so a dark backdrop is not called "the white backdrop". */
  backdropL?: number;
  limits: ColorCastLimits;
}

/** Names the cast by its dominant axis in CIELAB: b* is yellow–blue, a* is magenta–green. */
export function castDirection(a: number, b: number): string {
  if (Math.abs(b) >= Math.abs(a)) return b >= 0 ? 'warm (yellow-orange, like tungsten studio light)' : 'cool (blue, like daylight in shade)';
  return a >= 0 ? 'magenta' : 'green (like fluorescent light)';
}

export function checkColorCast({ colorCast, backdropL, limits }: ColorCastInput): Finding {
  const backdrop = backdropL !== undefined && backdropL < DARK_BACKDROP_L ? 'dark backdrop' : 'white backdrop';
  const { a, b, chroma } = colorCast;
  const status = chroma > limits.failAboveChroma ? 'fail' : chroma > limits.warnAboveChroma ? 'warn' : 'pass';
  const values = `a* ${round(a)}, b* ${round(b)}, chroma ${round(chroma)}`;
  const message =
    status === 'pass'
      ? `The ${backdrop} is neutral (${values}).`
      : `The ${backdrop} has a ${status === 'fail' ? 'strong' : 'slight'} ${castDirection(a, b)} cast (${values}).`;
  return makeFinding('color_cast', status, {
    measured: round(chroma),
    unit: 'chroma',
    threshold: colorCastInWords(limits),
    message,
    fix:
      backdrop === 'dark backdrop'
        ? 'Shoot on a white backdrop, then set a custom white balance on it (or on a grey card) under your light, with daylight-balanced (5000–6500 K) lights only.'
        : 'Set a custom white balance on the white backdrop (or a grey card) under your light, and use daylight-balanced (5000–6500 K) lights only.',
  });
}
