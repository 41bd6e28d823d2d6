/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.68: pass 56 %, of those within ΔE00 5 78 %, more than 10 off sent to a person 81 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion"],
  weights: [0.216,0.534,0.489,0.946,-0.78,-0.19,-0.445,-0.024,-0.025,-0.318],
  reviewBelow: 0.68,
} as const;
