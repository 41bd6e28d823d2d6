/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.79: pass 57 %, of those within ΔE00 5 91 %, more than 10 off sent to a person 91 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube","highlightGap","wholePartGap"],
  weights: [1.248,0.822,0.152,0.401,-0.479,-0.436,-0.532,0.126,-0.096,-0.034,0.427,-0.1,0.018,-0.476,-0.424],
  reviewBelow: 0.79,
} as const;
