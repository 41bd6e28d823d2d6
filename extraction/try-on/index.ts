/**
 * Lip try-on: a shade measured from a product photo (colour, finish, reflectance, glitter) painted
 * onto the lips of a face photo, keeping the lips' own light and texture. Bytes in, PNG out; no
 * HTTP, no storage.
 */
export type { LipRegion, Point, TryOnOptions, TryOnShade } from './types.ts';
export { renderTryOn } from './render-try-on.ts';
export { findLips } from './find-lips.ts';
export { lipMask } from './lip-mask.ts';
