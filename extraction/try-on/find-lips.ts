import { close, dilate, fillHoles, labelComponents, open } from '../binary-mask.ts';
import { labImage } from '../color-space.ts';
import { readAndDecode } from '../decode.ts';
import type { RgbImage } from '../types.ts';
import { traceOutline } from './contour.ts';
import { scaleRegion } from './region-scale.ts';
import type { LipRegion } from './types.ts';

/**
 * Finds the lips on a photo of a bare-lipped face, for a person to correct afterwards.
 *
 * Lips are redder than the skin around them and less yellow: in CIELAB their a* is higher and their
 * hue lies nearer red. Within the lower middle of the frame (a face photo framed on the face), the
 * pixels are split in two by that redness (Otsu's threshold); the largest red shape, with its upper
 * and lower lip joined across the seam, is the mouth if it looks like one: wider than tall, solid,
 * clearly redder than a ring of warm, skin-like colour around it. Its outline is traced and
 * simplified to at most 64 points. Anything else (a product on white, a plain image) gives null.
 */

/** Longest side of the working copy: a mouth then spans ~100 px, plenty for a polygon of ≤ 64 points. */
const WORK_SIDE = 400;
const MAX_POINTS = 64;
/** Where a mouth can be in a face photo framed on the face: the lower middle of the frame (shares). */
const SEARCH = { x0: 0.12, x1: 0.88, y0: 0.3, y1: 0.97 };
/** Redness = a* − HUE_WEIGHT · b*: skin is yellower than lips, so b* counts against a pixel. */
const HUE_WEIGHT = 0.3;
/** The two classes must differ by this much redness, or nothing in the frame is redder than the rest. */
const MIN_SEPARATION = 5;
/** A mouth is a minority of the search box: a redder side larger than this share is split again, at most MAX_SPLITS times. */
const MAX_RED_SHARE = 0.3;
const MAX_SPLITS = 3;
/** The mouth must be this much redder than the ring of skin around it. */
const MIN_CONTRAST = 5;
/** The seam between the lips (dark, less red) is bridged by a closing of this share of the frame width. */
const SEAM_BRIDGE_SHARE = 0.012;
/** Plausible mouths: share of the frame's area, width ÷ height, and share of their bounding box filled. */
const MIN_AREA_SHARE = 0.004;
const MAX_AREA_SHARE = 0.25;
const MIN_ASPECT = 1.4;
const MAX_ASPECT = 7;
const MIN_FILL = 0.4;
/** The ring around the mouth must look like skin: warm hue (degrees of a*, b*) and some colour. */
const SKIN_HUE_DEG = { min: 5, max: 100 };
const SKIN_MIN_CHROMA = 2.5;
/** Width of that ring as a share of the mouth's height. */
const RING_SHARE = 0.3;
/** A hole in the mouth at least this share of its area is an opening (teeth, gap) and is left out. */
const MIN_OPENING_SHARE = 0.04;
/**
 * An opening is at least 2 × this + 1 working pixels tall (5 px, ~8 px of a 640 px photo): the seam
 * of a closed mouth is a dark line 2–3 px tall and must not count as one.
 */
const OPENING_MIN_HALF_HEIGHT = 2;

export async function findLips(photo: Buffer): Promise<LipRegion | null> {
  const { decoded } = await readAndDecode(photo, { maxSide: WORK_SIDE });
  const found = findLipsInImage(decoded.image);
  return found ? scaleRegion(found, 1 / decoded.scale) : null;
}

