/**
 * The photo standards: the ONE place where thresholds live, per product category, as data.
 *
 * A category is an entry in `CATEGORY_STANDARDS`, never a code branch. Every threshold is rendered in
 * words by `thresholdInWords`, and those words are what findings, the public guidelines page and the
 * emails show — so brands read exactly what the checks enforce.
 *
 * Comparison conventions (the words follow them literally):
 *   `failBelow` / `warnBelow`  → status when value <  limit
 *   `failAbove` / `warnAbove`  → status when value >  limit
 *   `failAt`    / `warnAt`     → status when value >= limit
 */
import type { ColourPartSpec, ExtractionResult, Finish, ImageFormat } from '../extraction/types.ts';
import { RULE_GUIDANCE } from './rule-guidance.ts';
import { RULE_IDS, type RuleId } from './types.ts';

export const VIEWS = ['front', 'swatch', 'open', 'side'] as const;
export type View = (typeof VIEWS)[number];

/** File extensions the naming convention allows (lowercase). */
export const FILE_EXTENSIONS: readonly string[] = ['jpg', 'jpeg', 'png', 'webp', 'tif', 'tiff'];

export const FINISHES: readonly Finish[] = ['matte', 'satin', 'shiny', 'glossy'];

export const CATEGORY_IDS = ['lipstick', 'lip-gloss', 'lip-liner', 'blush', 'foundation', 'eyeshadow', 'eyeliner', 'nail-polish'] as const;
export type Category = (typeof CATEGORY_IDS)[number];

export interface FormatLimits {
  /** 25 MB, binary megabytes (what operating systems show as "25 MB"). */
  maxBytes: number;
  /** 64 MP, decimal megapixels (what cameras print on the box). */
  maxPixels: number;
  types: readonly ImageFormat[];
  /** File extensions (lowercase, without dot) that honestly name each type. */
  extensions: Readonly<Record<ImageFormat, readonly string[]>>;
}

export interface ResolutionLimits {
  failBelowPx: number;
  warnBelowPx: number;
}

export interface BackgroundLimits {
  failBelowNearWhiteShare: number;
  warnBelowPureWhiteShare: number;
  warnAboveUnevennessL: number;
}

export interface ExposureLimits {
  failBelowBackgroundL: number;
  warnBelowBackgroundL: number;
  failAboveClippedShare: number;
  warnAboveClippedShare: number;
  failAboveColourClippedShare: number;
  warnAboveColourClippedShare: number;
  warnAboveCrushedShare: number;
}

export interface ColorCastLimits {
  failAboveChroma: number;
  warnAboveChroma: number;
}

export interface AngleLimits {
  failAboveDeg: number;
  warnAboveDeg: number;
  /** Below this axis confidence the product has no clear main axis and tilt is not judged. */
  minConfidence: number;
  /** Views in which the product stands straight-on; a swatch smear has no upright. */
  views: readonly View[];
  /**
   * What square to the camera means: 'vertical' — the main axis stands up (a lipstick, a bottle);
   * 'either-side' — the outline's axis lies along either side of the photo (a compact or a palette
   * shot from above, portrait or landscape). Absent = 'vertical'.
   */
  square?: 'vertical' | 'either-side';
}

export interface SharpnessLimits {
  failBelowScore: number;
  warnBelowScore: number;
}

export interface FramingLimits {
  failBelowSpanShare: number;
  warnBelowSpanShare: number;
  failWhenCut: boolean;
}

export interface SwatchLimits {
  failAtDeltaE: number;
  warnAtDeltaE: number;
}

export interface NamingLimits {
  views: readonly View[];
  extensions: readonly string[];
  shadeNameMinLength: number;
  shadeNameMaxLength: number;
  /** Words that betray a working file rather than a product name. */
  fileishWords: readonly string[];
}

/**
 * One word of a category's finish vocabulary and when the measurement earns it. A word applies when
 * every condition it states holds; the first word in the list that applies is reported.
 */
export interface FinishWordRule {
  word: string;
  /** The measured finish (extraction's `finish.value`) is one of these. */
  finishes?: readonly Finish[];
  /** Particles (glitter, shimmer) were found, or were not. */
  particles?: boolean;
  /** Particle coverage (0–1 of the region) at least / below. */
  minCoverage?: number;
  maxCoverage?: number;
  /** Mean particle diameter ÷ region width at least / below. */
  minSizeRel?: number;
  maxSizeRel?: number;
  /** Measured translucency (extraction's `translucency`, 0–1) at least; a result without one never holds. */
  minTranslucency?: number;
}

