/**
 * Glitter and shimmer: small blobs that stand out from their surroundings inside the colour-bearing region.
 *
 * A pixel is a particle candidate when its colour differs from the local reference colour (block
 * medians, which glitter covering less than half a block cannot move) by more than the noise allows.
 * Candidates are grouped into 8-connected components; a component counts as a particle (or a clump of
 * touching ones) only when it is small and compact — a highlight stripe is long, so it never qualifies.
 */
import type { ExtractionResult } from './types.ts';
import type { RegionGrid } from './extractors/region-grid.ts';
import { dilate } from './binary-mask.ts';
import { rgbToHex } from './color-space.ts';
import { selectQuantileInPlace } from './extractors/order-statistics.ts';
import { scratchFloat32, scratchFloat64, scratchInt32, scratchZeroBytes } from './scratch.ts';

export interface ParticleMeasure {
  particles: ExtractionResult['particles'];
  /** 1 for a particle cell of the region grid. */
  mask: Uint8Array;
  /** The particles grown by one cell (their blurred halo); all zero when none are present. */
  halo: Uint8Array;
  /** Contrast (ΔE*ab) above which a pixel started a particle. */
  threshold: number;
  /** Pixel noise of the region (ΔE*ab standard deviation), from neighbouring-pixel differences. */
  noise: number;
  /** When particles are present, the surface between and under them; null otherwise. */
  surface: SurfaceUnderParticles | null;
}

export interface SurfaceUnderParticles {
  /**
   * The glitter-proof local surface colour (CIELAB per grid cell, the last pass's block medians):
   * what the surface looks like under the particles.
   */
  lab: Float32Array;
  /**
   * L* noise (standard deviation) of the surface between the particles: dense fine glitter puts a
   * particle's edge beside most pixels, which the region's `noise` then counts as noise.
   */
  lightnessNoise: number;
}

/** Blocks at least this many rows tall take their medians from every other row. */
const MIN_ROWS_TO_THIN = 16;
/** Largest extent of a particle or clump, as a share of the region width: beyond it a blob is a highlight or a print. */
const MAX_CLUMP_REL = 0.25;
/**
 * Blocks the local reference colour is a median over: long along the product's axis (15 % of its
 * length) and narrow across it. On a cylinder, shading and highlight stripes change across the axis
 * and hardly along it, so narrow blocks follow them while their length keeps particles a minority.
 * Coarse to fine: the first pass uses wider blocks (8 % of the width), which particles lined up
 * along the axis cannot fill; the second, narrow ones (2 %) with the first pass's particles left out.
 */
const BLOCK_ACROSS_PASSES = [0.08, 0.02];
const BLOCK_ALONG = 0.15;
/**
 * Start threshold in multiples of the median contrast: for Gaussian noise in three channels the
 * median magnitude is ≈ 1.5 σ, so 5 × median ≈ 7.5 σ — beyond anything noise reaches in a photo.
 */
const TYPICAL_CONTRAST_FACTOR = 5;
/** A component of at least this many cells is solid enough to be a particle on its own. */
const MIN_SOLID_CELLS = 4;
/** Glitter means many particles: fewer than this is a stray speck or a reflection. */
const MIN_COUNT = 6;
const MIN_COVERAGE = 0.002;
/** Lowest contrast (ΔE*ab) that starts a particle, whatever the noise: below it the eye sees no sparkle. */
const MIN_CONTRAST = 8;

/**
 * A glitter-proof local reference colour: channel medians over blocks (a median ignores particles
 * up to half a block's area), interpolated bilinearly between block centres so the shading and
 * highlights of the surface are followed.
 */
function localReference(grid: RegionGrid, across: number, skip: Uint8Array | null, axis: ProductAxis | null): Float32Array {
  if (axis) return tiltedReference(grid, across, skip, axis);
  const { width: w, height: h, lab, interior } = grid;
  // The product's axis is taken along the region's longer side (upright products are tall).
  const tall = h >= w;
  const sizeX = Math.max(3, Math.round((tall ? across : BLOCK_ALONG) * w));
  const sizeY = Math.max(3, Math.round((tall ? BLOCK_ALONG : across) * h));
  const bw = Math.ceil(w / sizeX);
  const bh = Math.ceil(h / sizeY);
  const blocks = new Float32Array(bw * bh * 3);
  const valid = new Uint8Array(bw * bh);
  // Every other row of a tall block is as good a median sample as all of them, for half the work.
  const rowStep = sizeY >= MIN_ROWS_TO_THIN ? 2 : 1;
  const valuesL = scratchFloat32('particles.blockL', sizeX * sizeY);
  const valuesA = scratchFloat32('particles.blockA', sizeX * sizeY);
  const valuesB = scratchFloat32('particles.blockB', sizeX * sizeY);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let n = 0;
      for (let y = by * sizeY; y < Math.min(h, (by + 1) * sizeY); y += rowStep) {
        for (let x = bx * sizeX; x < Math.min(w, (bx + 1) * sizeX); x++) {
          const i = y * w + x;
          if (!interior[i] || (skip && skip[i])) continue;
          valuesL[n] = lab[i * 3];
          valuesA[n] = lab[i * 3 + 1];
          valuesB[n] = lab[i * 3 + 2];
          n++;
        }
      }
      if (n < 5) continue;
      valid[by * bw + bx] = 1;
      const b3 = (by * bw + bx) * 3;
      blocks[b3] = selectQuantileInPlace(valuesL, 0.5, n);
      blocks[b3 + 1] = selectQuantileInPlace(valuesA, 0.5, n);
      blocks[b3 + 2] = selectQuantileInPlace(valuesB, 0.5, n);
    }
  }
  fillMissingBlocks(blocks, valid, bw, bh);
  return interpolateBlocks(blocks, bw, bh, sizeX, sizeY, w, h);
}

