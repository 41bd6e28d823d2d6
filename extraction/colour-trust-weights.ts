/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.71: pass 49 %, of those within ΔE00 5 78 %, more than 10 off sent to a person 82 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion"],
  weights: [0.14,0.631,0.438,0.826,-0.817,-0.214,-0.508,0.069,-0.031,-0.299],
  reviewBelow: 0.71,
} as const;
