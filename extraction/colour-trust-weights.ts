/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.80: pass 56 %, of those within ΔE00 5 92 %, more than 10 off sent to a person 90 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube","highlightGap","wholePartGap"],
  weights: [1.352,0.836,0.173,0.445,-0.493,-0.403,-0.532,0.023,-0.098,-0.049,0.388,-0.13,0,-0.515,-0.386],
  reviewBelow: 0.80,
} as const;
