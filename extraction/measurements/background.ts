import { chroma, pixelLab } from '../color-space.ts';
import type { BackgroundMeasure, Lab, RgbImage } from '../types.ts';

const NEAR_WHITE_L = 95;
const NEAR_WHITE_CHROMA = 4;
const PURE_WHITE_CHANNEL = 254;
/** Band segments per side for the evenness figure (corners fall in the top/bottom ones). */
const SEGMENTS_PER_SIDE = 4;

/**
 * The outer border band as the standards see it: its near-white and pure-white shares, the mean
 * colour of its backdrop pixels, and how uneven its lightness is from place to place.
 */
export function measureBackground(
  image: RgbImage,
  productMask: Uint8Array,
  bandWidth: number,
  scale: number,
): BackgroundMeasure {
  const { width, height, data } = image;
  let total = 0, nearWhite = 0, pureWhite = 0;
  const backdrop = { L: 0, a: 0, b: 0, n: 0 };
  const everything = { L: 0, a: 0, b: 0, n: 0 };
  const segments: number[][] = Array.from({ length: SEGMENTS_PER_SIDE * 4 }, () => []);
  const lab = new Float32Array(3);
  const visit = (x: number, y: number) => {
    const i = y * width + x;
    const j = i * 3;
    pixelLab(data, j, lab);
    const L = lab[0], a = lab[1], b = lab[2];
    total++;
    if (L >= NEAR_WHITE_L && chroma(a, b) <= NEAR_WHITE_CHROMA) nearWhite++;
    if (data[j] >= PURE_WHITE_CHANNEL && data[j + 1] >= PURE_WHITE_CHANNEL && data[j + 2] >= PURE_WHITE_CHANNEL) pureWhite++;
    everything.L += L; everything.a += a; everything.b += b; everything.n++;
    if (productMask[i]) return;
    backdrop.L += L; backdrop.a += a; backdrop.b += b; backdrop.n++;
    segments[segmentOf(x, y, width, height, bandWidth)].push(L);
  };
  // Row by row over the band (top and bottom rows whole, the side strips of the rows between).
  for (let y = 0; y < height; y++) {
    if (y < bandWidth || y >= height - bandWidth) {
      for (let x = 0; x < width; x++) visit(x, y);
    } else {
      for (let x = 0; x < bandWidth; x++) visit(x, y);
      for (let x = width - bandWidth; x < width; x++) visit(x, y);
    }
  }
  const source = backdrop.n > 0 ? backdrop : everything;
  const meanLab: Lab = { L: source.L / source.n, a: source.a / source.n, b: source.b / source.n };
  return {
    nearWhiteShare: total ? nearWhite / total : 0,
    pureWhiteShare: total ? pureWhite / total : 0,
    meanLab,
    unevenness: unevenness(segments),
    bandWidth: Math.round(bandWidth / scale),
  };
}

/** Which of the band's segments a band pixel falls in: top, bottom, left, right, each cut in four. */
function segmentOf(x: number, y: number, width: number, height: number, band: number): number {
  if (y < band) return Math.min(SEGMENTS_PER_SIDE - 1, Math.floor((x / width) * SEGMENTS_PER_SIDE));
  if (y >= height - band) return SEGMENTS_PER_SIDE + Math.min(SEGMENTS_PER_SIDE - 1, Math.floor((x / width) * SEGMENTS_PER_SIDE));
  const side = x < band ? 2 : 3;
  return side * SEGMENTS_PER_SIDE + Math.min(SEGMENTS_PER_SIDE - 1, Math.floor((y / height) * SEGMENTS_PER_SIDE));
}

/** Max − min of segment median L*, over segments with enough backdrop pixels to judge. */
function unevenness(segments: number[][]): number {
  const medians = segments
    .filter((values) => values.length >= 8)
    .map((values) => Float64Array.from(values).sort()[Math.floor(values.length / 2)]);
  return medians.length < 2 ? 0 : Math.max(...medians) - Math.min(...medians);
}
