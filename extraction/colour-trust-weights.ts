/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.72: pass 40 %, of those within ΔE00 5 82 %, more than 10 off sent to a person 80 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion"],
  weights: [0.312,0.826,0.447,0.736,-0.926,-0.904,-0.52,0,-0.075,-0.419],
  reviewBelow: 0.72,
} as const;