/** A material block's fields a finish word sets in the export (the rest stays as measured). */
export interface MaterialOverride {
  metallic?: number;
  /** 0–1: how much light passes through (a jelly lacquer). */
  translucency?: number;
}

export interface FinishWords {
  /** In order: the first rule whose conditions hold gives the word. The last should have none (the fallback). */
  rules: readonly FinishWordRule[];
  /** What a word sets in the material block renderers read. */
  material: Readonly<Record<string, MaterialOverride>>;
}

/**
 * Which photos a brand sends for a category. The front is always required: it is the photo every rule
 * judges and the colour is measured on; what it shows follows the category (a lipstick upright, a
 * compact open and seen from above: its pans; see the guidelines' example per category).
 */
export interface ViewRules {
  /** Views a submission must include (one photo each); the portal refuses a submission without them. */
  required: readonly View[];
  /** Views beyond the required ones that show this category's shade better, recommended on the guidelines. */
  recommended: readonly View[];
}

/**
 * A shade seen on the product itself, with a swatch recommended: a bullet, a gloss behind its tube, a
 * pencil's lead at its small tip, a compact's pans (shot open, from above) — a smear on white paper
 * shows the shade as it goes on.
 */
const FRONT_AND_SWATCH_RECOMMENDED: ViewRules = { required: ['front'], recommended: ['swatch'] };

export interface Standards {
  category: Category;
  label: string;
  views: readonly View[];
  /** Where the extraction looks for the shade's colour on this category's products. */
  colourPart: ColourPartSpec;
  /** The category's own finish words, from the measured finish and particles. */
  finishWords: FinishWords;
  viewRules: ViewRules;
  finishes: readonly Finish[];
  format: FormatLimits;
  resolution: ResolutionLimits;
  background: BackgroundLimits;
  exposure: ExposureLimits;
  colorCast: ColorCastLimits;
  angle: AngleLimits;
  sharpness: SharpnessLimits;
  framing: FramingLimits;
  swatch: SwatchLimits;
  naming: NamingLimits;
}

/** How each type is written for people. */
export const FORMAT_LABELS: Readonly<Record<ImageFormat, string>> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP', tiff: 'TIFF' };

const FORMAT: FormatLimits = {
  maxBytes: 25 * 1024 * 1024,
  maxPixels: 64_000_000,
  types: ['jpeg', 'png', 'webp', 'tiff'],
  extensions: { jpeg: ['jpg', 'jpeg'], png: ['png'], webp: ['webp'], tiff: ['tif', 'tiff'] },
};

/**
 * Finish words. Particle sizes are mean diameters ÷ the region's width: shimmer is a fine mica (a few
 * hundredths of a pan or a bottle wide and less), glitter flakes are visible one by one (from 0.03: at
 * 1000 px on a 300 px wide bottle, flakes of 9 px and more). Dense particles (a third of the surface
 * and more) read as one continuous sheet of metal: metallic. Measured coverage of such dense flakes
 * runs up to a quarter below what lies on the surface (touching flakes merge, their blurred rims fall
 * on either side): a third rendered reads 0.26–0.36, a heavy shimmer's fifth reads 0.2, so the word
 * changes at 0.25.
 */
const GLITTER_FROM_SIZE = 0.03;
const METALLIC_FROM_COVERAGE = 0.25;

/** Lips: the measured finish is the word. */
const LIP_WORDS: FinishWords = {
  rules: [
    { word: 'matte', finishes: ['matte'] },
    { word: 'satin', finishes: ['satin'] },
    { word: 'shiny', finishes: ['shiny'] },
    { word: 'glossy' },
  ],
  material: {},
};

const FOUNDATION_WORDS: FinishWords = {
  // A satin sheen on skin is what foundations call natural; any stronger highlight is dewy.
  rules: [{ word: 'matte', finishes: ['matte'] }, { word: 'natural', finishes: ['satin'] }, { word: 'dewy' }],
  material: {},
};

const EYESHADOW_WORDS: FinishWords = {
  rules: [
    { word: 'metallic', particles: true, minCoverage: METALLIC_FROM_COVERAGE },
    // A pressed powder has no clear coat: a strong, sharp highlight on it is foil, i.e. metallic.
    { word: 'metallic', finishes: ['shiny', 'glossy'] },
    { word: 'shimmer', particles: true },
    { word: 'satin', finishes: ['satin'] },
    { word: 'matte' },
  ],
  // A metallic shade reflects in its own colour: glTF metallic 0.8 keeps a little dielectric base.
  material: { metallic: { metallic: 0.8 }, shimmer: { metallic: 0.3 } },
};

