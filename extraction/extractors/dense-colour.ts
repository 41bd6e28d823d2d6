/**
 * The densest colour of a set of pixels: the mode of their CIELAB distribution, refined by mean shift.
 *
 * Why the mode: on a lit cylinder the diffuse shading changes slowest where the surface faces the
 * camera, so most pixels pile up at the base colour there, while shadows, highlights and glitter spread
 * thinly over many other colours.
 */
import type { Lab } from '../types.ts';
import { selectQuantileInPlace } from './order-statistics.ts';
import { scratchFloat64, scratchInt32 } from '../scratch.ts';

export interface DenseColour {
  lab: Lab;
  /** Share (0–1) of the given pixels within `radius` ΔE*ab of the result. */
  inlierShare: number;
  /** RMS ΔE*ab of those inliers from the result: the noise around the base. */
  spread: number;
  inliers: number;
}

/** A mode and medians from this many evenly spread pixels are as precise as from all of them. */
const MAX_SAMPLES = 15000;

function evenSample(cells: Int32Array, max: number): Int32Array {
  if (cells.length <= max) return cells;
  const out = new Int32Array(max);
  const step = cells.length / max;
  for (let i = 0; i < max; i++) out[i] = cells[Math.floor(i * step)];
  return out;
}

const BIN = 2; // ΔE*ab units per histogram bin on each axis
const L_BINS = Math.ceil(101 / BIN) + 1;
const AB_BINS = Math.ceil(256 / BIN) + 1;

function binOf(L: number, a: number, b: number): number {
  const li = Math.min(L_BINS - 1, Math.max(0, Math.floor(L / BIN)));
  const ai = Math.min(AB_BINS - 1, Math.max(0, Math.floor((a + 128) / BIN)));
  const bi = Math.min(AB_BINS - 1, Math.max(0, Math.floor((b + 128) / BIN)));
  return (li * AB_BINS + ai) * AB_BINS + bi;
}

/**
 * The histogram's bins, allocated once (3.5 MB): zeroing a fresh one per photo cost more than
 * filling it. Every use leaves it all zero again by clearing only the bins it occupied.
 */
const binCounts = new Uint32Array(L_BINS * AB_BINS * AB_BINS);

/** Centre of the fullest bin of the 3×3×3 neighbourhood that holds the most pixels. */
function histogramMode(lab: Float32Array, cells: Int32Array): Lab {
  // At most one occupied bin per pixel.
  const occupied = scratchInt32('dense.occupied', cells.length);
  let used = 0;
  try {
    used = countIntoBins(lab, cells, binCounts, occupied);
    return densestBin(binCounts, occupied.subarray(0, used));
  } finally {
    for (let k = 0; k < used; k++) binCounts[occupied[k]] = 0;
  }
}

/** Counts the cells into the histogram; writes each newly occupied bin into `occupied`, returns how many. */
function countIntoBins(lab: Float32Array, cells: Int32Array, counts: Uint32Array, occupied: Int32Array): number {
  let used = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    const bin = binOf(lab[c * 3], lab[c * 3 + 1], lab[c * 3 + 2]);
    if (counts[bin]++ === 0) occupied[used++] = bin;
  }
  return used;
}

/** A bin's 3×3×3 neighbourhood (itself included, clipped to the histogram), written into `out`; returns how many. */
function neighbourBins(bin: number, out: Int32Array): number {
  const li = Math.floor(bin / (AB_BINS * AB_BINS));
  const ai = Math.floor(bin / AB_BINS) % AB_BINS;
  const bi = bin % AB_BINS;
  let n = 0;
  for (let dl = -1; dl <= 1; dl++) {
    for (let da = -1; da <= 1; da++) {
      for (let db = -1; db <= 1; db++) {
        const l = li + dl;
        const a = ai + da;
        const b = bi + db;
        if (l < 0 || a < 0 || b < 0 || l >= L_BINS || a >= AB_BINS || b >= AB_BINS) continue;
        out[n++] = (l * AB_BINS + a) * AB_BINS + b;
      }
    }
  }
  return n;
}

const neighbours = new Int32Array(27);

