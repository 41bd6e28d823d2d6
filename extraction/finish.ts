/**
 * Finish from the specular highlight: how much light it adds to the body colour (added luminance,
 * the same for every shade of a finish, since light reflected at the surface adds to what the
 * pigment returns), how much of the region it covers (size) and how abruptly it starts (sharpness).
 *
 * matte: no highlight above the noise. satin: a weak sheen adding a few per cent of white. shiny: a
 * stronger stripe. glossy: the light source mirrored, near white and flat-topped, with crisp edges
 * (a clear coat).
 */
import type { Finish, Lab } from './types.ts';
import { litColour, looksLikeWhiteLightOn, type WhiteLightTest } from './color-space.ts';
import type { RegionGrid } from './extractors/region-grid.ts';
import { selectQuantileInPlace } from './extractors/order-statistics.ts';
import { scratchInt32 } from './scratch.ts';

export interface HighlightMeasure {
  present: boolean;
  /** Peak L* above the body: the rise reached by the brightest 1 % of the surface, glitter excluded. */
  peakRise: number;
  /**
   * Share of white light mixed into the body at the peak, from luminance in linear light:
   * (Y_peak − Y_body) ÷ (1 − Y_body). 0 = no highlight, 1 = the highlight reaches white.
   */
  strength: number;
  /**
   * Luminance the highlight adds at its peak, relative to the photo's white: Y_peak − Y_body. Light
   * reflected at the surface adds to the light the pigment returns, whatever the pigment's colour,
   * so this is the same for a pale and a dark shade of one finish (strength is not: it divides by
   * the headroom 1 − Y_body, which is small on a pale shade).
   */
  added: number;
  /** The peak reaches (nearly) the photo's white: the light source mirrored, however pale the body. */
  nearWhite: boolean;
  /** Share (0–1) of the region above half of the peak rise: the highlight's extent. */
  share: number;
  /** Width of the highlight's edge (peak rise ÷ edge gradient) as a share of the region width. */
  edgeWidthRel: number;
  /**
   * Share of the highlight (the cells above half its peak rise) that reaches PLATEAU_RISE of the
   * peak: a mirrored light source is a flat-topped image of it; a sheen or glints over a sheen rise
   * to their peak in a few cells only.
   */
  plateau: number;
  /** 1 for a highlight cell of the region grid. */
  mask: Uint8Array;
}

export interface FinishMeasure {
  value: Finish;
  confidence: number;
}

/** A rise below this many noise deviations (or L* units) is shading noise, not a highlight. */
const NOISE_FACTOR = 4;
const MIN_RISE = 3;
/**
 * Above this L* a body is pale, and white light mixed into it lifts L* little: a satin sheen on a pale
 * pink (L* 86) rises about 3. There a rise of PALE_MIN_RISE counts, still above NOISE_FACTOR × noise.
 */
const PALE_BODY_L = 80;
const PALE_MIN_RISE = 2;
/**
 * On a flat pan facing the camera (ExtractorInput.flatPan) nothing shades the surface, and a rise
 * counts from the light it adds: this share of the photo's white luminance, the satin boundary
 * (SATIN_FROM). In L* that is 3.6 on a dark body (L* 38), 1.5 on a mid one (L* 66), 1.1 on a pale one
 * (L* 82): a pan's broad satin sheen lifts a mid or pale shade by 1–2 L* over its body, below the
 * fixed floor. A bullet or a tube keeps the fixed floor: its curvature shades its lit face above the
 * body by as much, and a matte bullet under a vignette would read satin.
 */
const FLAT_MIN_ADDED = 0.02;
const EDGE_QUANTILE = 0.75;
/** Within this share of the peak rise a highlight cell is on its plateau. */
const PLATEAU_RISE = 0.8;
/** Share of the surface whose rise defines the highlight's peak. */
const PEAK_SHARE = 0.01;
/** A highlight blob covers at least this share of the region; smaller bright specks are noise or glitter. */
const MIN_BLOB_SHARE = 0.002;

/** Below this chroma a colour is close enough to white that its hue says nothing. */
const NEAR_WHITE_CHROMA = 10;

/**
 * Cells that look like the body with white light added: brighter by at least `cut`, no more saturated
 * (3 of slack), and either of the body's hue or nearly white.
 */
function brightCells(grid: RegionGrid, body: Lab, exclude: Uint8Array, cut: number): Uint8Array {
  const { lab, interior } = grid;
  const base = litColour(body);
  const test: WhiteLightTest = { minRise: cut, chromaSlack: 3, neutralChroma: NEAR_WHITE_CHROMA };
  const mask = new Uint8Array(grid.width * grid.height);
  for (let i = 0; i < mask.length; i++) {
    if (!interior[i] || exclude[i]) continue;
    if (looksLikeWhiteLightOn(lab[i * 3], lab[i * 3 + 1], lab[i * 3 + 2], base, test)) mask[i] = 1;
  }
  return mask;
}