/**
 * A lacquer is a jelly when it thins out towards the bottle's edges at least half as much as a clear
 * dyed liquid would (extraction/translucency.ts). Renders: jellies measure 1 (their thin edges show
 * the backdrop), creams, shimmers, metallics and glitters 0; half-way leaves room on both sides for a
 * bottle's walls, highlights and flakes that the renders do not draw.
 */
const JELLY_FROM_TRANSLUCENCY = 0.5;

const NAIL_POLISH_WORDS: FinishWords = {
  // The bottle's glass is always glossy, so the lacquer's own word comes from its particles, and from
  // the light it lets through (a particle word first: a glitter in a clear base is sold as a glitter).
  rules: [
    { word: 'glitter', particles: true, minSizeRel: GLITTER_FROM_SIZE },
    { word: 'metallic', particles: true, minCoverage: METALLIC_FROM_COVERAGE },
    { word: 'shimmer', particles: true },
    { word: 'jelly', minTranslucency: JELLY_FROM_TRANSLUCENCY },
    { word: 'cream' },
  ],
  // What each word sets in the material block renderers read; a jelly's translucency there is a renderer's setting, not the measure.
  material: { metallic: { metallic: 0.8 }, shimmer: { metallic: 0.3 }, glitter: { metallic: 0.5 }, jelly: { translucency: 0.6 } },
};

/** The lipstick defaults: the table in the product brief, plus the limits the brief leaves to us. */
const LIPSTICK: Standards = {
  category: 'lipstick',
  label: 'Lipstick',
  views: VIEWS,
  // The bullet owns the top of the opened lipstick, whatever the case's colour; a liquid lipstick's
  // wand standing applicator up beside its tube shows the product's coat (extraction/applicator.ts).
  colourPart: { zone: 'top', upEnd: 'narrower', lipHues: true, palette: false, applicator: true },
  finishWords: LIP_WORDS,
  viewRules: FRONT_AND_SWATCH_RECOMMENDED,
  finishes: FINISHES,
  format: FORMAT,
  resolution: { failBelowPx: 1000, warnBelowPx: 1600 },
  background: {
    failBelowNearWhiteShare: 0.95,
    // A sweep lit to clip at 255 reads as pure white on most of the band; paper at #f7f7f7 reads 0 %.
    warnBelowPureWhiteShare: 0.8,
    // Near-white spans L* 95–100, so a spread above 4 L* means part of the band is close to falling out.
    warnAboveUnevennessL: 4,
  },
  exposure: {
    // #e2e2e2 is L* 90: a white sweep that reads that grey is under-exposed by about half a stop,
    // and every colour on the product is then darker than the shade. L* 95 is where near-white starts.
    failBelowBackgroundL: 90,
    warnBelowBackgroundL: 95,
    // Glossy bullets carry specular highlights of a few per cent; a quarter of the product at pure
    // white means the shade itself is blown out and its colour cannot be measured.
    failAboveClippedShare: 0.25,
    warnAboveClippedShare: 0.1,
    // Over-exposure pushes a shade's strongest channel to 255 long before the shade turns white: rendered
    // bullets at twice the right exposure have a channel at 255 on 79–96 % of the colour part (light,
    // pink and red shades; a coral from 1.3×: 71 %) and read 13–18 ΔE00 lighter and flatter than their
    // shade. Correctly exposed, no photo of the fixture sets passes 19 %; the shades whose published hex
    // already holds a 255 (19 of the vendored table's 287, #ff3220, #ff54a3, #ff7b1e…) reach 38 % under
    // a satin sheen. Of the retouched shop photos beside the project, two vivid corals reach 44 and 49 %
    // (a warning) and one 68 %.
    failAboveColourClippedShare: 0.6,
    warnAboveColourClippedShare: 0.4,
    // Black cases are common, so crushed shadows only warn.
    warnAboveCrushedShare: 0.3,
  },
  colorCast: {
    // Chroma of the backdrop (distance from neutral grey). Off-white paper (#f7f7f7: 0; #f8f6f0: 3.1)
    // and mild casts (#fff8ee: 5.7, #eef3ff: 6.4) stay below 10 and are corrected by using the backdrop
    // as white reference. Uncorrected blue daylight (#dde8ff: 12.4) and warm tungsten (#ffe9cc: 17;
    // #ffd9a8: 30) are above it: the light is so far from daylight that a white-reference correction
    // of a saturated shade is itself off by more than the swatch warn limit.
    failAboveChroma: 10,
    warnAboveChroma: 5,
  },
  // Axis confidence is the elongation 1 − λmin/λmax of the product's mask: 0.5 is an outline about
  // √2 : 1 long. Below that (a round pan, a square compact) "the main axis" is too ill-defined to tilt.
  angle: { failAboveDeg: 10, warnAboveDeg: 3, minConfidence: 0.5, views: ['front', 'open', 'side'] },
  // The focus score is the steepness of the product's outlines at a fixed 1000 px reference size
  // (the size zoom shows, see resolution): a perfect edge scores about 50, a Gaussian blur of
  // sigma s reference pixels about 40 / s. Sigma 2 (score 20) smears every outline over 2 zoom
  // pixels each way — clearly blurred; sigma 1.33 (score 30) is visibly soft at zoom.
  sharpness: { failBelowScore: 20, warnBelowScore: 30 },
  framing: { failBelowSpanShare: 0.5, warnBelowSpanShare: 0.85, failWhenCut: true },
  swatch: { failAtDeltaE: 12, warnAtDeltaE: 5 },
  naming: {
    views: VIEWS,
    extensions: FILE_EXTENSIONS,
    shadeNameMinLength: 2,
    shadeNameMaxLength: 40,
    fileishWords: ['final', 'copy', 'draft', 'edited', 'tmp', 'temp', 'bak', 'backup', 'retouched'],
  },
};