/** Direction (unit vector) of the product's long axis in the grid, and the centre it turns about. */
interface ProductAxis {
  ax: number;
  ay: number;
  cx: number;
  cy: number;
}

/** Within this angle (radians, 5°) of the grid's rows or columns a product is treated as upright or lying. */
const AXIS_SNAP = (5 * Math.PI) / 180;

/**
 * The product's axis from its shading: across a cylinder (a bullet, a tube, a pencil) lightness
 * changes, along it hardly at all, so the dominant direction of the L* gradients (the structure
 * tensor of the interior) is across the axis. Glitter adds gradients in every direction, which
 * shifts both eigenvalues alike and leaves the direction. Null when the axis runs within AXIS_SNAP
 * of the grid (blocks aligned with the grid then follow the stripes already) or the gradients have
 * no clear direction (a flat or round surface).
 */
function tiltedAxis(grid: RegionGrid): ProductAxis | null {
  const { width: w, height: h, lab, interior } = grid;
  let n = 0, sx = 0, sy = 0, gxx = 0, gyy = 0, gxy = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!interior[i]) continue;
      n++;
      sx += x;
      sy += y;
      if (!interior[i - 1] || !interior[i + 1] || !interior[i - w] || !interior[i + w]) continue;
      const gx = (lab[(i + 1) * 3] - lab[(i - 1) * 3]) / 2;
      const gy = (lab[(i + w) * 3] - lab[(i - w) * 3]) / 2;
      gxx += gx * gx;
      gyy += gy * gy;
      gxy += gx * gy;
    }
  }
  const spread = Math.hypot(gxx - gyy, 2 * gxy);
  if (n === 0 || gxx + gyy <= 0 || spread / (gxx + gyy) < MIN_SHADING_COHERENCE) return null;
  // The gradients point across the axis; the axis is perpendicular to them.
  const across = 0.5 * Math.atan2(2 * gxy, gxx - gyy);
  const offGrid = Math.min(Math.abs(across), Math.abs(Math.abs(across) - Math.PI / 2));
  if (offGrid < AXIS_SNAP) return null;
  return { ax: -Math.sin(across), ay: Math.cos(across), cx: sx / n, cy: sy / n };
}

/** (λ1 − λ2) / (λ1 + λ2) of the gradients' structure tensor below which shading shows no direction. */
const MIN_SHADING_COHERENCE = 0.3;

/**
 * The same block medians as localReference for a product lying at an angle: blocks are laid out
 * along and across its own axis (a diagonal highlight stripe then runs along the blocks, as an
 * upright one does in grid-aligned blocks), and interpolated bilinearly in those coordinates.
 * Only interior cells get a reference: nothing else is compared.
 */
