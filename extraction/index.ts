/** Public surface of extraction/: bytes in, measurements and visual properties out. */
export { analyzePhoto, measurePhoto } from './analyze.ts';
export { readFormatInfo, decodeForAnalysis, readAndDecode, lockImageLoaders, imageLibraryVersions, DEFAULT_LIMITS, type DecodeLimits } from './decode.ts';
export { renderDerivative, type DerivativeOptions } from './derivatives.ts';
export { sniffFormat } from './sniff.ts';
export {
  chroma,
  deltaE2000,
  hexToLab,
  hexToRgb,
  labToHex,
  labToRgb,
  rgbToHex,
  rgbToLab,
} from './color-space.ts';
export { getExtractor, extractorNames } from './extractors/registry.ts';
export * from './types.ts';
export { colourTrust, needsReview, REVIEW_BELOW, type TrustSignals } from './colour-trust.ts';
export { combineViews, VIEWS_DISAGREE_DELTA_E, type ShadeMeasurement, type ViewMeasurement } from './shade-views.ts';
