/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.66: pass 57 %, of those within ΔE00 5 74 %, more than 10 off sent to a person 82 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion"],
  weights: [0.208,0.567,0.461,0.903,-0.775,-0.291,-0.51,-0.057,-0.03,-0.295],
  reviewBelow: 0.66,
} as const;