function tiltedReference(grid: RegionGrid, across: number, skip: Uint8Array | null, axis: ProductAxis): Float32Array {
  const { width: w, height: h, lab, interior } = grid;
  const { ax, ay, cx, cy } = axis;
  // Each coordinate is a column's term plus a row's term; the column terms are worked out once per
  // column rather than once per cell (the same products, added in the same order).
  const acrossX = scratchFloat64('particles.acrossX', w);
  const alongX = scratchFloat64('particles.alongX', w);
  for (let x = 0; x < w; x++) {
    acrossX[x] = -(x - cx) * ay;
    alongX[x] = (x - cx) * ax;
  }
  const alongOf = (x: number, y: number) => alongX[x] + (y - cy) * ay;
  const acrossOf = (x: number, y: number) => acrossX[x] + (y - cy) * ax;
  // Both coordinates change monotonically along a row (a column's term grows or shrinks steadily with
  // x, the row's term is the same), so their extremes over a row's interior cells lie at its first and
  // last interior cell: only those two are visited.
  let uMin = Infinity, uMax = -Infinity, vMin = Infinity, vMax = -Infinity;
  const include = (x: number, y: number) => {
    const u = acrossOf(x, y), v = alongOf(x, y);
    if (u < uMin) uMin = u;
    if (u > uMax) uMax = u;
    if (v < vMin) vMin = v;
    if (v > vMax) vMax = v;
  };
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let first = 0;
    while (first < w && !interior[row + first]) first++;
    if (first === w) continue;
    let last = w - 1;
    while (!interior[row + last]) last--;
    include(first, y);
    include(last, y);
  }
  const sizeU = Math.max(3, across * (uMax - uMin + 1));
  const sizeV = Math.max(3, BLOCK_ALONG * (vMax - vMin + 1));
  const bu = Math.max(1, Math.ceil((uMax - uMin + 1) / sizeU));
  const bv = Math.max(1, Math.ceil((vMax - vMin + 1) / sizeV));
  // Every interior cell's place in block units, worked out once for the blocks and the interpolation.
  const placeU = scratchFloat64('particles.placeU', w * h);
  const placeV = scratchFloat64('particles.placeV', w * h);
  const blockOf = scratchInt32('particles.blockOf', w * h).fill(-1);
  const counts = new Int32Array(bu * bv);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!interior[i]) continue;
      const pu = (placeU[i] = (acrossOf(x, y) - uMin) / sizeU);
      const pv = (placeV[i] = (alongOf(x, y) - vMin) / sizeV);
      if (skip && skip[i]) continue;
      const b = Math.min(bv - 1, Math.floor(pv)) * bu + Math.min(bu - 1, Math.floor(pu));
      blockOf[i] = b;
      counts[b]++;
    }
  }
  // Each block's values made contiguous by a counting sort: the grid is read once, in order, and every
  // block's values keep that order (the medians see what a gather block by block would give them).
  const starts = new Int32Array(bu * bv + 1);
  for (let b = 0; b < bu * bv; b++) starts[b + 1] = starts[b] + counts[b];
  const total = starts[bu * bv];
  const valuesL = scratchFloat32('particles.blockL', total);
  const valuesA = scratchFloat32('particles.blockA', total);
  const valuesB = scratchFloat32('particles.blockB', total);
  const fill = starts.slice(0, bu * bv);
  for (let i = 0; i < blockOf.length; i++) {
    const b = blockOf[i];
    if (b < 0) continue;
    const at = fill[b]++;
    valuesL[at] = lab[i * 3];
    valuesA[at] = lab[i * 3 + 1];
    valuesB[at] = lab[i * 3 + 2];
  }
  const blocks = new Float32Array(bu * bv * 3);
  const valid = new Uint8Array(bu * bv);
  for (let b = 0; b < bu * bv; b++) {
    const n = counts[b];
    if (n < 5) continue;
    valid[b] = 1;
    const from = starts[b];
    blocks[b * 3] = selectQuantileInPlace(valuesL.subarray(from, from + n), 0.5);
    blocks[b * 3 + 1] = selectQuantileInPlace(valuesA.subarray(from, from + n), 0.5);
    blocks[b * 3 + 2] = selectQuantileInPlace(valuesB.subarray(from, from + n), 0.5);
  }
  fillMissingBlocks(blocks, valid, bu, bv);
  const out = scratchFloat32('particles.reference', w * h * 3).fill(0);
  for (let i = 0; i < w * h; i++) {
    if (!interior[i]) continue;
    const fu = Math.min(bu - 1, Math.max(0, placeU[i] - 0.5));
    const fv = Math.min(bv - 1, Math.max(0, placeV[i] - 0.5));
    const u0 = Math.floor(fu), v0 = Math.floor(fv);
    const u1 = Math.min(bu - 1, u0 + 1), v1 = Math.min(bv - 1, v0 + 1);
    const tu = fu - u0, tv = fv - v0;
    const b00 = (v0 * bu + u0) * 3, b01 = (v0 * bu + u1) * 3, b10 = (v1 * bu + u0) * 3, b11 = (v1 * bu + u1) * 3;
    for (let k = 0; k < 3; k++) {
      const near = blocks[b00 + k] * (1 - tu) + blocks[b01 + k] * tu;
      const far = blocks[b10 + k] * (1 - tu) + blocks[b11 + k] * tu;
      out[i * 3 + k] = near * (1 - tv) + far * tv;
    }
  }
  return out;
}

/** Blocks with too few region pixels take the mean of their valid neighbours, spreading outward. */
function fillMissingBlocks(blocks: Float32Array, valid: Uint8Array, bw: number, bh: number): void {
  if (!valid.some((v) => v === 1)) return;
  while (valid.some((v) => v === 0)) {
    const next = valid.slice();
    for (let b = 0; b < valid.length; b++) {
      if (valid[b]) continue;
      const bx = b % bw;
      const by = (b - bx) / bw;
      const sum = [0, 0, 0];
      let n = 0;
      for (const [dx, dy] of [[-1, 0], [1, 0], [0, -1], [0, 1]]) {
        const nx = bx + dx;
        const ny = by + dy;
        if (nx < 0 || ny < 0 || nx >= bw || ny >= bh || !valid[ny * bw + nx]) continue;
        for (let k = 0; k < 3; k++) sum[k] += blocks[(ny * bw + nx) * 3 + k];
        n++;
      }
      if (n === 0) continue;
      for (let k = 0; k < 3; k++) blocks[b * 3 + k] = sum[k] / n;
      next[b] = 1;
    }
    valid.set(next);
  }
}

