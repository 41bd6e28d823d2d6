/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.76: pass 61 %, of those within ΔE00 5 83 %, more than 10 off sent to a person 83 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube"],
  weights: [0.703,0.633,0.161,0.605,-0.563,-0.162,-0.611,0.223,-0.011,0.052,0.322,-0.347,-0.142],
  reviewBelow: 0.76,
} as const;
