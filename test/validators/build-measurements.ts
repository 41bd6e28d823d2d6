/**
 * Hand-built measurements for judging tests: a clean photo by default (what a well-shot 1200×1600
 * lipstick on a pure white sweep measures), with any part overridden.
 */
import type { ExtractionResult, PhotoAnalysis, PhotoMeasurements } from '../../extraction/types.ts';
import { COORDINATE_CONVENTION } from '../../extraction/types.ts';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends Array<unknown> ? T[K] : T[K] extends object | null ? DeepPartial<T[K]> : T[K] };

export function cleanMeasurements(over: DeepPartial<PhotoMeasurements> = {}): PhotoMeasurements {
  const base: PhotoMeasurements = {
    format: { format: 'jpeg', bytes: 400_000, width: 1200, height: 1600, pages: 1, channels: 3, hasAlpha: false, bitDepth: 'uchar', orientation: 1, space: 'srgb', iccDescription: null },
    width: 1200,
    height: 1600,
    background: { nearWhiteShare: 1, pureWhiteShare: 0.98, meanLab: { L: 100, a: 0, b: 0 }, unevenness: 0.5, bandWidth: 48 },
    exposure: { backgroundL: 100, productClippedShare: 0.02, productColourClippedShare: 0, productCrushedShare: 0.05, productL: 45 },
    colorCast: { a: 0, b: 0, chroma: 0 },
    angle: { tiltDeg: 0, confidence: 0.9 },
    sharpness: { score: 45 },
    framing: { spanShare: 0.88, cutEdges: [], productBox: { x: 450, y: 96, width: 300, height: 1408 } },
    productFound: true,
  };
  return {
    ...base,
    ...over,
    format: { ...base.format, ...over.format },
    background: { ...base.background, ...over.background, meanLab: { ...base.background.meanLab, ...over.background?.meanLab } },
    exposure: { ...base.exposure, ...over.exposure },
    colorCast: { ...base.colorCast, ...over.colorCast },
    angle: { ...base.angle, ...over.angle },
    sharpness: { ...base.sharpness, ...over.sharpness },
    framing: { ...base.framing, ...over.framing, productBox: base.framing.productBox },
  } as PhotoMeasurements;
}

/** An extraction that measured `hex`/`lab` as the shade colour. */
export function extractionWithColor(hex: string, lab: { L: number; a: number; b: number }): ExtractionResult {
  return {
    extractor: { name: 'robust', version: 'test' },
    region: { x: 500, y: 200, width: 200, height: 400, convention: COORDINATE_CONVENTION },
    color: { hex, lab, confidence: 0.9 },
    review: false,
    finish: { value: 'satin', confidence: 0.8 },
    particles: { present: false, coverage: 0, sizeRel: 0, count: 0, color: null },
    reflectance: { specularIntensity: 0.3, glossiness: 0.4, roughness: 0.6 },
    material: { baseColorLinear: [0.4, 0.02, 0.06], metallic: 0, roughness: 0.6, clearcoat: 0, clearcoatRoughness: 0 },
  };
}

export function analysisOf(measurements: PhotoMeasurements, extraction: ExtractionResult | null): PhotoAnalysis {
  return { measurements, extraction };
}
