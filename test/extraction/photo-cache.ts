/**
 * Fixture photos for the extraction tests, rendered once per test file (memoised by spec), plus
 * the overlap measure the region assertions use.
 */
import { defaultSpec, renderPhoto, type PhotoSpec, type RenderedPhoto } from '../fixtures/index.ts';

const cache = new Map<string, Promise<RenderedPhoto>>();

/** A fixture photo: the default clean lipstick with these changes. */
export function photo(overrides: Partial<PhotoSpec> = {}): Promise<RenderedPhoto> {
  const spec = defaultSpec(overrides);
  const key = JSON.stringify(spec);
  if (!cache.has(key)) cache.set(key, renderPhoto(spec));
  return cache.get(key)!;
}

export { iou } from '../support/rect.ts';
