/**
 * Weights of the region scorer (region-candidates.ts), one per FEATURE_NAMES entry, in that order.
 * Written by test/tools/train-region-scorer.ts (npm run train:region); do not edit by hand.
 * Trained on 211 real photos of 60 brands and 85 renders; top candidate right
 * on 83.9 % of the real photos with each brand held out.
 */
export const REGION_SCORER_WEIGHTS = {
  features: ["chroma","chromaRelative","neutral","dark","light","lightness","litSibling","hueCos","hueSin","hueCos2","hueSin2","area","areaRelative","share","zone","mainObject","offCentre","depth","flat","ramp"],
  weights: [1.101,1.106,-0.386,-0.472,-0.039,-0.117,-0.435,0.976,-0.231,1.578,-0.195,1.037,1.366,0.488,1.79,0.197,-0.068,-0.618,0.492,-0.848],
} as const;
