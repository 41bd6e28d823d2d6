/**
 * Fixture photos for the extraction tests, rendered once per test file (memoised by spec), plus
 * the overlap measure the region assertions use.
 */
import { defaultSpec, renderPhoto, type PhotoSpec, type RenderedPhoto } from '../fixtures/index.ts';
import type { Rect } from '../../extraction/types.ts';

const cache = new Map<string, Promise<RenderedPhoto>>();

/** A fixture photo: the default clean lipstick with these changes. */
export function photo(overrides: Partial<PhotoSpec> = {}): Promise<RenderedPhoto> {
  const spec = defaultSpec(overrides);
  const key = JSON.stringify(spec);
  if (!cache.has(key)) cache.set(key, renderPhoto(spec));
  return cache.get(key)!;
}

/** Intersection over union of two rectangles (0 when disjoint). */
export function iou(a: Rect, b: Rect): number {
  const x0 = Math.max(a.x, b.x), y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width), y1 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return inter / (a.width * a.height + b.width * b.height - inter);
}
