/**
 * Confidence (0–1) of a reported colour, as a product of independent doubts: each factor is 1 when
 * its condition gives no reason for doubt.
 */
import type { Lab } from '../types.ts';
import type { WhiteReferenceStatus } from './white-reference.ts';

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** Few pixels: under ~50 nothing can be said, from ~5000 the sample is ample. */
export function sizeFactor(pixels: number): number {
  return clamp01(Math.log10(Math.max(1, pixels) / 50) / 2);
}

/** Spread (RMS ΔE*ab) of the pixels the colour came from: noise is ~1–3, a mixed region far more. */
export function spreadFactor(spread: number): number {
  return clamp01(1 - Math.max(0, spread - 3) / 12);
}

/** Highlights and glitter hide the base: past 15 % of the region, every further share costs trust. */
export function hiddenShareFactor(hiddenShare: number): number {
  return clamp01(1 - Math.max(0, hiddenShare - 0.15) / 0.7);
}

/**
 * Share (0–1) of the visible region that is the body's colour family (same hue, or both near grey):
 * shading and highlights keep the hue, a second colour in the region does not.
 */
export function hueAgreementFactor(share: number): number {
  return clamp01((share - 0.5) / 0.4);
}

/** Below this chroma a colour's hue is noise. */
const NEAR_GREY_CHROMA = 8;
/** Largest hue difference (radians, 30°) still read as the same colour family. */
const MAX_HUE_GAP = Math.PI / 6;

/** cos(MAX_HUE_GAP): two hues lie within the gap when the cosine of the angle between them is at least this. */
const COS_MAX_HUE_GAP = Math.cos(MAX_HUE_GAP);

/**
 * Whether a colour (a*, b*) is of the body's colour family: the same hue within MAX_HUE_GAP, or both near
 * grey (a near-grey colour beside a colourful body, or the reverse, is not). Made once per body colour
 * and asked for every cell of a region: the body's chroma and hue direction are worked out once, and the
 * hue gap is compared through its cosine (the dot product with the body's unit hue direction, over the
 * colour's chroma) rather than as a difference of arc tangents.
 */
export function hueFamilyOf(body: Lab): (a: number, b: number) => boolean {
  const bodyChroma = Math.sqrt(body.a * body.a + body.b * body.b);
  const greyBody = bodyChroma <= NEAR_GREY_CHROMA;
  // The body's unit hue direction (unused, and NaN, for a grey body).
  const ua = body.a / bodyChroma, ub = body.b / bodyChroma;
  return (a: number, b: number): boolean => {
    // sqrt of the sum, not Math.hypot: this runs for every cell, and hypot is several times slower.
    const chroma = Math.sqrt(a * a + b * b);
    if (chroma <= NEAR_GREY_CHROMA) return bodyChroma <= NEAR_GREY_CHROMA * 2;
    if (greyBody) return chroma <= NEAR_GREY_CHROMA * 2;
    return a * ua + b * ub >= COS_MAX_HUE_GAP * chroma;
  };
}

/** Without a usable white reference, the photo's cast and exposure stay uncorrected. */
export function whiteReferenceFactor(status: WhiteReferenceStatus): number {
  switch (status) {
    case 'neutral':
    case 'corrected':
      return 1;
    case 'absent':
    case 'tinted':
      return 0.75;
    case 'rejected':
      return 0.6;
  }
}
