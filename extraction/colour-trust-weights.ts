/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.79: pass 57 %, of those within ΔE00 5 92 %, more than 10 off sent to a person 91 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube","highlightGap","wholePartGap"],
  weights: [1.282,0.865,0.149,0.4,-0.475,-0.428,-0.524,0.108,-0.094,-0.038,0.37,-0.097,0.014,-0.535,-0.421],
  reviewBelow: 0.79,
} as const;