function interpolateBlocks(
  blocks: Float32Array,
  bw: number,
  bh: number,
  sizeX: number,
  sizeY: number,
  w: number,
  h: number,
): Float32Array {
  // Every element is written below; the array lives for one pass of detectParticles.
  const out = scratchFloat32('particles.reference', w * h * 3);
  // Each column's two blocks and weight, worked out once rather than once per row.
  const columnFrom = scratchInt32('particles.columnFrom', w);
  const columnTo = scratchInt32('particles.columnTo', w);
  const columnWeight = scratchFloat64('particles.columnWeight', w);
  for (let x = 0; x < w; x++) {
    const fx = Math.min(bw - 1, Math.max(0, (x + 0.5) / sizeX - 0.5));
    columnFrom[x] = Math.floor(fx);
    columnTo[x] = Math.min(bw - 1, columnFrom[x] + 1);
    columnWeight[x] = fx - columnFrom[x];
  }
  for (let y = 0; y < h; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y + 0.5) / sizeY - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const x0 = columnFrom[x];
      const x1 = columnTo[x];
      const tx = columnWeight[x];
      for (let k = 0; k < 3; k++) {
        const top = blocks[(y0 * bw + x0) * 3 + k] * (1 - tx) + blocks[(y0 * bw + x1) * 3 + k] * tx;
        const bottom = blocks[(y1 * bw + x0) * 3 + k] * (1 - tx) + blocks[(y1 * bw + x1) * 3 + k] * tx;
        out[(y * w + x) * 3 + k] = top * (1 - ty) + bottom * ty;
      }
    }
  }
  return out;
}

function contrastMap(grid: RegionGrid, means: Float32Array): Float32Array {
  const { lab, interior } = grid;
  const out = scratchFloat32('particles.contrast', grid.width * grid.height).fill(0);
  for (let i = 0; i < out.length; i++) {
    if (!interior[i]) continue;
    const dL = lab[i * 3] - means[i * 3], da = lab[i * 3 + 1] - means[i * 3 + 1], db = lab[i * 3 + 2] - means[i * 3 + 2];
    // sqrt of the sum rather than Math.hypot: the same distance, several times cheaper per pixel.
    out[i] = Math.sqrt(dL * dL + da * da + db * db);
  }
  return out;
}

/**
 * Median difference between horizontally neighbouring interior cells: ΔE*ab, or |ΔL*| with
 * `lightnessOnly`, over the pairs clear of `skip` when one is given.
 */
function medianNeighbourDifference(grid: RegionGrid, lightnessOnly: boolean, skip: Uint8Array | null): number {
  const { width: w, height: h, lab, interior } = grid;
  const diffs = scratchFloat32('particles.noise', w * h);
  let n = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x + 1 < w; x++, i++) {
      if (!interior[i] || !interior[i + 1] || (skip && (skip[i] || skip[i + 1]))) continue;
      const dL = lab[i * 3] - lab[i * 3 + 3];
      if (lightnessOnly) {
        diffs[n++] = Math.abs(dL);
        continue;
      }
      const da = lab[i * 3 + 1] - lab[i * 3 + 4], db = lab[i * 3 + 2] - lab[i * 3 + 5];
      diffs[n++] = Math.sqrt(dL * dL + da * da + db * db);
    }
  }
  return n === 0 ? 0 : selectQuantileInPlace(diffs, 0.5, n);
}

/** Noise of the region from horizontally neighbouring pixels (robust to the few particle edges). */
function pixelNoise(grid: RegionGrid): number {
  // The difference of two noisy pixels carries √2 times one pixel's noise.
  return medianNeighbourDifference(grid, false, null) / Math.SQRT2;
}

/** Median of |N(0, 1)|: the median absolute difference of two noisy values is this × √2 × their noise. */
const HALF_NORMAL_MEDIAN = 0.6745;

/**
 * L* noise (standard deviation) of the surface between the particles, from neighbouring pairs clear
 * of `skip` (the particles and their halo). Lightness alone: a JPEG stores colour at half resolution,
 * so around dense bright glitter a* and b* vary everywhere while L* stays as sharp as the particles.
 */
function surfaceLightnessNoise(grid: RegionGrid, skip: Uint8Array): number {
  return medianNeighbourDifference(grid, true, skip) / (HALF_NORMAL_MEDIAN * Math.SQRT2);
}

