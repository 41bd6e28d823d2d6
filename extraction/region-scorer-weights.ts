/**
 * Weights of the region scorer (region-candidates.ts), one per FEATURE_NAMES entry, in that order.
 * Written by test/tools/train-region-scorer.ts (npm run train:region); do not edit by hand.
 * Trained on 211 real photos of 60 brands and 91 renders; top candidate right
 * on 90.5 % of the real photos with each brand held out.
 */
export const REGION_SCORER_WEIGHTS = {
  features: ["chroma","chromaRelative","neutral","dark","light","lightness","litSibling","hueCos","hueSin","hueCos2","hueSin2","area","areaRelative","share","zone","mainObject","offCentre","depth","flat","ramp","familyArea","familyZone"],
  weights: [1.105,1.178,-0.413,-0.491,-0.043,0.052,-0.557,0.967,-0.167,1.342,-0.155,0.915,1.383,0.581,1.985,0.246,0.43,-0.536,0.625,-1.017,0.058,0.917],
} as const;
