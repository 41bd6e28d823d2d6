import type { ExtractionResult } from '../../extraction/types.ts';
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
    finish: { value: e.finish.value, confidence: e.finish.confidence },
    particles: {
      present: e.particles.present,
      coverage: e.particles.coverage,
      sizeRel: e.particles.sizeRel,
      count: e.particles.count,
      color: e.particles.color === null ? null : hexJson(e.particles.color),
    },
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
    },
  };
}

export const hexJson = (hex: string) => hex.toLowerCase();
