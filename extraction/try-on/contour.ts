import type { Point } from './types.ts';

/**
 * A binary shape's outline as a polygon: the boundary pixels traced in order (Moore neighbours),
 * moved half a pixel outward (a boundary pixel's centre lies half a pixel inside the shape's edge),
 * then simplified (Douglas–Peucker) to at most `maxPoints`.
 */

/** The 8 neighbours clockwise (y down) starting west. */
const DX = [-1, -1, 0, 1, 1, 1, 0, -1];
const DY = [0, -1, -1, -1, 0, 1, 1, 1];
/** First tolerance of the simplification, px; it doubles until the polygon is short enough. */
const FIRST_TOLERANCE = 0.6;

export function traceOutline(mask: Uint8Array, width: number, height: number, maxPoints: number): Point[] | null {
  const boundary = traceBoundary(mask, width, height);
  if (!boundary || boundary.length < 3) return null;
  const widened = offsetOutward(boundary, 0.5);
  let tolerance = FIRST_TOLERANCE;
  let simplified = simplifyClosed(widened, tolerance);
  while (simplified.length > maxPoints) {
    tolerance *= 1.5;
    simplified = simplifyClosed(widened, tolerance);
  }
  return simplified.length >= 3 ? simplified : null;
}

/** Boundary pixels of the shape containing the first set pixel (raster order), in order, closed implicitly. */
function traceBoundary(mask: Uint8Array, width: number, height: number): Point[] | null {
  const start = mask.indexOf(1);
  if (start < 0) return null;
  const set = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height && mask[y * width + x] === 1;
  const sx = start % width;
  const sy = Math.floor(start / width);
  const out: Point[] = [[sx, sy]];
  let px = sx;
  let py = sy;
  // The pixel west of the first one is background (it comes first in raster order otherwise).
  let back = 0;
  const limit = 4 * mask.length;
  for (let steps = 0; steps < limit; steps++) {
    let found = -1;
    for (let k = 1; k <= 8; k++) {
      const d = (back + k) % 8;
      if (set(px + DX[d], py + DY[d])) {
        found = d;
        break;
      }
    }
    if (found < 0) return out; // a single pixel
    // The last background neighbour checked, seen from the new pixel, is where the next search starts.
    const bx = px + DX[(found + 7) % 8];
    const by = py + DY[(found + 7) % 8];
    px += DX[found];
    py += DY[found];
    back = directionOf(bx - px, by - py);
    if (px === sx && py === sy) break;
    out.push([px, py]);
  }
  return out;
}

function directionOf(dx: number, dy: number): number {
  for (let d = 0; d < 8; d++) if (DX[d] === dx && DY[d] === dy) return d;
  return 0;
}

function signedArea(poly: Point[]): number {
  let sum = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x0, y0] = poly[i];
    const [x1, y1] = poly[(i + 1) % poly.length];
    sum += x0 * y1 - x1 * y0;
  }
  return sum / 2;
}

/** Every vertex moved `distance` along the outward normal of its neighbours' chord. */
function offsetOutward(poly: Point[], distance: number): Point[] {
  // With y down, a positive shoelace sum is a clockwise outline on screen; its outward normal of a
  // direction (dx, dy) is (dy, −dx).
  const sign = signedArea(poly) > 0 ? 1 : -1;
  return poly.map((p, i) => {
    const prev = poly[(i - 1 + poly.length) % poly.length];
    const next = poly[(i + 1) % poly.length];
    const dx = next[0] - prev[0];
    const dy = next[1] - prev[1];
    const len = Math.hypot(dx, dy) || 1;
    return [p[0] + (sign * distance * dy) / len, p[1] - (sign * distance * dx) / len];
  });
}

/** Douglas–Peucker on a closed outline: split at the vertex farthest from the first, simplify both halves. */
function simplifyClosed(poly: Point[], tolerance: number): Point[] {
  if (poly.length <= 3) return poly;
  let far = 0;
  let farDistance = -1;
  for (let i = 1; i < poly.length; i++) {
    const d = Math.hypot(poly[i][0] - poly[0][0], poly[i][1] - poly[0][1]);
    if (d > farDistance) {
      farDistance = d;
      far = i;
    }
  }
  const first = simplifyChain(poly.slice(0, far + 1), tolerance);
  const second = simplifyChain([...poly.slice(far), poly[0]], tolerance);
  return [...first.slice(0, -1), ...second.slice(0, -1)];
}

function simplifyChain(chain: Point[], tolerance: number): Point[] {
  const keep = new Uint8Array(chain.length);
  keep[0] = 1;
  keep[chain.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, chain.length - 1]];
  while (stack.length > 0) {
    const [from, to] = stack.pop() as [number, number];
    let worst = -1;
    let worstDistance = tolerance;
    for (let i = from + 1; i < to; i++) {
      const d = distanceToSegment(chain[i], chain[from], chain[to]);
      if (d > worstDistance) {
        worstDistance = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([from, worst], [worst, to]);
    }
  }
  return chain.filter((_, i) => keep[i]);
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}
