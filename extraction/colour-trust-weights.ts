/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.70: pass 51 %, of those within ΔE00 5 83 %, more than 10 off sent to a person 81 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube"],
  weights: [0.336,0.492,0.461,0.907,-0.776,-0.212,-0.456,-0.023,-0.024,-0.335,0.412,-0.644,-0.396],
  reviewBelow: 0.70,
} as const;