interface Component {
  cells: number[];
  peak: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** 8-connected components of the cells with contrast ≥ `threshold`. */
function components(contrast: Float32Array, w: number, h: number, threshold: number): Component[] {
  const seen = scratchZeroBytes('particles.seen', w * h);
  const found: Component[] = [];
  const stack: number[] = [];
  for (let start = 0; start < contrast.length; start++) {
    if (seen[start] || contrast[start] < threshold) continue;
    const comp: Component = { cells: [], peak: 0, minX: w, maxX: 0, minY: h, maxY: 0 };
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const c = stack.pop() as number;
      const x = c % w;
      const y = (c - x) / w;
      comp.cells.push(c);
      comp.peak = Math.max(comp.peak, contrast[c]);
      comp.minX = Math.min(comp.minX, x);
      comp.maxX = Math.max(comp.maxX, x);
      comp.minY = Math.min(comp.minY, y);
      comp.maxY = Math.max(comp.maxY, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const n = ny * w + nx;
          if (seen[n] || contrast[n] < threshold) continue;
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    found.push(comp);
  }
  return found;
}

/**
 * Whether a component is a particle or a clump of touching particles, not a highlight stripe or an
 * edge: it stays within a quarter of the region's width in both directions and is not a thin line
 * (long, with a mean width under 2.5 cells — the trace of a sharp edge, not a chain of particles).
 * Length and width are measured along the component's own axes (its second moments: a w × h
 * rectangle has variances (w² − 1)/12 and (h² − 1)/12), so a line running diagonally is as thin
 * as an upright one.
 */
function isParticleShaped(comp: Component, maxExtent: number, w: number): boolean {
  const bw = comp.maxX - comp.minX + 1;
  const bh = comp.maxY - comp.minY + 1;
  const { major, minor } = principalVariances(comp.cells, w);
  const long = Math.max(Math.max(bw, bh) > 1 ? Math.sqrt(12 * major + 1) : 1, 1);
  const short = Math.sqrt(12 * minor + 1);
  const thinLine = long / short > 4 && comp.cells.length / long < 2.5;
  return Math.max(bw, bh) <= maxExtent && !thinLine;
}

/** The variances of a set of cells along its major and minor axes. */
function principalVariances(cells: number[], w: number): { major: number; minor: number } {
  let sx = 0, sy = 0;
  for (const c of cells) { sx += c % w; sy += (c / w) | 0; }
  const n = cells.length;
  const mx = sx / n, my = sy / n;
  let xx = 0, yy = 0, xy = 0;
  for (const c of cells) {
    const dx = (c % w) - mx, dy = ((c / w) | 0) - my;
    xx += dx * dx;
    yy += dy * dy;
    xy += dx * dy;
  }
  xx /= n; yy /= n; xy /= n;
  const spread = Math.hypot(xx - yy, 2 * xy);
  return { major: (xx + yy + spread) / 2, minor: Math.max(0, (xx + yy - spread) / 2) };
}

/**
 * The particle's own extent: its cells and their direct neighbours above half of its peak contrast
 * (its full width at half maximum), so a faint particle is not cut short by the start threshold.
 */
function coreCells(comp: Component, contrast: Float32Array, w: number, h: number, taken: Uint8Array): number[] {
  const cut = comp.peak / 2;
  const cells: number[] = [];
  for (const c of comp.cells) {
    const x = c % w;
    const y = (c - x) / w;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const n = ny * w + nx;
        if (taken[n] || contrast[n] < cut) continue;
        taken[n] = 1;
        cells.push(n);
      }
    }
  }
  return cells;
}

/**
 * Drops specks far smaller than the typical particle (under a quarter of the median solid
 * component's area, i.e. under half its diameter): noise and compression rings, not glitter.
 */
function dropSpecks(comps: Component[]): Component[] {
  const solid = comps.map((c) => c.cells.length).filter((a) => a >= MIN_SOLID_CELLS);
  if (solid.length === 0) return comps;
  const typical = selectQuantileInPlace(Float64Array.from(solid), 0.5);
  return comps.filter((comp) => comp.cells.length >= Math.min(MIN_SOLID_CELLS, typical / 4));
}

function findParticleComponents(grid: RegionGrid, reference: Float32Array, contrast: Float32Array, threshold: number): number[][] {
  const maxExtent = Math.max(4, MAX_CLUMP_REL * grid.width);
  // Working memory of this pass only (see ../scratch.ts), as is `stamp`.
  const taken = scratchZeroBytes('particles.taken', contrast.length);
  const found = components(contrast, grid.width, grid.height, threshold).filter((comp) => isParticleShaped(comp, maxExtent, grid.width));
  const cores = dropSpecks(found)
    .map((comp) => coreCells(comp, contrast, grid.width, grid.height, taken))
    .filter((cells) => cells.length > 0);
  const stamp = scratchInt32('particles.stamp', contrast.length).fill(-1);
  return cores.filter((cells, id) => standsOut(grid, reference, cells, contrast, taken, stamp, id, threshold));
}

/** Distance (cells) of the ring of surface a particle is compared with. */
const RING_RADIUS = 2;
/** How far (share of the start threshold) short of the peak a ring cell may fall and still reach as far out as it. */
const RING_CONTRAST = 0.5;
/** Largest share of its ring that may reach as far out as a particle's peak. */
const MAX_LIKE_RING = 0.25;

/**
 * Whether a blob is a local extreme, as a particle is: it stands out from the surface right around
 * it, in the direction in which it differs from the reference, on (almost) every side. A blob that
 * only differs from the block reference is none: where the reference lags a smooth change (a
 * highlight stripe fading out at the frame's edge in a close-up) its ring goes as far out as it all
 * round, and on the edge of a highlight stripe slanting across the blocks the stripe's side of its
 * ring goes further. The ring is the interior cells within RING_RADIUS that belong to no blob; with
 * fewer than three nothing can be said and the blob is kept.
 */
function standsOut(
  grid: RegionGrid,
  reference: Float32Array,
  cells: number[],
  contrast: Float32Array,
  taken: Uint8Array,
  stamp: Int32Array,
  id: number,
  threshold: number,
): boolean {
  const { width: w, height: h, lab, interior } = grid;
  let peak = cells[0];
  for (const c of cells) if (contrast[c] > contrast[peak]) peak = c;
  const rL = reference[peak * 3], ra = reference[peak * 3 + 1], rb = reference[peak * 3 + 2];
  const out = contrast[peak];
  if (out <= 0) return false;
  // Unit direction from the reference to the peak.
  const uL = (lab[peak * 3] - rL) / out, ua = (lab[peak * 3 + 1] - ra) / out, ub = (lab[peak * 3 + 2] - rb) / out;
  const reach = out - RING_CONTRAST * threshold;
  let ring = 0, alike = 0;
  for (const c of cells) {
    const x = c % w;
    const y = (c - x) / w;
    for (let dy = -RING_RADIUS; dy <= RING_RADIUS; dy++) {
      for (let dx = -RING_RADIUS; dx <= RING_RADIUS; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const r = ny * w + nx;
        if (taken[r] || !interior[r] || stamp[r] === id) continue;
        stamp[r] = id;
        ring++;
        const along = (lab[r * 3] - rL) * uL + (lab[r * 3 + 1] - ra) * ua + (lab[r * 3 + 2] - rb) * ub;
        if (along >= reach) alike++;
      }
    }
  }
  return ring < 3 || alike <= MAX_LIKE_RING * ring;
}

