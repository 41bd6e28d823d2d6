/**
 * Weights of the colour-trust model (colour-trust.ts), one per TRUST_FEATURES entry, and the review threshold.
 * Written by test/tools/train-colour-trust.ts (npm run train:trust); do not edit by hand.
 * Leave-one-brand-out on 211 real photos: threshold 0.78: pass 59 %, of those within ΔE00 5 90 %, more than 10 off sent to a person 92 %.
 */
export const COLOUR_TRUST_WEIGHTS = {
  features: ["bias","extractorConfidence","bestShare","margin","rivalRisk","anchorGap","smallPhoto","whiteBackdrop","lowChroma","tinyRegion","largeRegion","touchesFrame","throughTube","highlightGap","wholePartGap"],
  weights: [1.264,0.811,0.163,0.424,-0.492,-0.416,-0.51,0.107,-0.093,-0.056,0.391,-0.097,-0.035,-0.537,-0.398],
  reviewBelow: 0.78,
} as const;
