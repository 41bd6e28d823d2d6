import { chroma, pixelLab } from '../color-space.ts';
import { selectRankInPlace } from '../extractors/order-statistics.ts';
import type { BackgroundMeasure, Lab, RgbImage } from '../types.ts';
import { scratchFloat32, scratchZeroBytes } from '../scratch.ts';

const NEAR_WHITE_L = 95;
const NEAR_WHITE_CHROMA = 4;
const PURE_WHITE_CHANNEL = 254;
/** Band segments per side for the evenness figure (corners fall in the top/bottom ones). */
const SEGMENTS_PER_SIDE = 4;

/**
 * The outer border band as the standards see it: its near-white and pure-white shares, the mean
 * colour of its backdrop pixels, and how uneven its lightness is from place to place.
 */
export function measureBackground(image: RgbImage, productMask: Uint8Array, bandWidth: number, scale: number): BackgroundMeasure {
  return measureBackgroundBand(image, productMask, bandWidth, scale).measure;
}

/**
 * The background measure together with the L* of every backdrop pixel of the band (band pixels
 * outside the product, in row order), which the exposure measure needs too: computed once, shared.
 */
export function measureBackgroundBand(
  image: RgbImage,
  productMask: Uint8Array,
  bandWidth: number,
  scale: number,
): { measure: BackgroundMeasure; backdropL: Float32Array } {
  const { width, height, data } = image;
  let total = 0, nearWhite = 0, pureWhite = 0;
  let backdropSumL = 0, backdropSumA = 0, backdropSumB = 0;
  let everythingL = 0, everythingA = 0, everythingB = 0;
  // Backdrop L* of each band pixel with its segment, gathered in flat typed arrays (no per-pixel push).
  const bandSize = width * height - Math.max(0, width - 2 * bandWidth) * Math.max(0, height - 2 * bandWidth);
  // Scratch: the L* array is handed to the exposure measure of the same analysis, then dropped.
  const backdropL = scratchFloat32('background.bandL', bandSize);
  const backdropSegment = scratchZeroBytes('background.segment', bandSize);
  let backdropCount = 0;
  const lab = new Float32Array(3);
  // Row by row over the band: top and bottom rows whole, the two side strips of the rows between.
  // The body is inline (no callback) because it runs for every band pixel.
  for (let y = 0; y < height; y++) {
    const whole = y < bandWidth || y >= height - bandWidth;
    for (let strip = 0; strip < (whole ? 1 : 2); strip++) {
      const from = whole || strip === 0 ? 0 : width - bandWidth;
      const to = whole ? width : strip === 0 ? bandWidth : width;
      for (let x = from; x < to; x++) {
        const i = y * width + x;
        const j = i * 3;
        pixelLab(data, j, lab);
        const L = lab[0], a = lab[1], b = lab[2];
        total++;
        if (L >= NEAR_WHITE_L && chroma(a, b) <= NEAR_WHITE_CHROMA) nearWhite++;
        if (data[j] >= PURE_WHITE_CHANNEL && data[j + 1] >= PURE_WHITE_CHANNEL && data[j + 2] >= PURE_WHITE_CHANNEL) pureWhite++;
        everythingL += L; everythingA += a; everythingB += b;
        if (productMask[i]) continue;
        backdropSumL += L; backdropSumA += a; backdropSumB += b;
        backdropL[backdropCount] = L;
        backdropSegment[backdropCount++] = segmentOf(x, y, width, height, bandWidth);
      }
    }
  }
  const meanLab: Lab =
    backdropCount > 0
      ? { L: backdropSumL / backdropCount, a: backdropSumA / backdropCount, b: backdropSumB / backdropCount }
      : { L: everythingL / total, a: everythingA / total, b: everythingB / total };
  const bandL = backdropL.subarray(0, backdropCount);
  const measure: BackgroundMeasure = {
    nearWhiteShare: total ? nearWhite / total : 0,
    pureWhiteShare: total ? pureWhite / total : 0,
    meanLab,
    unevenness: unevenness(bandL, backdropSegment.subarray(0, backdropCount)),
    bandWidth: Math.round(bandWidth / scale),
  };
  return { measure, backdropL: bandL };
}

/** Which of the band's segments a band pixel falls in: top, bottom, left, right, each cut in four. */
function segmentOf(x: number, y: number, width: number, height: number, band: number): number {
  if (y < band) return Math.min(SEGMENTS_PER_SIDE - 1, Math.floor((x / width) * SEGMENTS_PER_SIDE));
  if (y >= height - band) return SEGMENTS_PER_SIDE + Math.min(SEGMENTS_PER_SIDE - 1, Math.floor((x / width) * SEGMENTS_PER_SIDE));
  const side = x < band ? 2 : 3;
  return side * SEGMENTS_PER_SIDE + Math.min(SEGMENTS_PER_SIDE - 1, Math.floor((y / height) * SEGMENTS_PER_SIDE));
}

/** Max − min of segment median L*, over segments with enough backdrop pixels to judge. */
function unevenness(values: Float32Array, segmentOfValue: Uint8Array): number {
  const counts = new Int32Array(SEGMENTS_PER_SIDE * 4 + 1);
  for (let k = 0; k < segmentOfValue.length; k++) counts[segmentOfValue[k] + 1]++;
  // Counting sort by segment: each segment's values end up contiguous, in visiting order.
  const starts = counts.slice();
  for (let s = 1; s < starts.length; s++) starts[s] += starts[s - 1];
  const grouped = scratchFloat32('background.grouped', values.length);
  const next = starts.slice(0, -1);
  for (let k = 0; k < values.length; k++) grouped[next[segmentOfValue[k]]++] = values[k];
  let min = Infinity, max = -Infinity, judged = 0;
  for (let s = 0; s < SEGMENTS_PER_SIDE * 4; s++) {
    const n = counts[s + 1];
    if (n < 8) continue;
    // Rank ⌊n/2⌋: the upper median.
    const median = selectRankInPlace(grouped.subarray(starts[s], starts[s] + n), Math.floor(n / 2));
    judged++;
    if (median < min) min = median;
    if (median > max) max = median;
  }
  return judged < 2 ? 0 : max - min;
}
