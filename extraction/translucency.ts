/**
 * How much light a lacquer seen through its bottle lets through (a jelly nail polish), measured
 * across the bottle against the backdrop behind it.
 *
 * A clear dyed liquid in a round bottle absorbs by Beer–Lambert along the chord a ray crosses, and the
 * chord shrinks from the full depth on the axis to nothing at the edges (∝ √(1 − u²), u the offset
 * from the axis ÷ the half-width). So towards both edges its optical depth −ln(light passed) falls in
 * proportion, channel by channel: the colour dilutes towards the backdrop's white along its own
 * direction. An opaque lacquer (a cream) shows its surface instead: towards the edges it turns from
 * the light and darkens, its optical depth rises, in every channel alike.
 *
 * The measure: per column of the bottle (the product's outermost pixels on each row through the
 * colour-bearing part), the median white-referenced linear colour over the part's middle rows; the optical depth
 * vector on the axis τ₀ and on each flank τ; the flank's depth share s = τ·τ₀ ÷ τ₀·τ₀ (1: as deep as
 * the axis; 0: clear). Translucency is the flank's loss of depth, 1 − s, as a share of what a clear
 * liquid filling the bottle loses there (1 − √(1 − u²)), clipped to 0–1, on the flank that loses
 * least: a jelly thins out towards both edges, a highlight on the glass lightens one side only.
 *
 * The colour of a jelly is defined as what it shows on the bottle's axis, through its full depth, over
 * a white backdrop: the middle of each row across the part, which is where the extractor reads its
 * colour (extractors/robust.ts, the face turned to the camera), so the reported colour already follows
 * that definition; nothing here changes it.
 */
import type { Rect, RgbImage } from './types.ts';
import { srgbChannelToLinear } from './color-space.ts';

/**
 * The flanks: offsets 0.55–0.8 of the bottle's half-width from its axis. Inside the glass walls of a
 * bottle whose walls are under a fifth of its half-width (a lacquer bottle's are about an eighth),
 * outside the middle where the glass mirrors the studio's lights (highlights fall within ±0.5 of a
 * glossy cylinder under a key and a fill beside the camera), and far enough out for a jelly to have
 * lost a quarter of its depth (√(1 − 0.675²) = 0.74).
 */
const FLANK_FROM = 0.55;
const FLANK_TO = 0.8;
/** The axis: offsets within this share of the half-width (the chord there is within 0.5 % of the full depth). */
const AXIS_WITHIN = 0.1;
/** Width of a column bin, as a share of the half-width. */
const BIN = 0.05;
/**
 * Below this optical depth on the axis (the luminance-weighted mean of the channels: more than ~90 % of
 * the light passes) the lacquer is nearly clear or white and its dilution cannot be told from noise.
 */
const MIN_AXIS_DEPTH = 0.1;
/** Linear light never read below this (a pixel crushed to black has no finite optical depth). */
const DARKEST = 1e-4;
/** Rows used: the middle half of the part's height, clear of the bottle's shoulder and base. */
const MIDDLE_ROWS = 0.5;

export interface TranslucencyInput {
  image: RgbImage;
  /** 1 for every pixel of the product (bottle and cap), image-sized. */
  productMask: Uint8Array;
  /** The colour-bearing part (the lacquer), analysis pixels. */
  region: Rect;
  /** sRGB (0–255) of the white backdrop; null when there is none (then nothing is measured). */
  whiteReference: [number, number, number] | null;
}

/** An sRGB code value (0–255, a mean may be fractional) as linear light. */
function srgbToLinear(v: number): number {
  return srgbChannelToLinear(v / 255);
}

