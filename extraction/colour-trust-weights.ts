/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.77: pass 57 %, of those within ΔE00 5 89 %, more than 10 off sent to a person 92 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube","highlightGap","wholePartGap"],
  weights: [1.217,0.777,0.2,0.514,-0.574,-0.148,-0.575,0.315,-0.06,-0.106,0.505,-0.264,-0.1,-0.679,-0.84],
  reviewBelow: 0.77,
} as const;
