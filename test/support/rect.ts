import type { Rect } from '../../extraction/types.ts';

/** Area two rectangles share (0 when disjoint). */
export function overlapArea(a: Rect, b: Rect): number {
  const x0 = Math.max(a.x, b.x), y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width), y1 = Math.min(a.y + a.height, b.y + b.height);
  return Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
}

/** Intersection over union of two rectangles (0 when disjoint). */
export function iou(a: Rect, b: Rect): number {
  const inter = overlapArea(a, b);
  return inter / (a.width * a.height + b.width * b.height - inter);
}
