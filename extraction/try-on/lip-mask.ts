import type { LipRegion, Point } from './types.ts';

/**
 * The lips as pixels: which pixels they cover and how deep inside each one lies. A pixel belongs to
 * the lips when its centre lies inside the outer contour and outside the mouth opening (even–odd
 * rule per contour); its depth is the distance from its centre to the nearest contour edge: exact
 * within `exactBand` px of the edge (where the feather ramp needs it), and from a Euclidean distance
 * transform of the pixel grid deeper inside (where only the rounded cross-section of the gloss uses it).
 *
 * Everything is held for the lips' bounding box only: the rest of the photo is never touched.
 */

export interface LipBox {
  x0: number;
  y0: number;
  /** Size of the box, px. */
  width: number;
  height: number;
}

export interface LipField {
  /** The photo's size. */
  width: number;
  height: number;
  /** The covered pixels' bounding box; null when the region covers no pixel centre. */
  box: LipBox | null;
  /** Depth per pixel of the box (row-major, box.width × box.height); 0 where not covered. */
  depth: Float32Array;
}

/** 0–1 coverage per pixel: 0 outside the lips, rising over `feather` px inside their edge, then 1. */
export function lipMask(width: number, height: number, lips: LipRegion, feather: number): Float32Array {
  assertSize(width, height);
  const field = lipField(width, height, lips, feather);
  const out = new Float32Array(width * height);
  if (!field.box) return out;
  const local = featheredMask(field, feather);
  const { x0, y0, width: bw, height: bh } = field.box;
  for (let y = 0; y < bh; y++) out.set(local.subarray(y * bw, (y + 1) * bw), (y + y0) * width + x0);
  return out;
}

/** Coverage per pixel of the box: a smooth ramp over `feather` px of depth. */
export function featheredMask(field: LipField, feather: number): Float32Array {
  const { depth } = field;
  const out = new Float32Array(depth.length);
  for (let i = 0; i < depth.length; i++) {
    const d = depth[i];
    if (d <= 0) continue;
    if (!(feather > 0)) {
      out[i] = 1;
      continue;
    }
    // Smoothstep rather than a straight ramp: no visible kink where the ramp meets the solid colour.
    const t = Math.min(1, d / feather);
    out[i] = t * t * (3 - 2 * t);
  }
  return out;
}

/** Beyond the feather, exact distances are kept for this many px more (the EDT's error is under a pixel). */
const EXACT_MARGIN = 2;

export function lipField(width: number, height: number, lips: LipRegion, feather: number): LipField {
  assertContour(lips.outer, 'lips.outer');
  // An empty opening (a closed mouth written out as `inner: []`) is no opening.
  const inner = lips.inner && lips.inner.length > 0 ? lips.inner : undefined;
  if (inner) assertContour(inner, 'lips.inner');
  const frame = boundsOf(lips.outer, width, height);
  if (!frame) return { width, height, box: null, depth: new Float32Array(0) };
  const inside = scanFill(frame, lips.outer);
  if (inner) {
    const opening = scanFill(frame, inner);
    for (let i = 0; i < inside.length; i++) if (opening[i]) inside[i] = 0;
  }
  const covered = boundsOfSet(inside, frame);
  if (!covered) return { width, height, box: null, depth: new Float32Array(0) };
  const box = covered;
  const local = crop(inside, frame, box);
  const depth = distanceInside(local, box.width, box.height);
  const segments = segmentsOf(lips.outer, inner);
  const band = Math.max(0, feather) + EXACT_MARGIN;
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const k = y * box.width + x;
      if (!local[k] || depth[k] > band + 1) continue;
      // A centre lying exactly on the contour still counts as covered, with a depth just above 0.
      depth[k] = Math.max(1e-3, nearestEdge(segments, x + box.x0, y + box.y0));
    }
  }
  return { width, height, box, depth };
}

function assertSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw Object.assign(new RangeError(`Expected positive integers for width and height but received ${width} × ${height}`), { code: 'INVALID_SIZE' });
  }
}

function assertContour(points: Point[], name: string): void {
  if (!Array.isArray(points) || points.length < 3) {
    throw Object.assign(new RangeError(`Expected at least 3 points for ${name} but received ${Array.isArray(points) ? points.length : typeof points}`), {
      code: 'INVALID_LIP_REGION',
    });
  }
  for (const p of points) {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw Object.assign(new RangeError(`Expected [x, y] pairs of finite numbers for ${name} but received ${JSON.stringify(p)}`), {
        code: 'INVALID_LIP_REGION',
      });
    }
  }
}

