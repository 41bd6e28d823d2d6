/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.80: pass 55 %, of those within ΔE00 5 91 %, more than 10 off sent to a person 91 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube","highlightGap","wholePartGap"],
  weights: [1.353,0.836,0.167,0.44,-0.493,-0.402,-0.54,0.02,-0.098,-0.046,0.396,-0.125,0.006,-0.514,-0.387],
  reviewBelow: 0.80,
} as const;
