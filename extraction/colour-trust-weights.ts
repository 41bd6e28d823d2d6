/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.71: pass 50 %, of those within ΔE00 5 83 %, more than 10 off sent to a person 80 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube"],
  weights: [0.387,0.48,0.458,0.877,-0.785,-0.2,-0.482,-0.014,-0.007,-0.345,0.394,-0.649,-0.41],
  reviewBelow: 0.71,
} as const;