function meanColourHex(grid: RegionGrid, cells: number[][]): string {
  const sum = [0, 0, 0];
  let n = 0;
  for (const comp of cells) {
    for (const c of comp) {
      for (let k = 0; k < 3; k++) sum[k] += grid.rgb[c * 3 + k];
      n++;
    }
  }
  return rgbToHex(sum[0] / n, sum[1] / n, sum[2] / n);
}

/**
 * Size and count from the components. Touching particles merge into larger blobs, so the typical
 * particle is the median component, and the count is the particle area divided by that typical area.
 */
function summarise(grid: RegionGrid, comps: number[][], visibleCells: number): Omit<ExtractionResult['particles'], 'present' | 'color'> {
  const areas = comps.map((c) => c.length).sort((p, q) => p - q);
  const total = areas.reduce((s, a) => s + a, 0);
  if (areas.length === 0) return { coverage: 0, sizeRel: 0, count: 0 };
  // Flakes are mixed through the product, so the share found where they can be seen stands for the
  // whole surface, including where a highlight as light as they are hides them.
  const hiddenFactor = grid.interiorCount / Math.max(1, visibleCells);
  const typical = areas[areas.length >> 1];
  const singles = areas.filter((a) => a <= 2.5 * typical);
  const meanDiameter = singles.reduce((s, a) => s + 2 * Math.sqrt(a / Math.PI), 0) / singles.length;
  const meanSingleArea = singles.reduce((s, a) => s + a, 0) / singles.length;
  return {
    coverage: total / Math.max(1, visibleCells),
    sizeRel: meanDiameter / Math.max(1, grid.width),
    count: Math.max(areas.length, Math.round((total / meanSingleArea) * hiddenFactor)),
  };
}

/**
 * Interior cells where a particle of the particles' typical colour would stand out from the surface
 * by at least `threshold`: elsewhere the surface (a highlight as light as the flakes) hides them.
 */
function cellsWhereParticlesShow(grid: RegionGrid, reference: Float32Array, comps: number[][], threshold: number): number {
  let L = 0, a = 0, b = 0, n = 0;
  for (const comp of comps) {
    for (const c of comp) {
      L += grid.lab[c * 3]; a += grid.lab[c * 3 + 1]; b += grid.lab[c * 3 + 2];
      n++;
    }
  }
  if (n === 0) return grid.interiorCount;
  L /= n; a /= n; b /= n;
  let visible = 0;
  for (let i = 0; i < grid.interior.length; i++) {
    if (!grid.interior[i]) continue;
    const dL = reference[i * 3] - L, da = reference[i * 3 + 1] - a, db = reference[i * 3 + 2] - b;
    if (dL * dL + da * da + db * db >= threshold * threshold) visible++;
  }
  return visible;
}

/** Median contrast over the region: most cells are plain surface, so this is the noise's level. */
function typicalContrast(grid: RegionGrid, contrast: Float32Array): number {
  const values = scratchFloat32('particles.typical', grid.interiorCount);
  let n = 0;
  for (let i = 0; i < contrast.length; i++) if (grid.interior[i]) values[n++] = contrast[i];
  return n === 0 ? 0 : selectQuantileInPlace(values, 0.5, n);
}

/** Coarse zones the region is divided into to see how particles spread over it. */
const SPREAD_ZONES = 64;
/** Particles occupying fewer than this share of the zones random placement would fill are clustered. */
const CLUSTERED_OCCUPANCY = 0.5;
/** Hue (degrees) within which a brighter blob is the body's own colour lit more, i.e. white light on it. */
const GLINT_HUE_DEG = 20;
/** Below this chroma a blob is near white: its hue says nothing. */
const GLINT_NEUTRAL_CHROMA = 10;

/**
 * Whether a blob is white light on the surface rather than a flake: brighter than the surface
 * under it, no more saturated (3 of slack), and of the surface's hue or nearly white.
 */
function looksLikeGlint(grid: RegionGrid, reference: Float32Array, cells: number[]): boolean {
  let L = 0, a = 0, b = 0, rL = 0, ra = 0, rb = 0;
  for (const c of cells) {
    L += grid.lab[c * 3]; a += grid.lab[c * 3 + 1]; b += grid.lab[c * 3 + 2];
    rL += reference[c * 3]; ra += reference[c * 3 + 1]; rb += reference[c * 3 + 2];
  }
  const n = cells.length;
  if (L <= rL) return false;
  const chroma = Math.hypot(a / n, b / n);
  const refChroma = Math.hypot(ra / n, rb / n);
  if (chroma > refChroma + 3) return false;
  if (chroma < GLINT_NEUTRAL_CHROMA) return true;
  const turn = Math.abs(Math.atan2(b, a) - Math.atan2(rb, ra)) * (180 / Math.PI);
  return Math.min(turn, 360 - turn) <= GLINT_HUE_DEG;
}

