/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.80: pass 55 %, of those within ΔE00 5 91 %, more than 10 off sent to a person 90 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube","highlightGap","wholePartGap"],
  weights: [1.35,0.836,0.174,0.449,-0.497,-0.402,-0.532,0.022,-0.098,-0.048,0.389,-0.129,0.001,-0.514,-0.385],
  reviewBelow: 0.80,
} as const;
