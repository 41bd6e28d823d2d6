/**
 * Weights of the region scorer (region-candidates.ts), one per FEATURE_NAMES entry, in that order.
 * Written by test/tools/train-region-scorer.ts (npm run train:region); do not edit by hand.
 * Trained on 211 real photos of 60 brands and 82 renders; top candidate right
 * on 83.9 % of the real photos with each brand held out.
 */
export const REGION_SCORER_WEIGHTS = {
  features: ["chroma","chromaRelative","neutral","dark","light","hueCos","hueSin","hueCos2","hueSin2","area","areaRelative","share","zone","mainObject","offCentre","depth","flat","ramp"],
  weights: [0.906,0.806,-0.365,-0.249,-0.029,0.727,-0.18,1.096,-0.197,0.751,1.284,0.503,0.817,0.106,0.065,-0.351,0.544,-0.459],
} as const;
