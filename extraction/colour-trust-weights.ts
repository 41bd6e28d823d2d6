/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.70: pass 52 %, of those within ΔE00 5 84 %, more than 10 off sent to a person 81 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube"],
  weights: [0.265,0.499,0.493,0.925,-0.764,-0.201,-0.385,-0.015,-0.024,-0.333,0.471,-0.668,-0.417],
  reviewBelow: 0.70,
} as const;
