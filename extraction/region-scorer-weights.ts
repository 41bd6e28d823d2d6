/**
 * Weights of the region scorer (region-candidates.ts), one per FEATURE_NAMES entry, in that order.
 * Written by test/tools/train-region-scorer.ts (npm run train:region); do not edit by hand.
 * Trained on 211 real photos of 60 brands and 91 renders; top candidate right
 * on 90.5 % of the real photos with each brand held out.
 */
export const REGION_SCORER_WEIGHTS = {
  features: ["chroma","chromaRelative","neutral","dark","light","lightness","litSibling","hueCos","hueSin","hueCos2","hueSin2","area","areaRelative","share","zone","mainObject","offCentre","depth","flat","ramp","familyArea","familyZone"],
  weights: [1.106,1.177,-0.414,-0.491,-0.043,0.054,-0.563,0.969,-0.167,1.344,-0.154,0.916,1.386,0.58,1.978,0.244,0.432,-0.54,0.623,-1.018,0.057,0.919],
} as const;