function findLipsInImage(image: RgbImage): LipRegion | null {
  const { width, height } = image;
  const lab = labImage(image.data, width * height);
  const redness = smoothedRedness(lab, width, height);
  const box = {
    x0: Math.floor(SEARCH.x0 * width),
    x1: Math.ceil(SEARCH.x1 * width) - 1,
    y0: Math.floor(SEARCH.y0 * height),
    y1: Math.ceil(SEARCH.y1 * height) - 1,
  };
  const split = reddestClass(redness, width, box);
  if (!split || split.above - split.below < MIN_SEPARATION) return null;

  let red: Uint8Array = new Uint8Array(width * height);
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) if (redness[y * width + x] > split.threshold) red[y * width + x] = 1;
  }
  red = open(red, width, height, 1);
  const bridge = Math.max(1, Math.round(SEAM_BRIDGE_SHARE * width));
  const mouth = largestComponent(close(red, width, height, bridge), width, height);
  // A mouth lies wholly within the search area; a red shape cut by its border is something larger (a smear, a product).
  if (!mouth || mouth.box.x0 <= box.x0 || mouth.box.y0 <= box.y0 || mouth.box.x1 >= box.x1 || mouth.box.y1 >= box.y1) return null;
  const solid = fillHoles(mouth.mask, width, height);
  if (!looksLikeMouth(solid, mouth, lab, redness, width, height)) return null;

  const outer = traceOutline(solid, width, height, MAX_POINTS);
  if (!outer) return null;
  const inner = openingOf(solid, red, width, height);
  return inner ? { outer, inner } : { outer };
}

/** a* − HUE_WEIGHT·b*, averaged over 3 × 3 pixels (sensor noise would otherwise fray the edge). */
function smoothedRedness(lab: Float32Array, width: number, height: number): Float32Array {
  const raw = new Float32Array(width * height);
  for (let i = 0; i < raw.length; i++) raw[i] = lab[i * 3 + 1] - HUE_WEIGHT * lab[i * 3 + 2];
  const out = new Float32Array(raw.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          sum += raw[yy * width + xx];
          n++;
        }
      }
      out[y * width + x] = sum / n;
    }
  }
  return out;
}

/**
 * The split between the reddest class and the rest. When the redder side of Otsu's split is still
 * most of the frame (the backdrop was told from the skin, not the skin from the lips), the split is
 * made again among the redder pixels only.
 */
function reddestClass(values: Float32Array, width: number, box: SearchBox): Split | null {
  let floor = -Infinity;
  let split: Split | null = null;
  for (let round = 0; round < MAX_SPLITS; round++) {
    const next = otsu(values, width, box, floor);
    if (!next) return split;
    split = next;
    if (next.aboveShare <= MAX_RED_SHARE) return split;
    floor = next.threshold;
  }
  return split;
}

interface SearchBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

interface Split {
  threshold: number;
  /** Mean of the values below and above the threshold. */
  below: number;
  above: number;
  /** Share of the whole search box above the threshold. */
  aboveShare: number;
}

/** Otsu's threshold of the values in the box above `floor`, with the two classes' means. */
function otsu(values: Float32Array, width: number, box: SearchBox, floor: number): Split | null {
  const BINS = 256;
  let min = Infinity;
  let max = -Infinity;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) {
      const v = values[y * width + x];
      if (v <= floor) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!(max - min > 1e-6)) return null;
  const step = (max - min) / BINS;
  const histogram = new Float64Array(BINS);
  const sums = new Float64Array(BINS);
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) {
      const v = values[y * width + x];
      if (v <= floor) continue;
      const bin = Math.min(BINS - 1, Math.floor((v - min) / step));
      histogram[bin]++;
      sums[bin] += v;
    }
  }
  const total = histogram.reduce((a, b) => a + b, 0);
  const totalSum = sums.reduce((a, b) => a + b, 0);
  let countBelow = 0;
  let sumBelow = 0;
  let best = { score: -1, threshold: 0, below: 0, above: 0, countAbove: 0 };
  for (let k = 0; k < BINS - 1; k++) {
    countBelow += histogram[k];
    sumBelow += sums[k];
    const countAbove = total - countBelow;
    if (countBelow === 0 || countAbove === 0) continue;
    const below = sumBelow / countBelow;
    const above = (totalSum - sumBelow) / countAbove;
    const between = countBelow * countAbove * (above - below) ** 2;
    if (between > best.score) best = { score: between, threshold: min + (k + 1) * step, below, above, countAbove };
  }
  if (best.score < 0) return null;
  const boxArea = (box.x1 - box.x0 + 1) * (box.y1 - box.y0 + 1);
  return { threshold: best.threshold, below: best.below, above: best.above, aboveShare: best.countAbove / boxArea };
}

