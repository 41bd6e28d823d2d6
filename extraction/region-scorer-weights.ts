/**
 * Weights of the region scorer (region-candidates.ts), one per FEATURE_NAMES entry, in that order.
 * Written by test/tools/train-region-scorer.ts (npm run train:region); do not edit by hand.
 * Trained on 211 real photos of 60 brands and 91 renders; top candidate right
 * on 89.6 % of the real photos with each brand held out.
 */
export const REGION_SCORER_WEIGHTS = {
  features: ["chroma","chromaRelative","neutral","dark","light","lightness","litSibling","hueCos","hueSin","hueCos2","hueSin2","area","areaRelative","share","zone","mainObject","offCentre","depth","flat","ramp","familyArea","familyZone"],
  weights: [1.096,1.169,-0.391,-0.483,-0.045,0.023,-0.575,0.975,-0.204,1.415,-0.151,0.914,1.377,0.572,1.945,0.153,0.438,-0.59,0.62,-1.026,0.049,0.871],
} as const;
