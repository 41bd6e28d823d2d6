import { pixelLab } from '../color-space.ts';
import type { ExposureMeasure, RgbImage } from '../types.ts';
import { forEachBandPixel } from '../segmentation.ts';

const CLIPPED_CHANNEL = 254;
const CLIPPED_L = 98;
const CRUSHED_L = 3;

/**
 * Exposure: how bright the backdrop is (a grey backdrop means an under-exposed photo) and how
 * much of the product region is clipped to white or crushed to black.
 */
export function measureExposure(
  image: RgbImage,
  productMask: Uint8Array,
  regionMask: Uint8Array,
  bandWidth: number,
): ExposureMeasure {
  const lab = new Float32Array(3);
  const backdropL: number[] = [];
  forEachBandPixel(image.width, image.height, bandWidth, (i) => {
    if (!productMask[i]) backdropL.push(pixelLab(image.data, i * 3, lab)[0]);
  });
  const regionL: number[] = [];
  let clipped = 0, crushed = 0;
  const { data } = image;
  for (let i = 0; i < regionMask.length; i++) {
    if (!regionMask[i]) continue;
    const j = i * 3;
    const L = pixelLab(data, j, lab)[0];
    regionL.push(L);
    const anyClipped = data[j] >= CLIPPED_CHANNEL || data[j + 1] >= CLIPPED_CHANNEL || data[j + 2] >= CLIPPED_CHANNEL;
    if (anyClipped && L >= CLIPPED_L) clipped++;
    if (L <= CRUSHED_L) crushed++;
  }
  const n = regionL.length;
  return {
    backgroundL: median(backdropL),
    productClippedShare: n ? clipped / n : 0,
    productCrushedShare: n ? crushed / n : 0,
    productL: median(regionL),
  };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  return Float64Array.from(values).sort()[Math.floor(values.length / 2)];
}