/**
 * Drops glints: sparkles of the light source mirrored by a glossy or textured surface (a cream
 * smear's ridges, the edge of a highlight). A mirror reflection reaches the camera only where the
 * surface's normals can send the light toward it, so glints crowd into the band around the
 * highlight, on the part of the surface the light makes lighter; glitter flakes lie at every angle
 * and sparkle all over the surface, lit part or not. Blobs that look like white light on the surface
 * are glints when, together, they occupy far fewer zones of the region than as many particles
 * scattered at random would, or when most of them sit on the lighter half of the surface. When
 * glints are most of the blobs, any blob where the light falls may be one (compression shifts a
 * speck's colour): those go too. Coloured flakes elsewhere are kept whatever their layout.
 */
function withoutGlints(grid: RegionGrid, reference: Float32Array, comps: number[][]): number[][] {
  const glints = comps.filter((cells) => looksLikeGlint(grid, reference, cells));
  // A layout needs a few blobs to say anything; fewer than glitter's minimum count are left alone.
  if (glints.length < MIN_COUNT) return comps;
  if (!crowdedInZones(grid, glints) && !onTheLitSide(grid, reference, glints)) return comps;
  const dropped = new Set(glints);
  // Mostly glints: the few other specks where the light falls are glints too.
  const lit = 2 * glints.length >= comps.length ? medianReferenceLightness(grid, reference) : Infinity;
  return comps.filter((cells) => !dropped.has(cells) && reference[cells[0] * 3] <= lit);
}

/** Whether blobs occupy fewer than CLUSTERED_OCCUPANCY of the zones as many scattered particles would. */
function crowdedInZones(grid: RegionGrid, blobs: number[][]): boolean {
  const { width: w, height: h, interior } = grid;
  const side = Math.max(2, Math.sqrt(grid.interiorCount / SPREAD_ZONES));
  const zw = Math.ceil(w / side);
  const zh = Math.ceil(h / side);
  const zoneOf = (i: number) => Math.floor(((i / w) | 0) / side) * zw + Math.floor((i % w) / side);
  const area = new Int32Array(zw * zh);
  for (let i = 0; i < w * h; i++) if (interior[i]) area[zoneOf(i)]++;
  // Zones mostly inside the region: those a scattered flake could land in.
  const full = side * side * 0.5;
  let zones = 0;
  for (const a of area) if (a >= full) zones++;
  if (zones < 4) return false;
  const occupied = new Uint8Array(zw * zh);
  for (const cells of blobs) if (area[zoneOf(cells[0])] >= full) occupied[zoneOf(cells[0])] = 1;
  let taken = 0;
  for (const o of occupied) taken += o;
  const expected = zones * (1 - Math.pow(1 - 1 / zones, blobs.length));
  return taken < CLUSTERED_OCCUPANCY * expected;
}

/** Median L* of the surface under the region (the glitter-proof reference). */
function medianReferenceLightness(grid: RegionGrid, reference: Float32Array): number {
  const values = scratchFloat32('particles.litMedian', grid.interiorCount);
  let n = 0;
  for (let i = 0; i < grid.interior.length; i++) if (grid.interior[i]) values[n++] = reference[i * 3];
  return n === 0 ? 0 : selectQuantileInPlace(values, 0.5, n);
}

/**
 * Whether enough blobs (MIN_BLOBS_FOR_SIDE) sit mostly (LIT_SIDE_SHARE) on the lighter half of the
 * surface: scattered flakes land on either half alike.
 */
function onTheLitSide(grid: RegionGrid, reference: Float32Array, blobs: number[][]): boolean {
  if (blobs.length < MIN_BLOBS_FOR_SIDE) return false;
  const median = medianReferenceLightness(grid, reference);
  let lit = 0;
  for (const cells of blobs) if (reference[cells[0] * 3] > median) lit++;
  return lit >= LIT_SIDE_SHARE * blobs.length;
}

/** Blobs needed before their side of the surface says anything (half on each side ± 9 % at 30). */
const MIN_BLOBS_FOR_SIDE = 30;
/** Share of blobs on the lighter half beyond which they follow the light, not chance. */
const LIT_SIDE_SHARE = 0.65;

/** L* between the two sides of the region's lightness split beyond which its minority can be flakes (see denseParticles). */
const DENSE_MIN_SEPARATION = 20;
/** Share of the minority side that must lie in particle-shaped blobs: the rest is their blurred edges. */
const DENSE_MIN_BLOB_SHARE = 0.5;

/** Otsu's split of the interior's L*: the threshold that best separates it into two groups. */
function lightnessSplit(grid: RegionGrid): { threshold: number; separation: number } | null {
  const bins = new Float64Array(101);
  let n = 0;
  for (let i = 0; i < grid.interior.length; i++) {
    if (!grid.interior[i]) continue;
    bins[Math.max(0, Math.min(100, Math.round(grid.lab[i * 3])))]++;
    n++;
  }
  if (n === 0) return null;
  let total = 0;
  for (let L = 0; L <= 100; L++) total += L * bins[L];
  let below = 0, belowSum = 0, best = -1, split: { threshold: number; separation: number } | null = null;
  for (let L = 0; L < 100; L++) {
    below += bins[L];
    belowSum += L * bins[L];
    const above = n - below;
    if (below === 0 || above === 0) continue;
    const m0 = belowSum / below, m1 = (total - belowSum) / above;
    const between = below * above * (m1 - m0) ** 2;
    if (between > best) {
      best = between;
      split = { threshold: L + 0.5, separation: m1 - m0 };
    }
  }
  return split;
}

