import { expandRect } from '../binary-mask.ts';
import { selectRankInPlace } from '../extractors/order-statistics.ts';
import type { Rect, RgbImage, SharpnessMeasure } from '../types.ts';
import { scratchFloat32, scratchFloat64, scratchInt32 } from '../scratch.ts';

/**
 * Focus measure, resolution-normalised: the product's strongest edges are looked at on a grey
 * image resampled to a fixed reference size, and each edge's steepest gradient is divided by
 * the contrast across it. A perfect step scores about 50 (half the contrast per pixel with a
 * central difference); a Gaussian blur of sigma s reference pixels scores about 40 / s. Because
 * the reference size is fixed, the same scene photographed at 2000 or 4000 px scores alike, and
 * because it is a ratio, a pale product on white scores like a dark one.
 */
export const SHARPNESS_REFERENCE_SIDE = 1000;
/** Longest walk across an edge, reference pixels: a blur of sigma 12 still fits. */
const MAX_WALK = 40;
/**
 * A step along the walk counts as progress when the grey level changes by at least this much,
 * or by PROGRESS_SHARE of the edge's peak gradient (a Gaussian edge falls to a tenth of its
 * peak slope 2.1 sigma out, where 97 % of its step is already behind).
 */
const PROGRESS_LEVELS = 0.5;
const PROGRESS_SHARE = 0.1;
/** A reversal larger than this ends the walk (sensor noise stays below it after resampling). */
const NOISE_LEVELS = 3;
/** Steps without progress that end the walk: the profile has levelled out. */
const PLATEAU_STEPS = 3;
/** Gradients below this (grey levels per pixel) are flat areas, never edges. */
const MIN_EDGE_GRADIENT = 1;
/** Edges whose peak gradient is at least this share of the steep edges' (98th percentile) are judged. */
const OUTLINE_SHARE = 0.5;
const OUTLINE_QUANTILE = 0.98;
/** Steps lower than this (8-bit grey levels) are texture or noise, not outlines. */
const MIN_EDGE_CONTRAST = 16;

export function measureSharpness(image: RgbImage, productBox: Rect | null): SharpnessMeasure {
  const factor = Math.min(1, SHARPNESS_REFERENCE_SIDE / Math.max(image.width, image.height));
  if (factor >= 1 && productBox) {
    // Already at (or under) the reference size: grey only the product and the walks' reach around it.
    const box = scaleBox(productBox, 1, image.width, image.height);
    const crop = expandRect(box, MAX_WALK + 2, image.width, image.height);
    const grey = lumaOf(image, crop);
    const inCrop = { x: box.x - crop.x, y: box.y - crop.y, width: box.width, height: box.height };
    return { score: round(edgeSteepness(grey, crop.width, crop.height, inCrop), 2) };
  }
  const grey = resampleGrey(image, factor);
  const box = productBox ? scaleBox(productBox, factor, grey.width, grey.height) : { x: 0, y: 0, width: grey.width, height: grey.height };
  return { score: round(edgeSteepness(grey.data, grey.width, grey.height, box), 2) };
}

interface GreyImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** Luma (Rec. 709 weights on the coded values) of the pixels inside `rect`, as an image of its size. */
function lumaOf(image: RgbImage, rect: Rect): Float32Array {
  const { width, data } = image;
  const out = scratchFloat32('sharpness.luma', rect.width * rect.height);
  for (let y = 0, i = 0; y < rect.height; y++) {
    for (let x = 0, j = ((rect.y + y) * width + rect.x) * 3; x < rect.width; x++, i++, j += 3) {
      out[i] = 0.2126 * data[j] + 0.7152 * data[j + 1] + 0.0722 * data[j + 2];
    }
  }
  return out;
}

/** Luma resampled by area averaging to `factor`. */
function resampleGrey(image: RgbImage, factor: number): GreyImage {
  const { width, height } = image;
  const luma = lumaOf(image, { x: 0, y: 0, width, height });
  if (factor >= 1) return { width, height, data: luma };
  const outW = Math.max(1, Math.round(width * factor));
  const outH = Math.max(1, Math.round(height * factor));
  const rows = resampleAxis(luma, width, height, outW, true);
  return { width: outW, height: outH, data: resampleAxis(rows, outW, height, outH, false) };
}

