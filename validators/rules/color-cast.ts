import type { ColorCastMeasure } from '../../extraction/types.ts';
import { makeFinding, ref, round } from '../finding.ts';
import { DARK_BACKDROP_L } from './exposure.ts';
import { colorCastInWords, type ColorCastLimits } from '../standards.ts';
import { colorCastThresholdText } from '../threshold-text.ts';
import type { Finding, TextRef } from '../types.ts';

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

/** The same direction as a message key. */
export function castDirectionText(a: number, b: number): TextRef {
  if (Math.abs(b) >= Math.abs(a)) return ref(b >= 0 ? 'color_cast.direction.warm' : 'color_cast.direction.cool');
  return ref(a >= 0 ? 'color_cast.direction.magenta' : 'color_cast.direction.green');
}

export function checkColorCast({ colorCast, backdropL, limits }: ColorCastInput): Finding {
  const backdrop = backdropL !== undefined && backdropL < DARK_BACKDROP_L ? 'dark backdrop' : 'white backdrop';
  const { a, b, chroma } = colorCast;
  const status = chroma > limits.failAboveChroma ? 'fail' : chroma > limits.warnAboveChroma ? 'warn' : 'pass';
  const shown = `a* ${round(a)}, b* ${round(b)}, chroma ${round(chroma)}`;
  const message =
    status === 'pass'
      ? `The ${backdrop} is neutral (${shown}).`
      : `The ${backdrop} has a ${status === 'fail' ? 'strong' : 'slight'} ${castDirection(a, b)} cast (${shown}).`;
  const dark = backdrop === 'dark backdrop';
  const values = { backdrop: dark ? 'dark' : 'white', a: round(a), b: round(b), chroma: round(chroma) };
  return makeFinding('color_cast', status, {
    measured: round(chroma),
    unit: 'chroma',
    threshold: colorCastInWords(limits),
    message,
    fix:
      backdrop === 'dark backdrop'
        ? 'Shoot on a white backdrop, then set a custom white balance on it (or on a grey card) under your light, with daylight-balanced (5000–6500 K) lights only.'
        : 'Set a custom white balance on the white backdrop (or a grey card) under your light, and use daylight-balanced (5000–6500 K) lights only.',
    text: {
      message: [
        status === 'pass'
          ? ref('color_cast.pass', values)
          : ref('color_cast.cast', { ...values, strength: status === 'fail' ? 'strong' : 'slight', direction: castDirectionText(a, b) }),
      ],
      fix: [ref(dark ? 'color_cast.fixDark' : 'color_cast.fix')],
      threshold: colorCastThresholdText(limits),
    },
  });
}