/** A compact shot open from above lies square to the camera portrait or landscape. */
const COMPACT_ANGLE: AngleLimits = { ...LIPSTICK.angle, square: 'either-side' };

/** Products whose shade is not at the top of an upright product: the most shade-like part wherever it sits. */
const ANYWHERE = { zone: 'anywhere', upEnd: 'any' } as const;

/**
 * Compacts and bottles are framed by the whole package, which is what the span measures; a compact lies
 * flat and is shot from above, so a pan's round outline has no axis to tilt (see angle.minConfidence).
 */
const CATEGORY_STANDARDS: Readonly<Record<Category, Standards>> = {
  lipstick: LIPSTICK,
  // A gloss is measured through its clear tube: the tube's walls and reflections add highlights.
  'lip-gloss': {
    ...LIPSTICK,
    category: 'lip-gloss',
    label: 'Lip gloss',
    // The liquid in the tube, not the cap or the wand's handle: the largest flat area of the shade; when
    // the wand stands applicator up beside the tube, the coat on its applicator (extraction/applicator.ts).
    colourPart: { ...ANYWHERE, lipHues: true, palette: false, applicator: true },
    viewRules: FRONT_AND_SWATCH_RECOMMENDED,
    exposure: { ...LIPSTICK.exposure, warnAboveClippedShare: 0.15 },
  },
  // The pencil's tip and lead: the only part in the shade's colour on most pencils.
  'lip-liner': {
    ...LIPSTICK,
    category: 'lip-liner',
    label: 'Lip liner',
    colourPart: { ...ANYWHERE, lipHues: true, palette: false },
    viewRules: FRONT_AND_SWATCH_RECOMMENDED,
  },
  // The pan's surface, not the compact; a blush palette holds several pans.
  blush: {
    ...LIPSTICK,
    category: 'blush',
    angle: COMPACT_ANGLE,
    label: 'Blush',
    colourPart: { ...ANYWHERE, lipHues: true, palette: true },
    finishWords: EYESHADOW_WORDS,
    viewRules: FRONT_AND_SWATCH_RECOMMENDED,
  },
  // Foundation shades sit a few ΔE00 apart in a range, so the declared colour must be closer.
  foundation: {
    ...LIPSTICK,
    category: 'foundation',
    label: 'Foundation',
    colourPart: { ...ANYWHERE, lipHues: false, palette: false },
    finishWords: FOUNDATION_WORDS,
    // A range's shades sit a few ΔE00 apart (see its swatch limits), and a tinted or frosted bottle can
    // shift the liquid's colour by as much: a swatch beside the bottle is required.
    viewRules: { required: ['front', 'swatch'], recommended: [] },
    swatch: { failAtDeltaE: 8, warnAtDeltaE: 4 },
  },
  eyeshadow: {
    ...LIPSTICK,
    category: 'eyeshadow',
    angle: COMPACT_ANGLE,
    label: 'Eyeshadow',
    colourPart: { ...ANYWHERE, lipHues: false, palette: true },
    finishWords: EYESHADOW_WORDS,
    viewRules: FRONT_AND_SWATCH_RECOMMENDED,
  },
  eyeliner: {
    ...LIPSTICK,
    category: 'eyeliner',
    label: 'Eyeliner',
    // The lead at the pencil's tip, whatever its colour: a black or brown lead is less colourful than
    // the bare wood of the sharpened cone, which a part chosen by its look would take. A pencil lying
    // down is stood up with its narrower end (the point) on top.
    colourPart: { zone: 'tip', upEnd: 'narrower', lipHues: false, palette: false },
    viewRules: FRONT_AND_SWATCH_RECOMMENDED,
  },
  // Lacquer bottles are glass: their highlights are larger than a lipstick bullet's.
  'nail-polish': {
    ...LIPSTICK,
    category: 'nail-polish',
    label: 'Nail polish',
    // The lacquer seen through the bottle, not the cap; a jelly lets the backdrop show through it.
    colourPart: { ...ANYWHERE, lipHues: false, palette: false, mayBeTranslucent: true },
    finishWords: NAIL_POLISH_WORDS,
    // Clear glass shows the lacquer as it is (renders: median ΔE00 0.34): the bottle alone will do.
    viewRules: { required: ['front'], recommended: [] },
    exposure: { ...LIPSTICK.exposure, warnAboveClippedShare: 0.15 },
  },
};