/** Area-average resampling along x (horizontal) or y, with fractional pixel coverage. */
function resampleAxis(src: Float32Array, width: number, height: number, outLength: number, horizontal: boolean): Float32Array {
  const inLength = horizontal ? width : height;
  const lines = horizontal ? height : width;
  const outW = horizontal ? outLength : width;
  const out = new Float32Array(horizontal ? outLength * height : width * outLength);
  const ratio = inLength / outLength;
  for (let o = 0; o < outLength; o++) {
    const start = o * ratio;
    const end = start + ratio;
    for (let line = 0; line < lines; line++) {
      let sum = 0;
      for (let p = Math.floor(start); p < Math.min(inLength, Math.ceil(end)); p++) {
        const weight = Math.min(end, p + 1) - Math.max(start, p);
        const index = horizontal ? line * width + p : p * width + line;
        sum += src[index] * weight;
      }
      out[horizontal ? line * outW + o : o * outW + line] = sum / ratio;
    }
  }
  return out;
}

function scaleBox(box: Rect, factor: number, width: number, height: number): Rect {
  // A margin around the product so its outline against the backdrop is inside.
  const margin = 3;
  const x = Math.max(0, Math.floor(box.x * factor) - margin);
  const y = Math.max(0, Math.floor(box.y * factor) - margin);
  return {
    x,
    y,
    width: Math.min(width, Math.ceil((box.x + box.width) * factor) + margin) - x,
    height: Math.min(height, Math.ceil((box.y + box.height) * factor) + margin) - y,
  };
}

/**
 * Median, over the product's strong edges, of peak gradient ÷ the edge's full step height (×100).
 * Only gradient maxima across the edge count (non-maximum suppression), so an edge scores by its
 * steepest point whatever its direction. The step height is read by walking across the edge,
 * both ways, until the profile stops rising or falling: for a blurred step of sigma s that
 * gives 1 / (s·√(2π)), i.e. a score of about 40 / s, with no window that caps wide blurs.
 */
function edgeSteepness(grey: Float32Array, width: number, height: number, box: Rect): number {
  const x0 = Math.max(1, box.x), x1 = Math.min(width - 1, box.x + box.width);
  const y0 = Math.max(1, box.y), y1 = Math.min(height - 1, box.y + box.height);
  const magnitude = scratchFloat32('sharpness.magnitude', width * height).fill(0);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * width + x;
      const gx = (grey[i + 1] - grey[i - 1]) / 2;
      const gy = (grey[i + width] - grey[i - width]) / 2;
      magnitude[i] = Math.sqrt(gx * gx + gy * gy);
    }
  }
  const peaks = edgeMaxima(magnitude, grey, width, x0, x1, y0, y1);
  if (peaks.length === 0) return 0;
  // Outlines, not soft shading: only edges about as steep as the steepest ones are judged. A
  // blur flattens every edge alike, so this choice does not depend on how sharp the photo is.
  const steepness = scratchFloat32('sharpness.steepness', peaks.length);
  for (let p = 0; p < peaks.length; p++) steepness[p] = magnitude[peaks[p]];
  const floor = OUTLINE_SHARE * selectRankInPlace(steepness, Math.floor(OUTLINE_QUANTILE * (steepness.length - 1)));
  const ratios = scratchFloat64('sharpness.ratios', peaks.length);
  let count = 0;
  for (let p = 0; p < peaks.length; p++) {
    const i = peaks[p];
    const m = magnitude[i];
    if (m < floor) continue;
    const x = i % width, y = (i - x) / width;
    const rise = stepHeight(grey, width, height, x, y, gradientX(grey, i) / m, gradientY(grey, i, width) / m, Math.max(PROGRESS_LEVELS, PROGRESS_SHARE * m));
    if (rise >= MIN_EDGE_CONTRAST) ratios[count++] = Math.min(1, m / rise);
  }
  if (count === 0) return 0;
  // Rank ⌊n/2⌋: the upper median.
  return 100 * selectRankInPlace(ratios, Math.floor(count / 2), count);
}

