/**
 * Weights of the region scorer (region-candidates.ts), one per FEATURE_NAMES entry, in that order.
 * Written by test/tools/train-region-scorer.ts (npm run train:region); do not edit by hand.
 * Trained on 211 real photos of 60 brands and 82 renders; top candidate right
 * on 85.8 % of the real photos with each brand held out.
 */
export const REGION_SCORER_WEIGHTS = {
  features: ["chroma","chromaRelative","neutral","dark","light","lightness","litSibling","hueCos","hueSin","hueCos2","hueSin2","area","areaRelative","share","zone","mainObject","offCentre","depth","flat","ramp"],
  weights: [1.048,1.095,-0.4,-0.431,-0.031,0.003,-0.334,0.983,-0.212,1.581,-0.162,1.062,1.58,0.528,1.954,0.194,0.104,-0.814,0.518,-0.676],
} as const;
