/**
 * What every extractor shares: the region grid, its body colour, glitter, highlight, finish and
 * reflectance. Extractors differ only in how they turn the region into the reported colour.
 */
import type { ExtractedProperties, ExtractionResult, ExtractorInput, Lab } from '../types.ts';
import { type RegionGrid, buildRegionGrid, toImageMask } from './region-grid.ts';
import { cellsWhere, union } from '../binary-mask.ts';
import { type DenseColour, findDenseColour } from './dense-colour.ts';
import { type ParticleMeasure, detectParticles } from '../particles.ts';
import { type FinishMeasure, type HighlightMeasure, classifyFinish, measureHighlights } from '../finish.ts';
import { deriveMaterial, deriveReflectance } from '../reflectance.ts';
import { hueFamilyOf } from './colour-confidence.ts';
import { type WhiteBalance, exposureGainOf, whiteBalanceFor } from './white-reference.ts';

export interface Surface {
  grid: RegionGrid;
  /** Dense colour of the glitter-free interior: the reference highlights and shadows are measured from. */
  body: DenseColour;
  particles: ParticleMeasure;
  highlight: HighlightMeasure;
  finish: FinishMeasure;
  /** Cells (1) not of the shade's colour family (see ExtractorInput.shade); all 0 without a shade. */
  offShade: Uint8Array;
  /** The backdrop as white reference (gains to neutral light): the extractors decide whether to apply it to the colour. */
  balance: WhiteBalance;
}

export interface ReportedColour {
  lab: Lab;
  hex: string;
  confidence: number;
}

export class ExtractionError extends Error {
  readonly code: 'EMPTY_REGION';
  readonly context: Record<string, unknown>;
  constructor(message: string, context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ExtractionError';
    this.code = 'EMPTY_REGION';
    this.context = context;
  }
}

/** The grid with the colour of the surface under the particles (and their halo) in place of theirs. */
function underGlitter(grid: RegionGrid, halo: Uint8Array, surface: Float32Array): RegionGrid {
  const lab = grid.lab.slice();
  for (let i = 0; i < halo.length; i++) {
    if (!halo[i]) continue;
    lab[i * 3] = surface[i * 3];
    lab[i * 3 + 1] = surface[i * 3 + 1];
    lab[i * 3 + 2] = surface[i * 3 + 2];
  }
  return { ...grid, lab };
}

export function measureSurface(input: ExtractorInput): Surface {
  const grid = buildRegionGrid(input);
  if (grid.interiorCount === 0) {
    throw new ExtractionError('The colour-bearing region holds no pixels', { region: input.region });
  }
  const particles = detectParticles(grid);
  const offShade = offShadeCells(grid, input.shade ?? null);
  const body =
    findDenseColour(grid.lab, cellsWhere(grid.interior, union(particles.mask, offShade))) ??
    findDenseColour(grid.lab, cellsWhere(grid.interior, particles.mask)) ??
    (findDenseColour(grid.lab, cellsWhere(grid.interior)) as DenseColour);
  const glitterHalo = particles.halo;
  // A highlight's strength is the share of white light mixed in, and white is the backdrop's level:
  // an under-exposed photo must not make a glossy finish look shiny.
  const balance = whiteBalanceFor(input);
  // Dense glitter (and its halo) would cut a soft sheen into specks too small to count as a highlight:
  // under the particles the surface is taken from the glitter-proof local reference, nothing is left
  // out, and the sheen's threshold follows the noise between the particles, not their edges.
  const underParticles = particles.surface;
  const highlight = underParticles
    ? measureHighlights(
        underGlitter(grid, glitterHalo, underParticles.lab),
        body.lab,
        new Uint8Array(grid.width * grid.height),
        underParticles.lightnessNoise,
        exposureGainOf(balance),
      )
    : // The noise is a ΔE*ab over three channels; L* carries about a third of its variance.
      measureHighlights(grid, body.lab, glitterHalo, particles.noise / Math.sqrt(3), exposureGainOf(balance), input.flatPan === true);
  return { grid, body, particles, highlight, finish: classifyFinish(highlight), balance, offShade };
}

/**
 * Fewer interior cells than this share of the family (say, a thumbnail's few cells, or a chosen colour
 * the part's rows barely hold) and the family is not trusted to stand for the body: nothing is left out.
 */
const MIN_SHADE_SHARE = 0.1;
/** Lighter or darker than the shade by more than this (L*) is not its shading but another thing of its hue. */
const MAX_SHADING_GAP = 45;

/** Interior cells whose colour is not of the shade's family: other hue, or grey beside a colourful shade. */
function offShadeCells(grid: RegionGrid, shade: Lab | null): Uint8Array {
  const off = new Uint8Array(grid.width * grid.height);
  if (!shade) return off;
  const ofShadeHue = hueFamilyOf(shade);
  let kept = 0;
  for (let i = 0, j = 0; i < off.length; i++, j += 3) {
    if (!grid.interior[i]) continue;
    const family = ofShadeHue(grid.lab[j + 1], grid.lab[j + 2]) && Math.abs(grid.lab[j] - shade.L) <= MAX_SHADING_GAP;
    if (family) kept++;
    else off[i] = 1;
  }
  return kept >= MIN_SHADE_SHARE * grid.interiorCount ? off : off.fill(0);
}

export function assembleProperties(input: ExtractorInput, surface: Surface, colour: ReportedColour): ExtractedProperties {
  const { grid } = surface;
  const particles: ExtractionResult['particles'] = surface.particles.particles;
  const reflectance = deriveReflectance(surface.highlight);
  return {
    color: { hex: colour.hex, lab: roundLab(colour.lab), confidence: round3(colour.confidence) },
    finish: { value: surface.finish.value, confidence: round3(surface.finish.confidence) },
    particles: { ...particles, coverage: round3(particles.coverage), sizeRel: round4(particles.sizeRel) },
    reflectance,
    material: deriveMaterial(colour.lab, reflectance, particles),
    ...(input.withMasks === false
      ? {}
      : {
          highlightMask: toImageMask(grid, surface.highlight.mask, input.image.width, input.image.height),
          glitterMask: toImageMask(grid, surface.particles.mask, input.image.width, input.image.height),
        }),
  };
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;
const round4 = (v: number): number => Math.round(v * 10000) / 10000;
const roundLab = (lab: Lab): Lab => ({ L: round3(lab.L), a: round3(lab.a), b: round3(lab.b) });
