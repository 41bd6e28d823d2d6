/**
 * Reflectance and a renderer-ready material from the measured highlight, finish and glitter.
 *
 * The mapping follows microfacet intuition: a highlight's angular spread on a cylinder grows with
 * surface roughness, so roughness is read from the highlight's extent and edge softness; its height
 * above the body says how much light the surface reflects specularly.
 */
import type { ExtractionResult, Lab } from './types.ts';
import type { HighlightMeasure } from './finish.ts';
import { labToXyz, xyzToLinearRgb } from './color-space.ts';

export type Reflectance = ExtractionResult['reflectance'];
export type Material = ExtractionResult['material'];

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** Roughness of a surface without a visible highlight: fully diffuse. */
const DIFFUSE_ROUGHNESS = 1;
/** Roughness of the smoothest surface we can tell apart at analysis scale. */
const MIN_ROUGHNESS = 0.08;

export function deriveReflectance(h: HighlightMeasure): Reflectance {
  if (!h.present) return { specularIntensity: round3(clamp01(h.strength)), glossiness: 0, roughness: DIFFUSE_ROUGHNESS };
  // The highlight's extent (share of the region) and its edge width both widen with roughness.
  const spread = Math.sqrt(h.share) + h.edgeWidthRel;
  const roughness = clamp01(MIN_ROUGHNESS + 0.9 * spread);
  // A weak highlight is a sheen, not a gloss: glossiness needs both smoothness and specular strength.
  const glossiness = clamp01((1 - roughness) * Math.min(1, h.strength / 0.5));
  return { specularIntensity: round3(clamp01(h.strength)), glossiness: round3(glossiness), roughness: round3(roughness) };
}

/** Heavy metallic glitter makes a surface read slightly metallic; the body itself is a dielectric. */
function metallicFrom(particles: ExtractionResult['particles']): number {
  return particles.present ? Math.min(0.2, particles.coverage * 0.5) : 0;
}

export function deriveMaterial(
  base: Lab,
  reflectance: Reflectance,
  particles: ExtractionResult['particles'],
): Material {
  const lin = xyzToLinearRgb(...labToXyz(base)).map((c) => round3(clamp01(c))) as [number, number, number];
  // A clear coat is what makes a finish glossy: its weight rises with glossiness above a sheen.
  const clearcoat = clamp01((reflectance.glossiness - 0.3) / 0.4);
  return {
    baseColorLinear: lin,
    metallic: round3(metallicFrom(particles)),
    roughness: reflectance.roughness,
    clearcoat: round3(clearcoat),
    clearcoatRoughness: round3(clearcoat > 0 ? clamp01(reflectance.roughness * 0.5) : 0),
  };
}
