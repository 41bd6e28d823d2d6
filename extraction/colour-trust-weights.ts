/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.82: pass 46 %, of those within ΔE00 5 85 %, more than 10 off sent to a person 85 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube"],
  weights: [0.734,0.676,0.201,0.611,-0.476,-0.246,-0.583,0.1,-0.01,-0.045,0.253,-0.349,-0.056],
  reviewBelow: 0.82,
} as const;
