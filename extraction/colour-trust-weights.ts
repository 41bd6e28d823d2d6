/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.71: pass 66 %, of those within ΔE00 5 81 %, more than 10 off sent to a person 80 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube"],
  weights: [0.67,0.484,0.268,0.768,-0.619,-0.249,-0.421,0.069,-0.009,0.023,0.373,-0.392,-0.14],
  reviewBelow: 0.71,
} as const;
