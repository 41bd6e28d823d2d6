/**
 * The colour-bearing part is chosen among candidates: each colour cluster of the product is one
 * candidate, described by named features (how colourful, how large and whole, where it sits in the
 * product, whether its surface looks like polished metal, whether its hue is one the category's
 * products come in). A linear scorer ranks them; the ranked list and the softmax share of the best
 * are kept, so the confidence knows when the runner-up was close.
 *
 * The weights (region-scorer-weights.ts) are learnt by test/tools/train-region-scorer.ts from real
 * shop photos and rendered fixtures; every feature below says why it can tell the shade from packaging.
 */
import { REGION_SCORER_WEIGHTS } from './region-scorer-weights.ts';
import { assertSameFeatures } from './model-weights.ts';

/** One candidate's description; every value is roughly on a 0–1 (or −1–1) scale. */
export interface CandidateInput {
  lab: { L: number; a: number; b: number };
  chroma: number;
  /** Cells of the product (or focus) assigned to this cluster. */
  cells: number;
  /** Largest 4-connected piece, cells. */
  coherentArea: number;
  /** Shares (0–1) of the cluster's cells on a lightness plateau / on a steady ramp (see segmentation). */
  flatShare: number;
  rampShare: number;
  /** Share of the bullet zone (top of a lipstick) this cluster holds; 0 for other parts (see placedScore for a tip or a pan). */
  zoneShare: number;
  /** Share of the cluster's cells inside the product's main object. */
  mainObjectShare: number;
  /** Cluster centroid relative to the product box: 0 at its centre, 1 at a corner. */
  offCentre: number;
  /** Cluster centroid height in the product box: 0 at the top, 1 at the bottom. */
  depth: number;
  /** Whether a lighter cluster of the same shade (its lit face) holds at least half as many cells: this one is its shading. */
  litSibling: boolean;
  /** Cells of the cluster's family: itself and its same-shade clusters (see segmentation's sameShade). */
  familyCells: number;
  /** The family's share of the bullet zone, as zoneShare; 0 for other parts. */
  familyZoneShare: number;
}

export interface CandidateContext {
  /** Cells in the product (or focus). */
  productCells: number;
  /** Largest chroma and coherent area among the candidates. */
  maxChroma: number;
  maxCoherentArea: number;
  /** Whether the category's products come in the warm red–pink–brown hues of lips and cheeks. */
  lipHues: boolean;
}

/**
 * Below this chroma a colour's hue is too unsteady to weigh; from it on, the hue features count fully.
 * Nudes and browns sit at chroma 15–25, black, white and silver packaging below 5.
 */
const HUE_FULL_CHROMA = 15;

export const FEATURE_NAMES = [
  // Colourfulness: shades are colourful; black, white, silver and clear packaging are not.
  'chroma',
  'chromaRelative',
  'neutral',
  // Lightness: near-black is a case, a shadow or print; near-white is backdrop, label or glare.
  'dark',
  'light',
  'lightness',
  // Shading: a darker cousin of a lit face is the shade's flank or the inside of a tube, not its colour.
  'litSibling',
  // Hue (lip and cheek categories): red, pink, coral, berry and brown versus gold and yellow.
  'hueCos',
  'hueSin',
  'hueCos2',
  'hueSin2',
  // Size and wholeness: the shade is a large piece, print and logos are small scattered ones.
  'area',
  'areaRelative',
  'share',
  // Place: the bullet sits at the top of a lipstick; the product's main object holds the shade.
  'zone',
  'mainObject',
  'offCentre',
  'depth',
  // Surface: polished metal ramps across without a plateau; a shade under diffuse light is flat.
  'flat',
  'ramp',
  // Family: a bullet lit across its curve falls into clusters by lightness (shaded flank, body, lit
  // face), each holding a slice of the bullet zone and of the area, while a case band in one flat colour
  // is one large cluster. The shade's family holds the whole bullet.
  'familyArea',
  'familyZone',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

const RAD = Math.PI / 180;

export function candidateFeatures(c: CandidateInput, ctx: CandidateContext): number[] {
  const { L, a, b } = c.lab;
  const hueWeight = ctx.lipHues ? Math.min(1, c.chroma / HUE_FULL_CHROMA) : 0;
  const h = Math.atan2(b, a);
  const values: Record<FeatureName, number> = {
    chroma: Math.min(c.chroma, 60) / 30,
    chromaRelative: ctx.maxChroma > 0 ? c.chroma / ctx.maxChroma : 0,
    neutral: c.chroma < 5 ? 1 : 0,
    dark: Math.max(0, 25 - L) / 25,
    light: Math.max(0, L - 85) / 15,
    lightness: L / 100,
    litSibling: c.litSibling ? 1 : 0,
    hueCos: hueWeight * Math.cos(h - 25 * RAD),
    hueSin: hueWeight * Math.sin(h - 25 * RAD),
    hueCos2: hueWeight * Math.cos(2 * (h - 25 * RAD)),
    hueSin2: hueWeight * Math.sin(2 * (h - 25 * RAD)),
    area: ctx.productCells > 0 ? Math.sqrt(c.coherentArea / ctx.productCells) : 0,
    areaRelative: ctx.maxCoherentArea > 0 ? c.coherentArea / ctx.maxCoherentArea : 0,
    share: ctx.productCells > 0 ? c.cells / ctx.productCells : 0,
    zone: c.zoneShare,
    mainObject: c.mainObjectShare,
    offCentre: c.offCentre,
    depth: c.depth,
    flat: c.flatShare,
    ramp: c.rampShare,
    familyArea: ctx.productCells > 0 ? Math.sqrt(c.familyCells / ctx.productCells) : 0,
    familyZone: c.familyZoneShare,
  };
  return FEATURE_NAMES.map((name) => values[name]);
}

// Weights written for another feature list would score silently wrong: refuse them at load.
assertSameFeatures('region scorer', REGION_SCORER_WEIGHTS.features, FEATURE_NAMES);

export function scoreFeatures(features: number[], weights: readonly number[] = REGION_SCORER_WEIGHTS.weights): number {
  let s = 0;
  for (let i = 0; i < features.length; i++) s += features[i] * (weights[i] ?? 0);
  return s;
}

/**
 * What a place-named part adds to a candidate's learnt score per share of the place it holds: an
 * eyeliner's lead at the pencil's point (ColourPartSpec.zone 'tip'), or a single pan inside its compact
 * (pans.ts Compact.zone). The part is then the colour that holds the place, whatever it looks like:
 * the learnt features prefer the most colourful large piece, and a black or brown lead is less
 * colourful and smaller than the bare wood of the sharpened cone below it, a pan smaller than its
 * gold case. On the real photos the learnt scores of one photo's candidates span 5.9 at the median
 * and 7.3 at p90 (up to 11, from the best to a scrap of print or glare), so a colour holding 0.6 of
 * the place more than a rival (12 × 0.6 = 7.2) outranks it; the rest keep their learnt order.
 */
export const PLACE_OWNER_BONUS = 12;

/** A candidate's score: the learnt one, plus the place rule when the part is named by a place (`placeShare` 0–1, else 0). */
export function placedScore(features: number[], placeShare: number): number {
  return scoreFeatures(features) + PLACE_OWNER_BONUS * placeShare;
}

/** Softmax shares of the scores (the scorer's belief that each candidate is the shade). */
export function softmax(scores: number[]): number[] {
  const top = Math.max(...scores);
  const e = scores.map((s) => (Number.isFinite(s) ? Math.exp(s - top) : 0));
  const sum = e.reduce((p, q) => p + q, 0);
  return e.map((v) => (sum > 0 ? v / sum : 0));
}
