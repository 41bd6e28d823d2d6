/**
 * The try-on's contract. Coordinates are photo pixels as everywhere in extraction/ (upright image,
 * origin top-left, x right, y down); a pixel's centre sits at integer coordinates.
 */

export type Point = [number, number];

/** The outer lip contour, and optionally the mouth opening (teeth, gap), which is left as it is. */
export interface LipRegion {
  outer: Point[];
  inner?: Point[];
}

export interface TryOnShade {
  /** CIELAB D65 of the shade (ExtractionResult.color.lab). */
  lab: { L: number; a: number; b: number };
  finish: 'matte' | 'satin' | 'shiny' | 'glossy';
  reflectance?: { specularIntensity: number; glossiness: number; roughness: number };
  particles?: { present: boolean; coverage: number; sizeRel: number; color: string | null };
}

export interface TryOnOptions {
  /** Seed of the glitter's placement: the same seed draws the same sparkles. */
  seed?: number;
  /** Width of the lip edge's alpha ramp, px of the photo; default from the lip size. */
  feather?: number;
  /** Longest side of the output, px (never enlarged); default 1024. */
  maxSide?: number;
}
