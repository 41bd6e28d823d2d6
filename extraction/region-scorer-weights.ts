/**
 * Weights of the region scorer (region-candidates.ts), one per FEATURE_NAMES entry, in that order.
 * Written by test/tools/train-region-scorer.ts (npm run train:region); do not edit by hand.
 * Trained on 211 real photos of 60 brands and 88 renders; top candidate right
 * on 87.7 % of the real photos with each brand held out.
 */
export const REGION_SCORER_WEIGHTS = {
  features: ["chroma","chromaRelative","neutral","dark","light","lightness","litSibling","hueCos","hueSin","hueCos2","hueSin2","area","areaRelative","share","zone","mainObject","offCentre","depth","flat","ramp","familyArea","familyZone"],
  weights: [1.325,1.254,-0.322,-0.47,-0.031,-0.038,-0.579,0.899,-0.299,1.355,-0.28,0.923,1.361,0.601,1.727,0.157,0.2,-0.585,0.535,-0.935,0.096,0.625],
} as const;