/** Keeps the 4-connected blobs of `mask` of at least `minArea` cells: noise specks are not a highlight. */
function keepLargeBlobs(mask: Uint8Array, w: number, h: number, minArea: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  const seen = new Uint8Array(mask.length);
  // Each cell enters the stack once and one blob once: typed arrays of the grid's size, reused.
  const stack = scratchInt32('finish.blobStack', mask.length);
  const blob = scratchInt32('finish.blob', mask.length);
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    let top = 0;
    let size = 0;
    seen[start] = 1;
    stack[top++] = start;
    while (top > 0) {
      const c = stack[--top];
      blob[size++] = c;
      const x = c % w;
      // Left, right, up, down (no per-cell neighbour array: this runs for every bright cell).
      for (let k = 0; k < 4; k++) {
        const n = k === 0 ? (x > 0 ? c - 1 : -1) : k === 1 ? (x < w - 1 ? c + 1 : -1) : k === 2 ? (c >= w ? c - w : -1) : c < w * (h - 1) ? c + w : -1;
        if (n < 0 || seen[n] || !mask[n]) continue;
        seen[n] = 1;
        stack[top++] = n;
      }
    }
    if (size >= minArea) for (let k = 0; k < size; k++) out[blob[k]] = 1;
  }
  return out;
}

/**
 * Gradient of L* at the highlight's boundary (central differences), away from glitter: its upper
 * quartile, since the boundary also runs where the highlight fades out along the axis or meets
 * glitter, which only ever lowers the slope of the stripe's real edge.
 */
function boundaryGradient(grid: RegionGrid, mask: Uint8Array, exclude: Uint8Array): number {
  const { width: w, height: h, lab, interior } = grid;
  const grads: number[] = [];
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!mask[i]) continue;
      const onEdge = !mask[i - 1] || !mask[i + 1] || !mask[i - w] || !mask[i + w];
      if (!onEdge || !interior[i - 1] || !interior[i + 1] || !interior[i - w] || !interior[i + w]) continue;
      if (exclude[i - 1] || exclude[i + 1] || exclude[i - w] || exclude[i + w]) continue;
      const gx = (lab[(i + 1) * 3] - lab[(i - 1) * 3]) / 2;
      const gy = (lab[(i + w) * 3] - lab[(i - w) * 3]) / 2;
      grads.push(Math.hypot(gx, gy));
    }
  }
  if (grads.length === 0) return 0;
  grads.sort((p, q) => p - q);
  return grads[Math.floor(grads.length * EDGE_QUANTILE)];
}

function luminanceOf(L: number): number {
  const f = (L + 16) / 116;
  return f > 6 / 29 ? f * f * f : (L / 903.3);
}

/**
 * How much white, mixed into the body in linear light, lifts its L* by `rise`, with luminances taken
 * relative to the photo's white (`exposureGain` brings the photo's luminance to it).
 */
function whiteMix(bodyL: number, rise: number, exposureGain = 1): number {
  const y = Math.min(1, luminanceOf(bodyL) * exposureGain);
  const peak = Math.min(1, luminanceOf(bodyL + rise) * exposureGain);
  return Math.min(1, Math.max(0, (peak - y) / Math.max(1e-3, 1 - y)));
}

/** Luminance added by `rise` over the body, relative to the photo's white, and whether the peak is near white. */
function addedLight(bodyL: number, rise: number, exposureGain = 1): { added: number; nearWhite: boolean } {
  const y = Math.min(1, luminanceOf(bodyL) * exposureGain);
  const peak = Math.min(1, luminanceOf(bodyL + rise) * exposureGain);
  return { added: Math.max(0, peak - y), nearWhite: peak >= NEAR_WHITE_LUMINANCE };
}

/** The L* rise over a body of L* `bodyL` that adds `added` of the photo's white luminance (the inverse of addedLight). */
function riseForAdded(bodyL: number, added: number, exposureGain = 1): number {
  const peak = Math.min(1, Math.min(1, luminanceOf(bodyL) * exposureGain) + added) / exposureGain;
  const L = peak > 0.008856 ? 116 * Math.cbrt(peak) - 16 : peak * 903.3;
  return Math.max(0, L - bodyL);
}

/** A peak at this share of the white's luminance or above is the light source itself. */
const NEAR_WHITE_LUMINANCE = 0.85;

function noneFound(grid: RegionGrid, peakRise: number, body: Lab, exposureGain: number): HighlightMeasure {
  return {
    present: false,
    peakRise: Math.max(0, peakRise),
    strength: whiteMix(body.L, Math.max(0, peakRise), exposureGain),
    ...addedLight(body.L, Math.max(0, peakRise), exposureGain),
    share: 0,
    edgeWidthRel: 1,
    plateau: 0,
    mask: new Uint8Array(grid.width * grid.height),
  };
}

/**
 * The highlight of the region relative to its body colour. `exclude` marks cells not to consider
 * (glitter); `noise` is the body's L* noise (standard deviation); `exposureGain` the luminance gain
 * that brings the photo's white (its backdrop) to white, so strength does not depend on exposure.
 *
 * The highlight is the set of sizeable blobs brighter than the body beyond the noise; its peak is the
 * rise reached by the brightest 1 % of the surface, and its extent the part of the blobs above half
 * that peak.
 */
