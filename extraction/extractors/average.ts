/**
 * The baseline extractor: the plain mean of the region's pixels, highlights, shadows and glitter
 * included, with no white reference. Kept to show what the robust extractor gains.
 */
import type { ExtractedProperties, Extractor, ExtractorInput } from '../types.ts';
import { assembleProperties, measureSurface } from './surface.ts';
import { rgbFloatToLab, rgbToHex } from '../color-space.ts';
import { sizeFactor, spreadFactor } from './colour-confidence.ts';

function meanRgb(rgb: Uint8Array, mask: Uint8Array): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    sum[0] += rgb[i * 3];
    sum[1] += rgb[i * 3 + 1];
    sum[2] += rgb[i * 3 + 2];
    n++;
  }
  return [sum[0] / n, sum[1] / n, sum[2] / n];
}

/** RMS ΔE*ab of the region's pixels from their mean colour. */
function rmsSpread(lab: Float32Array, mask: Uint8Array, mean: { L: number; a: number; b: number }): number {
  let sq = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    sq += (lab[i * 3] - mean.L) ** 2 + (lab[i * 3 + 1] - mean.a) ** 2 + (lab[i * 3 + 2] - mean.b) ** 2;
    n++;
  }
  return Math.sqrt(sq / Math.max(1, n));
}

export const averageExtractor: Extractor = {
  name: 'average',
  version: '1.0.0',
  extract(input: ExtractorInput): ExtractedProperties {
    const surface = measureSurface(input);
    const { grid } = surface;
    const mean = meanRgb(grid.rgb, grid.mask);
    const lab = rgbFloatToLab(mean[0], mean[1], mean[2]);
    const confidence = sizeFactor(grid.maskCount) * spreadFactor(rmsSpread(grid.lab, grid.mask, lab));
    return assembleProperties(input, surface, { lab, hex: rgbToHex(mean[0], mean[1], mean[2]), confidence });
  },
};
