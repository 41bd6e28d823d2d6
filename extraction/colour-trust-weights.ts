/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.77: pass 62 %, of those within ΔE00 5 87 %, more than 10 off sent to a person 92 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube","highlightGap","wholePartGap"],
  weights: [1.308,0.722,0.185,0.434,-0.472,-0.378,-0.539,0.102,-0.1,-0.17,0.427,-0.133,-0.059,-0.581,-0.442],
  reviewBelow: 0.77,
} as const;