/**
 * Dense fine flakes: a third of the surface and more (a metallic lacquer, a foiled shadow). They are no
 * minority of the blocks the passes take their reference from, so the reference and the typical
 * contrast follow them and the passes find nothing. The region's lightness then splits in two, far
 * apart (DENSE_MIN_SEPARATION), and the smaller side lies in many small blobs scattered over the whole
 * region. A cylinder's shading or a highlight stripe also splits the lightness, but into a few large
 * or long pieces; a printed label's letters crowd into one place.
 */
function denseParticles(grid: RegionGrid): number[][] {
  const split = lightnessSplit(grid);
  if (!split || split.separation < DENSE_MIN_SEPARATION) return [];
  let lighter = 0, darker = 0;
  for (let i = 0; i < grid.interior.length; i++) {
    if (!grid.interior[i]) continue;
    if (grid.lab[i * 3] > split.threshold) lighter++;
    else darker++;
  }
  const minorityIsLight = lighter <= darker;
  const side = scratchFloat32('particles.side', grid.width * grid.height).fill(0);
  for (let i = 0; i < side.length; i++) {
    if (grid.interior[i] && grid.lab[i * 3] > split.threshold === minorityIsLight) side[i] = 1;
  }
  const maxExtent = Math.max(4, MAX_CLUMP_REL * grid.width);
  const blobs = dropSpecks(components(side, grid.width, grid.height, 0.5).filter((comp) => isParticleShaped(comp, maxExtent, grid.width))).map((c) => c.cells);
  const inBlobs = blobs.reduce((sum, cells) => sum + cells.length, 0);
  const minority = Math.min(lighter, darker);
  if (blobs.length < MIN_COUNT || inBlobs < DENSE_MIN_BLOB_SHARE * minority || crowdedInZones(grid, blobs)) return [];
  return blobs;
}

export function detectParticles(grid: RegionGrid): ParticleMeasure {
  const noise = pixelNoise(grid);
  // The second pass's reference leaves out the first pass's particles (and their halo), so dense
  // glitter cannot pull the block medians toward its own colour.
  let comps: number[][] = [];
  let threshold = MIN_CONTRAST;
  let skip: Uint8Array | null = null;
  let reference: Float32Array | null = null;
  const axis = tiltedAxis(grid);
  for (const across of BLOCK_ACROSS_PASSES) {
    reference = localReference(grid, across, skip, axis);
    const contrast = contrastMap(grid, reference);
    // Noise that neighbouring pixels share (sensor noise smoothed by compression) escapes the
    // neighbour-difference estimate but not the typical contrast against the reference.
    threshold = Math.max(MIN_CONTRAST, 4 * noise, TYPICAL_CONTRAST_FACTOR * typicalContrast(grid, contrast));
    comps = withoutGlints(grid, reference, findParticleComponents(grid, reference, contrast, threshold));
    const found = scratchZeroBytes('particles.found', grid.width * grid.height);
    for (const comp of comps) for (const c of comp) found[c] = 1;
    // Grown by one cell in all eight directions: the particles' blurred halo.
    skip = dilate(found, grid.width, grid.height, 1);
  }
  if (comps.length < MIN_COUNT) {
    const dense = denseParticles(grid);
    if (dense.length > 0) {
      comps = dense;
      const found = scratchZeroBytes('particles.found', grid.width * grid.height);
      for (const comp of comps) for (const c of comp) found[c] = 1;
      skip = dilate(found, grid.width, grid.height, 1);
      reference = localReference(grid, BLOCK_ACROSS_PASSES.at(-1) as number, skip, axis);
      // The passes' threshold followed the flakes; dense ones were found standing this far out.
      threshold = DENSE_MIN_SEPARATION;
    }
  }
  const mask = new Uint8Array(grid.width * grid.height);
  for (const comp of comps) for (const c of comp) mask[c] = 1;
  const visible = reference ? cellsWhereParticlesShow(grid, reference, comps, threshold) : grid.interiorCount;
  const summary = summarise(grid, comps, Math.max(visible, grid.interiorCount / 2));
  const present = summary.count >= MIN_COUNT && summary.coverage >= MIN_COVERAGE;
  return {
    particles: present
      ? { present, ...summary, color: meanColourHex(grid, comps) }
      : { present: false, coverage: 0, sizeRel: 0, count: 0, color: null },
    mask: present ? mask : new Uint8Array(mask.length),
    // The last pass's skip is its particles' halo.
    halo: present && skip ? skip : new Uint8Array(mask.length),
    threshold,
    noise,
    surface:
      present && reference && skip
        ? // A copy: the reference lives in working memory the next photo reuses.
          { lab: reference.slice(0, grid.width * grid.height * 3), lightnessNoise: surfaceLightnessNoise(grid, skip) }
        : null,
  };
}