/** A smear photographed on its own (the swatch view) of any product: the whole smear, any way up. */
export const SWATCH_VIEW_PART: ColourPartSpec = { ...ANYWHERE, lipHues: false, palette: false };

/** Where the colour is looked for in a photo of `category` seen in `view` (a swatch is a smear of any product). */
export function colourPartFor(category: string, view?: View | null): ColourPartSpec {
  return view === 'swatch' ? SWATCH_VIEW_PART : standardsFor(category).colourPart;
}

/**
 * The part for what the region finder is told it looks at: a category id, or 'swatch' for a smear
 * photo of any product (how the evaluation and the training tools name their photos).
 */
export function colourPartOfSubject(subject: string): ColourPartSpec {
  return subject === 'swatch' ? SWATCH_VIEW_PART : standardsFor(subject).colourPart;
}

/** The word a category gives a measured finish (see FinishWords): the first rule that holds. */
export function finishWordOf(words: FinishWords, measured: Pick<ExtractionResult, 'finish' | 'particles' | 'translucency'>): string {
  const { value } = measured.finish;
  const { present, coverage, sizeRel } = measured.particles;
  const { translucency } = measured;
  const holds = (r: FinishWordRule) =>
    (r.minTranslucency === undefined || (translucency !== undefined && translucency >= r.minTranslucency)) &&
    (r.finishes === undefined || r.finishes.includes(value)) &&
    (r.particles === undefined || r.particles === present) &&
    (r.minCoverage === undefined || coverage >= r.minCoverage) &&
    (r.maxCoverage === undefined || coverage < r.maxCoverage) &&
    (r.minSizeRel === undefined || sizeRel >= r.minSizeRel) &&
    (r.maxSizeRel === undefined || sizeRel < r.maxSizeRel);
  return words.rules.find(holds)?.word ?? value;
}

/** Every finish word a category can report, in the order of its rules (without repeats). */
export function finishWordsOf(category: string): string[] {
  return [...new Set(standardsFor(category).finishWords.rules.map((r) => r.word))];
}

export class StandardsError extends Error {
  readonly code = 'UNKNOWN_CATEGORY';
  readonly context: Record<string, unknown>;
  constructor(category: string) {
    super(`Expected one of ${CATEGORY_IDS.join(', ')} for category but received "${category}"`);
    this.name = 'StandardsError';
    this.context = { category };
  }
}

export function categories(): Category[] {
  return [...CATEGORY_IDS];
}

export function isCategory(value: string): value is Category {
  return (CATEGORY_IDS as readonly string[]).includes(value);
}

export function standardsFor(category: string): Standards {
  if (!isCategory(category)) throw new StandardsError(category);
  return CATEGORY_STANDARDS[category];
}

// ---------------------------------------------------------------------------------------------
// Thresholds in words. Findings, the guidelines page and the emails all use these functions.
// ---------------------------------------------------------------------------------------------