export function measureHighlights(grid: RegionGrid, body: Lab, exclude: Uint8Array, noise: number, exposureGain = 1, flat = false): HighlightMeasure {
  const lightFloor = flat ? riseForAdded(body.L, FLAT_MIN_ADDED, exposureGain) : body.L > PALE_BODY_L ? PALE_MIN_RISE : MIN_RISE;
  const floor = Math.max(lightFloor, NOISE_FACTOR * noise);
  const minArea = Math.max(12, MIN_BLOB_SHARE * grid.interiorCount);
  const blobs = keepLargeBlobs(brightCells(grid, body, exclude, floor), grid.width, grid.height, minArea);
  // The peak is the rise the brightest 1 % of the surface reaches: a few stray bright specks
  // (glitter the particle finder missed) cannot set it, a real highlight stripe does.
  const rises = new Float32Array(grid.interiorCount);
  let n = 0;
  let inBlobs = 0;
  for (let i = 0; i < blobs.length; i++) {
    if (!grid.interior[i] || exclude[i]) continue;
    rises[n++] = blobs[i] ? grid.lab[i * 3] - body.L : 0;
    inBlobs += blobs[i];
  }
  if (inBlobs === 0) return noneFound(grid, 0, body, exposureGain);
  const peakRise = selectQuantileInPlace(rises, 1 - PEAK_SHARE, n);
  if (peakRise < floor) return noneFound(grid, peakRise, body, exposureGain);
  const mask = new Uint8Array(blobs.length);
  let cells = 0;
  let nearPeak = 0;
  for (let i = 0; i < blobs.length; i++) {
    if (blobs[i] && grid.lab[i * 3] - body.L >= peakRise / 2) {
      mask[i] = 1;
      cells++;
      if (grid.lab[i * 3] - body.L >= PLATEAU_RISE * peakRise) nearPeak++;
    }
  }
  const gradient = boundaryGradient(grid, mask, exclude);
  // The edge spans about (rise ÷ gradient) pixels: a ramp from body to peak at the measured slope.
  const edgeWidth = gradient > 0 ? peakRise / gradient : grid.width;
  return {
    present: true,
    peakRise,
    strength: whiteMix(body.L, peakRise, exposureGain),
    ...addedLight(body.L, peakRise, exposureGain),
    share: cells / Math.max(1, grid.interiorCount),
    edgeWidthRel: Math.min(1, edgeWidth / Math.max(1, grid.width)),
    plateau: nearPeak / Math.max(1, cells),
    mask,
  };
}

/**
 * Boundaries between the finishes in light added by the highlight (share of the photo's white). A
 * satin sheen adds a few per cent of white, a shiny stripe a few tenths; a glossy surface mirrors
 * the light source itself, so its peak reaches near white on any shade, with a crisp edge.
 */
const SATIN_FROM = 0.02;
const SHINY_FROM = 0.2;
const GLOSSY_FROM = 0.45;
/** A glossy clear coat's highlight edge is crisp: narrower than this share of the region width. */
const GLOSSY_EDGE_MAX = 0.06;
/**
 * A mirrored light source is an image of it, flat-topped: at least this share of the highlight is
 * on its plateau. Glints of a textured sheen (a shiny smear's grain) reach near white and have crisp
 * edges too, but each only in a few cells of a broad sheen (0.42–0.45 against 0.58–0.86 mirrored).
 */
const GLOSSY_PLATEAU_MIN = 0.5;

/** Confidence from the distance (in added-light units) to the nearest decision boundary. */
function marginConfidence(distance: number): number {
  return Math.min(1, 0.5 + distance / 0.1);
}

export function classifyFinish(h: HighlightMeasure): FinishMeasure {
  const a = h.added;
  if (!h.present || a < SATIN_FROM) {
    return { value: 'matte', confidence: marginConfidence(SATIN_FROM - a) };
  }
  const mirrorsTheLight = (a >= GLOSSY_FROM || h.nearWhite) && h.plateau >= GLOSSY_PLATEAU_MIN;
  if (mirrorsTheLight && h.edgeWidthRel <= GLOSSY_EDGE_MAX) {
    const reach = h.nearWhite ? 0.1 : a - GLOSSY_FROM;
    return { value: 'glossy', confidence: marginConfidence(Math.min(reach, (GLOSSY_EDGE_MAX - h.edgeWidthRel) * 2)) };
  }
  if (a >= SHINY_FROM || h.nearWhite) {
    return { value: 'shiny', confidence: marginConfidence(h.nearWhite ? 0.1 : Math.min(a - SHINY_FROM, Math.abs(GLOSSY_FROM - a))) };
  }
  return { value: 'satin', confidence: marginConfidence(Math.min(a - SATIN_FROM, SHINY_FROM - a)) };
}
