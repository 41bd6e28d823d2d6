/**
 * Weights of the region scorer (region-candidates.ts), one per FEATURE_NAMES entry, in that order.
 * Written by test/tools/train-region-scorer.ts (npm run train:region); do not edit by hand.
 * Trained on 211 real photos of 60 brands and 88 renders; top candidate right
 * on 87.2 % of the real photos with each brand held out.
 */
export const REGION_SCORER_WEIGHTS = {
  features: ["chroma","chromaRelative","neutral","dark","light","lightness","litSibling","hueCos","hueSin","hueCos2","hueSin2","area","areaRelative","share","zone","mainObject","offCentre","depth","flat","ramp","familyArea","familyZone"],
  weights: [1.235,1.217,-0.376,-0.49,-0.029,-0.074,-0.53,0.929,-0.28,1.488,-0.265,0.943,1.482,0.58,1.807,0.251,0.076,-0.52,0.573,-0.83,0.064,0.547],
} as const;