function densestBin(counts: Uint32Array, occupied: Int32Array): Lab {
  let best = occupied[0];
  let bestCount = -1;
  for (const bin of occupied) {
    const n = neighbourBins(bin, neighbours);
    let sum = 0;
    for (let k = 0; k < n; k++) sum += counts[neighbours[k]];
    if (sum > bestCount) {
      bestCount = sum;
      best = bin;
    }
  }
  best = fullestNeighbour(counts, best);
  return {
    L: (Math.floor(best / (AB_BINS * AB_BINS)) + 0.5) * BIN,
    a: ((Math.floor(best / AB_BINS) % AB_BINS) + 0.5) * BIN - 128,
    b: ((best % AB_BINS) + 0.5) * BIN - 128,
  };
}

/**
 * The fullest bin of a bin's 3×3×3 neighbourhood. The densest neighbourhood leans towards a tail: a
 * plateau with a shading ramp on one side is densest, as a neighbourhood, one bin down the ramp, whose
 * neighbourhood holds the plateau and the ramp. Its centre can then lie more than the mean shift's
 * radius from the plateau, and the shift converges on the ramp; the plateau's own bin does not.
 */
function fullestNeighbour(counts: Uint32Array, bin: number): number {
  const n = neighbourBins(bin, neighbours);
  let best = bin;
  for (let k = 0; k < n; k++) if (counts[neighbours[k]] > counts[best]) best = neighbours[k];
  return best;
}

/** The cells within `radius` of `centre`, written into `out` (as long as `cells`); returns them as a view of it. */
function inlierCells(lab: Float32Array, cells: Int32Array, centre: Lab, radius: number, out: Int32Array): Int32Array {
  const r2 = radius * radius;
  let n = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    const dL = lab[c * 3] - centre.L;
    const da = lab[c * 3 + 1] - centre.a;
    const db = lab[c * 3 + 2] - centre.b;
    if (dL * dL + da * da + db * db <= r2) out[n++] = c;
  }
  return out.subarray(0, n);
}

/** Mean CIELAB of the given cells. */
export function meanOf(lab: Float32Array, cells: Int32Array): Lab {
  let L = 0;
  let a = 0;
  let b = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    L += lab[c * 3];
    a += lab[c * 3 + 1];
    b += lab[c * 3 + 2];
  }
  return { L: L / cells.length, a: a / cells.length, b: b / cells.length };
}

function channelMedians(lab: Float32Array, cells: Int32Array): Lab {
  const values = scratchFloat64('dense.medians', cells.length);
  const pick = (k: number): number => {
    for (let i = 0; i < cells.length; i++) values[i] = lab[cells[i] * 3 + k];
    return selectQuantileInPlace(values, 0.5);
  };
  return { L: pick(0), a: pick(1), b: pick(2) };
}

/**
 * The dense colour of `cells` (indices into `lab`). `radius` (ΔE*ab) bounds the mean-shift window; it
 * should exceed the pixel noise but stay below the shading steps one wants to exclude.
 */
export function findDenseColour(lab: Float32Array, allCells: Int32Array, radius = 4): DenseColour | null {
  if (allCells.length === 0) return null;
  const cells = evenSample(allCells, MAX_SAMPLES);
  let centre = histogramMode(lab, cells);
  // One buffer for every round: each round's mean is taken before the next inlier set overwrites it.
  const buffer = scratchInt32('dense.inliers', cells.length);
  let inliers = inlierCells(lab, cells, centre, radius, buffer);
  for (let i = 0; i < 6 && inliers.length > 0; i++) {
    const next = meanOf(lab, inliers);
    const moved = Math.hypot(next.L - centre.L, next.a - centre.a, next.b - centre.b);
    centre = next;
    inliers = inlierCells(lab, cells, centre, radius, buffer);
    if (moved < 0.05) break;
  }
  if (inliers.length === 0) inliers = cells;
  const result = channelMedians(lab, inliers);
  let sq = 0;
  for (let i = 0; i < inliers.length; i++) {
    const c = inliers[i];
    sq += (lab[c * 3] - result.L) ** 2 + (lab[c * 3 + 1] - result.a) ** 2 + (lab[c * 3 + 2] - result.b) ** 2;
  }
  return {
    lab: result,
    inlierShare: inliers.length / cells.length,
    spread: Math.sqrt(sq / inliers.length),
    inliers: inliers.length,
  };
}
