/**
 * Weights of the region scorer (region-candidates.ts), one per FEATURE_NAMES entry, in that order.
 * Written by test/tools/train-region-scorer.ts (npm run train:region); do not edit by hand.
 * Trained on 211 real photos of 60 brands and 91 renders; top candidate right
 * on 88.6 % of the real photos with each brand held out.
 */
export const REGION_SCORER_WEIGHTS = {
  features: ["chroma","chromaRelative","neutral","dark","light","lightness","litSibling","hueCos","hueSin","hueCos2","hueSin2","area","areaRelative","share","zone","mainObject","offCentre","depth","flat","ramp","familyArea","familyZone"],
  weights: [1.106,1.183,-0.389,-0.482,-0.044,0.02,-0.549,0.969,-0.21,1.405,-0.157,0.922,1.362,0.591,1.953,0.151,0.424,-0.592,0.609,-1.005,0.05,0.873],
} as const;