/** Pixels whose centres the polygon's bounding box can hold, clipped to the photo; null when none. */
function boundsOf(poly: Point[], width: number, height: number): LipBox | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of poly) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const x0 = Math.max(0, Math.ceil(minX));
  const y0 = Math.max(0, Math.ceil(minY));
  const x1 = Math.min(width - 1, Math.floor(maxX));
  const y1 = Math.min(height - 1, Math.floor(maxY));
  return x1 < x0 || y1 < y0 ? null : { x0, y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

function boundsOfSet(mask: Uint8Array, frame: LipBox): LipBox | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      if (!mask[y * frame.width + x]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  return x1 < 0 ? null : { x0: frame.x0 + x0, y0: frame.y0 + y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

function crop(mask: Uint8Array, frame: LipBox, box: LipBox): Uint8Array {
  const out = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const from = (y + box.y0 - frame.y0) * frame.width + box.x0 - frame.x0;
    out.set(mask.subarray(from, from + box.width), y * box.width);
  }
  return out;
}

/** 1 for pixels of `frame` whose centre is inside the polygon (even–odd), row by row from the edge crossings. */
function scanFill(frame: LipBox, poly: Point[]): Uint8Array {
  const out = new Uint8Array(frame.width * frame.height);
  const crossings: number[] = [];
  for (let row = 0; row < frame.height; row++) {
    const y = row + frame.y0;
    crossings.length = 0;
    for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      const [xi, yi] = poly[i];
      const [xj, yj] = poly[j];
      // Half-open in y, so a vertex on the scan line is counted once.
      if (yi > y !== yj > y) crossings.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const from = Math.max(0, Math.ceil(crossings[k]) - frame.x0);
      const to = Math.min(frame.width - 1, Math.ceil(crossings[k + 1]) - 1 - frame.x0);
      if (to >= from) out.fill(1, row * frame.width + from, row * frame.width + to + 1);
    }
  }
  return out;
}

/**
 * Distance from each set pixel's centre to the nearest unset pixel's centre (pixels beyond the box
 * count as unset), minus half a pixel for the edge between them: the exact Euclidean distance
 * transform of Felzenszwalb & Huttenlocher, one pass per column then per row.
 */
function distanceInside(mask: Uint8Array, width: number, height: number): Float32Array {
  const INF = 1e12;
  // Padded by one pixel on each side, so the box's border counts as outside.
  const pw = width + 2;
  const ph = height + 2;
  const grid = new Float64Array(pw * ph).fill(0);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (mask[y * width + x]) grid[(y + 1) * pw + x + 1] = INF;
  const line = new Float64Array(Math.max(pw, ph));
  const result = new Float64Array(Math.max(pw, ph));
  for (let x = 0; x < pw; x++) {
    for (let y = 0; y < ph; y++) line[y] = grid[y * pw + x];
    squaredDistance1d(line, ph, result);
    for (let y = 0; y < ph; y++) grid[y * pw + x] = result[y];
  }
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) line[x] = grid[y * pw + x];
    squaredDistance1d(line, pw, result);
    for (let x = 0; x < pw; x++) grid[y * pw + x] = result[x];
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x]) out[y * width + x] = Math.max(1e-3, Math.sqrt(grid[(y + 1) * pw + x + 1]) - 0.5);
    }
  }
  return out;
}

/** 1-D squared distance transform (lower envelope of parabolas). */
function squaredDistance1d(f: Float64Array, n: number, out: Float64Array): void {
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    while (s <= z[k]) {
      k--;
      s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    out[q] = (q - v[k]) * (q - v[k]) + f[v[k]];
  }
}

/** Every edge of both contours as x0, y0, dx, dy, 1 / length² (flat, for the per-pixel loop). */
function segmentsOf(outer: Point[], inner?: Point[]): Float64Array {
  const contours = inner ? [outer, inner] : [outer];
  const count = contours.reduce((n, c) => n + c.length, 0);
  const out = new Float64Array(count * 5);
  let k = 0;
  for (const c of contours) {
    for (let i = 0; i < c.length; i++) {
      const [x0, y0] = c[i];
      const [x1, y1] = c[(i + 1) % c.length];
      const dx = x1 - x0;
      const dy = y1 - y0;
      const len2 = dx * dx + dy * dy;
      out.set([x0, y0, dx, dy, len2 > 0 ? 1 / len2 : 0], k);
      k += 5;
    }
  }
  return out;
}

function nearestEdge(segments: Float64Array, x: number, y: number): number {
  let best = Infinity;
  for (let k = 0; k < segments.length; k += 5) {
    const px = x - segments[k];
    const py = y - segments[k + 1];
    const dx = segments[k + 2];
    const dy = segments[k + 3];
    let t = (px * dx + py * dy) * segments[k + 4];
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const ex = px - t * dx;
    const ey = py - t * dy;
    const d2 = ex * ex + ey * ey;
    if (d2 < best) best = d2;
  }
  return Math.sqrt(best);
}
