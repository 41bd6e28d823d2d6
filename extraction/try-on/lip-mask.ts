import type { LipRegion, Point } from './types.ts';

/**
 * The lips as pixels: which pixels they cover and how deep inside each one lies. A pixel belongs to
 * the lips when its centre lies inside the outer contour and outside the mouth opening (even–odd
 * rule per contour); its depth is the exact distance from its centre to the nearest contour edge.
 */

export interface LipField {
  width: number;
  height: number;
  /** Distance (px) from each covered pixel's centre to the nearest edge of either contour; 0 outside. */
  depth: Float32Array;
  /** Bounding box of the covered pixels (inclusive), or null when none is covered. */
  box: { x0: number; y0: number; x1: number; y1: number } | null;
}

/** 0–1 coverage per pixel: 0 outside the lips, rising over `feather` px inside their edge, then 1. */
export function lipMask(width: number, height: number, lips: LipRegion, feather: number): Float32Array {
  return featheredMask(lipField(width, height, lips), feather);
}

export function featheredMask(field: LipField, feather: number): Float32Array {
  const { depth } = field;
  const out = new Float32Array(depth.length);
  if (!(feather > 0)) {
    for (let i = 0; i < depth.length; i++) out[i] = depth[i] > 0 ? 1 : 0;
    return out;
  }
  for (let i = 0; i < depth.length; i++) {
    const d = depth[i];
    if (d <= 0) continue;
    // Smoothstep rather than a straight ramp: no visible kink where the ramp meets the solid colour.
    const t = Math.min(1, d / feather);
    out[i] = t * t * (3 - 2 * t);
  }
  return out;
}

export function lipField(width: number, height: number, lips: LipRegion): LipField {
  assertContour(lips.outer, 'lips.outer');
  if (lips.inner) assertContour(lips.inner, 'lips.inner');
  const depth = new Float32Array(width * height);
  const inside = scanFill(width, height, lips.outer);
  if (lips.inner && lips.inner.length >= 3) {
    const opening = scanFill(width, height, lips.inner);
    for (let i = 0; i < inside.length; i++) if (opening[i]) inside[i] = 0;
  }
  const segments = segmentsOf(lips.outer, lips.inner);
  let box: LipField['box'] = null;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!inside[i]) continue;
      // A centre lying exactly on the contour still counts as covered, with a depth just above 0.
      depth[i] = Math.max(1e-3, nearestEdge(segments, x, y));
      if (!box) box = { x0: x, y0: y, x1: x, y1: y };
      else {
        if (x < box.x0) box.x0 = x;
        if (x > box.x1) box.x1 = x;
        box.y1 = y;
      }
    }
  }
  return { width, height, depth, box };
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

/** 1 for pixels whose centre is inside the polygon (even–odd), row by row from the edge crossings. */
function scanFill(width: number, height: number, poly: Point[]): Uint8Array {
  const out = new Uint8Array(width * height);
  const crossings: number[] = [];
  for (let y = 0; y < height; y++) {
    crossings.length = 0;
    for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      const [xi, yi] = poly[i];
      const [xj, yj] = poly[j];
      // Half-open in y, so a vertex on the scan line is counted once.
      if (yi > y !== yj > y) crossings.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const from = Math.max(0, Math.ceil(crossings[k]));
      const to = Math.min(width - 1, Math.ceil(crossings[k + 1]) - 1);
      if (to >= from) out.fill(1, y * width + from, y * width + to + 1);
    }
  }
  return out;
}

/** Every edge of both contours as x0, y0, dx, dy, 1 / length² (flat, for the per-pixel loop). */
function segmentsOf(outer: Point[], inner?: Point[]): Float64Array {
  const contours = inner && inner.length >= 3 ? [outer, inner] : [outer];
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
