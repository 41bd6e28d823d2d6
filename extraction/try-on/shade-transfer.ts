import { labToXyz, pixelLab, xyzToLinearRgb } from '../color-space.ts';
import type { Lab } from '../types.ts';
import type { LipBox } from './lip-mask.ts';

/**
 * The shade laid on the lips, keeping the lips' own light.
 *
 * The lips in the photo are their own colour times the light that falls on each point (shading,
 * creases, the seam). Under the same light a lip product of albedo S shows S times that light. In
 * CIELAB a change of light by a factor m in linear light scales L* + 16, a* and b* alike by m^(1/3)
 * (above the dark linear segment), so the light at a pixel relative to the lips' mean is read off
 * its lightness alone: r = (L + 16) / (L̄ + 16), and the shade under it is ((L_S + 16)·r − 16,
 * a_S·r, b_S·r). Hue is the shade's, chroma follows the light as it would on a real surface, and
 * the lightness texture is a linear function of the original (correlation 1 before clamping).
 * The mean of r over the lips is 1, so the lips' mean colour is the shade's.
 */

/** How strongly the lips' own light variation is kept: 1 = as photographed. */
const TEXTURE_GAIN = 1;
/**
 * Limits of the relative light r: deeper creases and brighter glints than this are not carried over
 * (a glint on bare lips would turn into a white blotch of the shade; noise in very dark lips would be
 * amplified on a light shade).
 */
const LIGHT_MIN = 0.5;
const LIGHT_MAX = 1.45;

export interface LipLight {
  /** CIELAB L* of every pixel of the box where alpha > 0 (0 elsewhere). */
  lightness: Float32Array;
  /** Mean L* of the lips (their fully covered interior). */
  meanL: number;
  /** Relative light r per pixel (1 = the lips' mean), clamped. */
  relative: Float32Array;
}

/**
 * The lips' lightness and the light each pixel receives relative to their mean. `alpha` covers the
 * lips' box (box.width × box.height) of the image `rgb` (imageWidth wide).
 */
export function lipLight(rgb: Uint8Array, imageWidth: number, box: LipBox, alpha: Float32Array): LipLight {
  const lightness = new Float32Array(alpha.length);
  const lab = new Float32Array(3);
  let sum = 0;
  let count = 0;
  let sumAll = 0;
  let weightAll = 0;
  for (let i = 0; i < alpha.length; i++) {
    if (alpha[i] <= 0) continue;
    const L = pixelLab(rgb, imageIndex(i, box, imageWidth) * 3, lab)[0];
    lightness[i] = L;
    // The mean is taken where the lips are fully covered: the feathered edge blends with skin.
    if (alpha[i] >= 1) {
      sum += L;
      count++;
    }
    sumAll += L * alpha[i];
    weightAll += alpha[i];
  }
  const meanL = count > 0 ? sum / count : weightAll > 0 ? sumAll / weightAll : 50;
  const relative = new Float32Array(alpha.length);
  for (let i = 0; i < alpha.length; i++) {
    if (alpha[i] <= 0) continue;
    const r = 1 + ((lightness[i] + 16) / (meanL + 16) - 1) * TEXTURE_GAIN;
    relative[i] = Math.min(LIGHT_MAX, Math.max(LIGHT_MIN, r));
  }
  return { lightness, meanL, relative };
}

/** The shade under relative light r, in linear sRGB clamped to the gamut (written into out[at..at+2]). */
export function shadeUnderLight(shade: Lab, r: number, out: Float32Array, at: number): void {
  const lab = { L: (shade.L + 16) * r - 16, a: shade.a * r, b: shade.b * r };
  const [x, y, z] = labToXyz(lab);
  const rgb = xyzToLinearRgb(x, y, z);
  for (let c = 0; c < 3; c++) out[at + c] = Math.min(1, Math.max(0, rgb[c]));
}

/** Index in the photo of pixel k of the box. */
export function imageIndex(k: number, box: LipBox, imageWidth: number): number {
  const x = k % box.width;
  return (box.y0 + (k - x) / box.width) * imageWidth + box.x0 + x;
}