/** 0.95 → '95 %'; 0.125 → '12.5 %'. */
export function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))} %`;
}

function megabytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
}

function megapixels(pixels: number): string {
  return `${Number((pixels / 1_000_000).toFixed(1))} MP`;
}

export function formatInWords(l: FormatLimits): string {
  const types = l.types.map((t) => FORMAT_LABELS[t]).join(', ');
  return `fail unless ${types} by content, with a matching extension, at most ${megabytes(l.maxBytes)} and ${megapixels(l.maxPixels)}`;
}

export function resolutionInWords(l: ResolutionLimits): string {
  return `fail below ${l.failBelowPx} px, warn below ${l.warnBelowPx} px on the longest side`;
}

export function backgroundInWords(l: BackgroundLimits): string {
  return (
    `fail below ${percent(l.failBelowNearWhiteShare)} near-white border (L* ≥ 95, chroma ≤ 4); ` +
    `warn below ${percent(l.warnBelowPureWhiteShare)} pure #FFFFFF or when brightness varies by more than ${l.warnAboveUnevennessL} L*`
  );
}

export function exposureInWords(l: ExposureLimits): string {
  return (
    `fail when the backdrop is darker than L* ${l.failBelowBackgroundL}, more than ${percent(l.failAboveClippedShare)} of the product is blown out ` +
    `or more than ${percent(l.failAboveColourClippedShare)} has its colour cut off; ` +
    `warn below L* ${l.warnBelowBackgroundL}, above ${percent(l.warnAboveClippedShare)} blown out, above ${percent(l.warnAboveColourClippedShare)} colour cut off ` +
    `or above ${percent(l.warnAboveCrushedShare)} crushed to black`
  );
}

export function colorCastInWords(l: ColorCastLimits): string {
  return `fail above backdrop chroma ${l.failAboveChroma}, warn above ${l.warnAboveChroma} (CIELAB a*, b* distance from neutral)`;
}

export function angleInWords(l: AngleLimits): string {
  const from = l.square === 'either-side' ? 'the nearer side of the photo' : 'vertical';
  return `fail above ${l.failAboveDeg}°, warn above ${l.warnAboveDeg}° of tilt from ${from} (${l.views.join(', ')} views)`;
}

export function sharpnessInWords(l: SharpnessLimits): string {
  return `fail below focus score ${l.failBelowScore}, warn below ${l.warnBelowScore}`;
}

export function framingInWords(l: FramingLimits): string {
  const cut = l.failWhenCut ? ' or when the product is cut by an edge' : '';
  return `fail below ${percent(l.failBelowSpanShare)} of the frame${cut}, warn below ${percent(l.warnBelowSpanShare)}`;
}

export function swatchInWords(l: SwatchLimits): string {
  return `fail at ΔE00 ${l.failAtDeltaE} or more, warn at ${l.warnAtDeltaE} or more`;
}

export function namingInWords(l: NamingLimits): string {
  return (
    `fail unless {brand}_{line}_{shade}_{view}.{ext} (view ${l.views.join('|')}, ext ${l.extensions.join('|')}) ` +
    `and a Title Case shade name of ${l.shadeNameMinLength}–${l.shadeNameMaxLength} characters`
  );
}

export function thresholdInWords(rule: RuleId, s: Standards): string {
  switch (rule) {
    case 'format':
      return formatInWords(s.format);
    case 'resolution':
      return resolutionInWords(s.resolution);
    case 'background':
      return backgroundInWords(s.background);
    case 'exposure':
      return exposureInWords(s.exposure);
    case 'color_cast':
      return colorCastInWords(s.colorCast);
    case 'angle':
      return angleInWords(s.angle);
    case 'sharpness':
      return sharpnessInWords(s.sharpness);
    case 'framing':
      return framingInWords(s.framing);
    case 'swatch':
      return swatchInWords(s.swatch);
    case 'naming':
      return namingInWords(s.naming);
  }
}

export interface RuleDescription {
  rule: RuleId;
  title: string;
  what: string;
  threshold: string;
  fix: string;
  anchor: string;
}

/** The standards of one category, rule by rule, for the public guidelines page and the emails. */
export function describeStandards(category: string): RuleDescription[] {
  const s = standardsFor(category);
  return RULE_IDS.map((rule) => ({ rule, ...RULE_GUIDANCE[rule], threshold: thresholdInWords(rule, s) }));
}
