import type { ExtractionResult, PanResult } from '../../extraction/types.ts';
import { needsReview } from '../../extraction/index.ts';

/**
 * An extraction as the API publishes it: exactly the documented fields (fields added to the internal
 * result later do not leak into the contract until they are documented) and colours as lowercase
 * `#rrggbb`, whatever case the extractor wrote.
 */
export function extractionJson(e: ExtractionResult): ExtractionResult {
  return {
    extractor: { name: e.extractor.name, version: e.extractor.version },
    region: { x: e.region.x, y: e.region.y, width: e.region.width, height: e.region.height, convention: e.region.convention },
    color: { hex: hexJson(e.color.hex), lab: { L: e.color.lab.L, a: e.color.lab.a, b: e.color.lab.b }, confidence: e.color.confidence },
    // Results stored before the field existed: judged by the same threshold the extraction uses now.
    review: typeof e.review === 'boolean' ? e.review : needsReview(e.color.confidence),
    finish: finishJson(e.finish),
    particles: particlesJson(e.particles),
    reflectance: {
      specularIntensity: e.reflectance.specularIntensity,
      glossiness: e.reflectance.glossiness,
      roughness: e.reflectance.roughness,
    },
    material: {
      baseColorLinear: [e.material.baseColorLinear[0], e.material.baseColorLinear[1], e.material.baseColorLinear[2]],
      metallic: e.material.metallic,
      roughness: e.material.roughness,
      clearcoat: e.material.clearcoat,
      clearcoatRoughness: e.material.clearcoatRoughness,
      ...(e.material.translucency !== undefined ? { translucency: e.material.translucency } : {}),
    },
    // Measured where the category's lacquer may be translucent (nail polish); absent elsewhere.
    ...(e.translucency !== undefined ? { translucency: e.translucency } : {}),
    ...(e.pans ? { pans: e.pans.map(panJson) } : {}),
  };
}

/** The finish with the category's word when it was judged (results stored before words existed have none). */
function finishJson(f: ExtractionResult['finish']): ExtractionResult['finish'] {
  return { value: f.value, confidence: f.confidence, ...(f.word !== undefined ? { word: f.word } : {}) };
}

function particlesJson(p: ExtractionResult['particles']): ExtractionResult['particles'] {
  return { present: p.present, coverage: p.coverage, sizeRel: p.sizeRel, count: p.count, color: p.color === null ? null : hexJson(p.color) };
}

function panJson(p: PanResult): PanResult {
  return {
    index: p.index,
    region: { x: p.region.x, y: p.region.y, width: p.region.width, height: p.region.height, convention: p.region.convention },
    color: { hex: hexJson(p.color.hex), lab: { L: p.color.lab.L, a: p.color.lab.a, b: p.color.lab.b }, confidence: p.color.confidence },
    finish: finishJson(p.finish),
    particles: particlesJson(p.particles),
  };
}

export const hexJson = (hex: string) => hex.toLowerCase();