interface Shape {
  mask: Uint8Array;
  area: number;
  box: { x0: number; y0: number; x1: number; y1: number };
}

function largestComponent(mask: Uint8Array, width: number, height: number): Shape | null {
  const { labels, areas } = labelComponents(mask, width, height);
  let id = 0;
  for (let k = 1; k < areas.length; k++) if (areas[k] > areas[id] || id === 0) id = k;
  if (id === 0) return null;
  const out = new Uint8Array(mask.length);
  const box = { x0: width, y0: height, x1: -1, y1: -1 };
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== id) continue;
    out[i] = 1;
    const x = i % width;
    const y = (i - x) / width;
    if (x < box.x0) box.x0 = x;
    if (x > box.x1) box.x1 = x;
    if (y < box.y0) box.y0 = y;
    if (y > box.y1) box.y1 = y;
  }
  return { mask: out, area: areas[id], box };
}

/** The shape's size, proportions and solidity are a mouth's, and a ring of skin around it is clearly less red. */
function looksLikeMouth(solid: Uint8Array, shape: Shape, lab: Float32Array, redness: Float32Array, width: number, height: number): boolean {
  const bw = shape.box.x1 - shape.box.x0 + 1;
  const bh = shape.box.y1 - shape.box.y0 + 1;
  let area = 0;
  for (let i = 0; i < solid.length; i++) area += solid[i];
  const frame = width * height;
  if (area < MIN_AREA_SHARE * frame || area > MAX_AREA_SHARE * frame) return false;
  const aspect = bw / bh;
  if (aspect < MIN_ASPECT || aspect > MAX_ASPECT) return false;
  if (area / (bw * bh) < MIN_FILL) return false;

  const ring = dilate(solid, width, height, Math.max(2, Math.round(RING_SHARE * bh)));
  let inside = 0;
  let insideCount = 0;
  let around = 0;
  let a = 0;
  let b = 0;
  let ringCount = 0;
  for (let i = 0; i < solid.length; i++) {
    if (solid[i]) {
      inside += redness[i];
      insideCount++;
    } else if (ring[i]) {
      around += redness[i];
      a += lab[i * 3 + 1];
      b += lab[i * 3 + 2];
      ringCount++;
    }
  }
  if (ringCount === 0 || insideCount === 0) return false;
  if (inside / insideCount - around / ringCount < MIN_CONTRAST) return false;
  a /= ringCount;
  b /= ringCount;
  const hue = (Math.atan2(b, a) * 180) / Math.PI;
  return Math.hypot(a, b) >= SKIN_MIN_CHROMA && hue >= SKIN_HUE_DEG.min && hue <= SKIN_HUE_DEG.max;
}

/**
 * The mouth opening: the largest part of the mouth that is not red (teeth, the dark inside), as
 * found before the seam was bridged, without the thin lines (the closed seam, lip lines) an opening
 * never is; null when there is none big enough to be an open mouth.
 */
function openingOf(solid: Uint8Array, red: Uint8Array, width: number, height: number): LipRegion['inner'] | null {
  let holes: Uint8Array = new Uint8Array(solid.length);
  let area = 0;
  for (let i = 0; i < solid.length; i++) {
    area += solid[i];
    if (solid[i] && !red[i]) holes[i] = 1;
  }
  holes = open(holes, width, height, OPENING_MIN_HALF_HEIGHT);
  const hole = largestComponent(holes, width, height);
  if (!hole || hole.area < MIN_OPENING_SHARE * area) return null;
  return traceOutline(hole.mask, width, height, MAX_POINTS) ?? null;
}