/** Pixels whose gradient is a maximum across the edge (non-maximum suppression). */
function edgeMaxima(
  magnitude: Float32Array,
  grey: Float32Array,
  width: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
): Int32Array {
  const found = scratchInt32('sharpness.maxima', Math.max(0, (x1 - x0) * (y1 - y0)));
  let count = 0;
  for (let y = y0 + 1; y < y1 - 1; y++) {
    for (let x = x0 + 1; x < x1 - 1; x++) {
      const i = y * width + x;
      const m = magnitude[i];
      if (m < MIN_EDGE_GRADIENT) continue;
      const step = acrossEdgeStep(gradientX(grey, i), gradientY(grey, i, width), width);
      if (m >= magnitude[i + step] && m >= magnitude[i - step]) found[count++] = i;
    }
  }
  return found.subarray(0, count);
}

/**
 * Central-difference gradient at pixel i, rounded to float32 as the magnitudes were computed from:
 * recomputed where needed (maxima, walks) rather than kept in two image-sized arrays.
 */
function gradientX(grey: Float32Array, i: number): number {
  return Math.fround((grey[i + 1] - grey[i - 1]) / 2);
}

function gradientY(grey: Float32Array, i: number, width: number): number {
  return Math.fround((grey[i + width] - grey[i - width]) / 2);
}

/** tan 22.5° and tan 67.5°: the borders of the 45° sectors the gradient direction is quantised to. */
const TAN_22_5 = Math.SQRT2 - 1;
const TAN_67_5 = Math.SQRT2 + 1;

/**
 * Index offset of the neighbour across the edge (gradient direction quantised to 45°), decided by
 * comparing |gy| with |gx| times the sector borders' tangents rather than by an arctangent per pixel.
 */
function acrossEdgeStep(gx: number, gy: number, width: number): number {
  const ax = Math.abs(gx), ay = Math.abs(gy);
  if (ay < TAN_22_5 * ax) return 1;
  if (ay > TAN_67_5 * ax) return width;
  // Diagonal: down-right when the gradient points into the same-sign quadrants (y grows downwards).
  return (gx > 0) === (gy > 0) ? width + 1 : width - 1;
}

/**
 * Height of the step through (x, y) along the unit gradient (ux, uy): the profile is followed
 * uphill and downhill while it keeps changing by at least `progress` per pixel (so the gentle
 * shading of a rounded bullet beyond its outline is not counted as part of the edge), and the
 * two extremes are subtracted.
 */
function stepHeight(grey: Float32Array, width: number, height: number, x: number, y: number, ux: number, uy: number, progress: number): number {
  const up = walkExtreme(grey, width, height, x, y, ux, uy, 1, progress);
  const down = walkExtreme(grey, width, height, x, y, ux, uy, -1, progress);
  return up - down;
}

function walkExtreme(
  grey: Float32Array,
  width: number,
  height: number,
  x: number,
  y: number,
  ux: number,
  uy: number,
  sign: 1 | -1,
  progress: number,
): number {
  let extreme = grey[y * width + x];
  let sinceProgress = 0;
  for (let t = 1; t <= MAX_WALK; t++) {
    const v = sample(grey, width, height, x + sign * t * ux, y + sign * t * uy);
    if (Number.isNaN(v)) break;
    if (sign * (v - extreme) > progress) {
      extreme = v;
      sinceProgress = 0;
    } else if (sign * (extreme - v) > NOISE_LEVELS || ++sinceProgress >= PLATEAU_STEPS) {
      break;
    }
  }
  return extreme;
}

/** Bilinear sample; NaN outside the image. */
function sample(grey: Float32Array, width: number, height: number, x: number, y: number): number {
  if (x < 0 || y < 0 || x > width - 1 || y > height - 1) return NaN;
  const ix = Math.min(width - 2, Math.floor(x)), iy = Math.min(height - 2, Math.floor(y));
  const fx = x - ix, fy = y - iy;
  const i = iy * width + ix;
  const top = grey[i] + fx * (grey[i + 1] - grey[i]);
  const bottom = grey[i + width] + fx * (grey[i + width + 1] - grey[i + width]);
  return top + fy * (bottom - top);
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