function median(values: number[]): number {
  const sorted = values.slice().sort((p, q) => p - q);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Per bin of u (offset from the bottle's axis ÷ half-width), the optical depth of each channel; null for an empty bin. */
function depthProfile({ image, productMask, region, whiteReference }: TranslucencyInput, white: [number, number, number]): Array<[number, number, number] | null> {
  const bins = Math.round(2 / BIN);
  const samples: number[][][] = Array.from({ length: bins }, () => [[], [], []]);
  const { width, height, data } = image;
  const centreX = Math.round(region.x + region.width / 2);
  const y0 = Math.max(0, Math.round(region.y + (region.height * (1 - MIDDLE_ROWS)) / 2));
  const y1 = Math.min(height, Math.round(region.y + (region.height * (1 + MIDDLE_ROWS)) / 2));
  if (!whiteReference || centreX < 0 || centreX >= width) return [];
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    // The bottle's outermost pixels on the row, within the part's own width beyond either side of it:
    // a highlight on the glass is not "product" to the segmentation and must not cut the row short.
    let left = -1;
    let right = -1;
    for (let x = Math.max(0, Math.round(region.x - region.width)); x < Math.min(width, Math.round(region.x + 2 * region.width)); x++) {
      if (!productMask[row + x]) continue;
      if (left < 0) left = x;
      right = x;
    }
    if (left < 0 || left > centreX || right < centreX) continue;
    const half = (right - left) / 2;
    if (half < 1 / BIN) continue;
    const axis = (left + right) / 2;
    for (let x = left; x <= right; x++) {
      const bin = Math.min(bins - 1, Math.floor(((x - axis) / half + 1) / BIN));
      const i = (row + x) * 3;
      for (let c = 0; c < 3; c++) samples[bin][c].push(srgbToLinear(data[i + c]) / white[c]);
    }
  }
  return samples.map((s) => (s[0].length === 0 ? null : ([0, 1, 2].map((c) => -Math.log(Math.max(DARKEST, median(s[c])))) as [number, number, number])));
}

/** Bins whose centres lie within [from, to] of |u| on one side (−1: left, +1: right). */
function binsOn(side: -1 | 1, from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < Math.round(2 / BIN); k++) {
    const u = -1 + (k + 0.5) * BIN;
    if (Math.sign(u) === side && Math.abs(u) >= from && Math.abs(u) <= to) out.push(k);
  }
  return out;
}

function meanDepth(profile: Array<[number, number, number] | null>, bins: number[]): [number, number, number] | null {
  const seen = bins.map((k) => profile[k]).filter((d): d is [number, number, number] => d !== null && d !== undefined);
  if (seen.length === 0) return null;
  return [0, 1, 2].map((c) => seen.reduce((sum, d) => sum + d[c], 0) / seen.length) as [number, number, number];
}

/** Rec. 709 luminance weights: the axis's depth as one number, weighted as the eye weighs the channels. */
const LUMA = [0.2126, 0.7152, 0.0722];

/**
 * 0–1: how much the lacquer thins out towards the bottle's edges as a clear dyed liquid does (1) or
 * not at all (0: opaque). 0 when it cannot be told (no white backdrop, a lacquer nearly clear or
 * white on its axis, no flank seen).
 */
export function measureTranslucency(input: TranslucencyInput): number {
  if (!input.whiteReference) return 0;
  const white = input.whiteReference.map(srgbToLinear) as [number, number, number];
  if (white.some((w) => w <= 0)) return 0;
  const profile = depthProfile(input, white);
  const axis = meanDepth(profile, [...binsOn(-1, 0, AXIS_WITHIN), ...binsOn(1, 0, AXIS_WITHIN)]);
  if (!axis || LUMA.reduce((sum, w, c) => sum + w * axis[c], 0) < MIN_AXIS_DEPTH) return 0;
  const axisSquared = axis.reduce((sum, d) => sum + d * d, 0);
  const clearAt = 1 - Math.sqrt(1 - ((FLANK_FROM + FLANK_TO) / 2) ** 2);
  const sides = ([-1, 1] as const).map((side) => {
    const flank = meanDepth(profile, binsOn(side, FLANK_FROM, FLANK_TO));
    if (!flank) return 0;
    const depthShare = flank.reduce((sum, d, c) => sum + d * axis[c], 0) / axisSquared;
    return Math.max(0, Math.min(1, (1 - depthShare) / clearAt));
  });
  return Math.round(Math.min(...sides) * 1000) / 1000;
}
