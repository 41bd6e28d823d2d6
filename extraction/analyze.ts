import { readAndDecode, type DecodeLimits, type DecodedForAnalysis } from './decode.ts';
import { getExtractor } from './extractors/registry.ts';
import { measureAngle } from './measurements/angle.ts';
import { RIVAL_GAP_CAP, colourTrust, needsReview, type TrustSignals } from './colour-trust.ts';
import { chroma, deltaE2000 } from './color-space.ts';
import { measureColorCast } from './measurements/color-cast.ts';
import { measureFraming, toUpright } from './measurements/framing.ts';
import { analyseAside } from './analysis-lane.ts';
import { measurePixels, type PixelMeasureInput, type PixelMeasures } from './pixel-measures.ts';
import { findPans, type FoundPan } from './pans.ts';
import { measureTranslucency } from './translucency.ts';
import { overrideMask, segment, toExtractorInput, type Segmentation } from './segmentation.ts';
import {
  COORDINATE_CONVENTION,
  DEFAULT_COLOUR_PART,
  type AnalysisOverlays,
  type AnalyzeOptions,
  type ExtractedProperties,
  type ExtractionResult,
  type Extractor,
  type ExtractorInput,
  type FormatInfo,
  type PanResult,
  type PhotoAnalysis,
  type PhotoMeasurements,
  type Rect,
} from './types.ts';

const DEFAULT_CATEGORY = 'lipstick';

/**
 * The whole pipeline for one photo: header checks, ONE decode at analysis scale, the
 * measurements the standards need, and (for analyzePhoto) the extractor on the colour-bearing
 * part, side by side in the analysis lanes. Pure: bytes in, numbers out.
 */

interface Inspection {
  info: FormatInfo;
  decoded: DecodedForAnalysis;
  segmentation: Segmentation;
}

async function inspect(bytes: Uint8Array, opts: AnalyzeOptions, limits?: Partial<DecodeLimits>): Promise<Inspection> {
  const { info, decoded } = await readAndDecode(bytes, { limits });
  return { info, decoded, segmentation: segment(decoded.image, opts.part ?? DEFAULT_COLOUR_PART) };
}

/** The input of the pixel measures (what the standards read pixel by pixel). */
function pixelMeasureInput({ decoded, segmentation }: Inspection): PixelMeasureInput {
  const { productMask, productBox, colorMask, bandWidth } = segmentation;
  return {
    image: decoded.image,
    productMask,
    regionMask: segmentation.colorRegion ? colorMask : productMask,
    regionBox: segmentation.colorRegion ?? productBox,
    bandWidth,
    productBox,
    scale: decoded.scale,
  };
}

/** The measurements the standards need, given the pixel measures. */
function measurements({ info, decoded, segmentation }: Inspection, { background, exposure, sharpness }: PixelMeasures): PhotoMeasurements {
  const { image, scale } = decoded;
  const { productBox, grid } = segmentation;
  return {
    format: info,
    width: decoded.uprightWidth,
    height: decoded.uprightHeight,
    background,
    exposure,
    colorCast: measureColorCast(background),
    angle: measureAngle(segmentation.gridProduct, grid.width, grid.height),
    sharpness,
    framing: measureFraming(productBox, image.width, image.height, scale),
    productFound: productBox !== null && segmentation.backdrop.present,
  };
}

/** Measurements only (what the standards need), from one decode. */
export async function measurePhoto(
  bytes: Uint8Array,
  opts: AnalyzeOptions = {},
  limits?: Partial<DecodeLimits>,
): Promise<PhotoMeasurements> {
  const inspection = await inspect(bytes, opts, limits);
  return measurements(inspection, measurePixels(pixelMeasureInput(inspection)));
}

/** Measurements and the extracted visual properties of the colour-bearing part. */
export async function analyzePhoto(
  bytes: Uint8Array,
  opts: AnalyzeOptions = {},
  limits?: Partial<DecodeLimits>,
): Promise<PhotoAnalysis> {
  const extractor = getExtractor(opts.extractor);
  const inspection = await inspect(bytes, opts, limits);
  // A palette's pans, found once: each is measured on its own, and the first stands for the palette.
  const pans = (opts.part ?? DEFAULT_COLOUR_PART).palette && !opts.regionOverride ? findPans(inspection.segmentation, inspection.decoded.image.width, inspection.decoded.image.height) : [];
  const input = extractorInput(inspection, opts, pans[0]);
  // A close-up without a backdrop still has a colour-bearing part (the central dominant colour);
  // the standards refuse such a photo through productFound, but its colour is still reported.
  // The extraction and the pixel measures run side by side in the analysis lanes (when they are up).
  const work = analyseAside({
    extract: input ? { extractor: extractor.name, input: { ...input, withMasks: opts.withOverlays === true } } : null,
    measure: pixelMeasureInput(inspection),
  });
  const [extracted, pixels] = await Promise.all([work.extracted, work.measures]);
  const translucency = input && extracted ? translucencyOf(inspection, input, opts) : null;
  const primary = input && extracted ? resultOf(inspection, input, extractor, extracted, opts, translucency, pans) : null;
  const analysis: PhotoAnalysis = { measurements: measurements(inspection, pixels), extraction: primary?.result ?? null };
  if (opts.alsoExtractors?.length) Object.assign(analysis, alternatesOf(inspection, input, opts, translucency, pans));
  if (opts.withOverlays) analysis.overlays = overlaysOf(inspection, extracted);
  if (opts.withDiagnostics) analysis.diagnostics = { candidates: inspection.segmentation.candidates, trust: primary?.signals ?? null };
  return analysis;
}

/** How much light the lacquer lets through, where the category's data says it may (nail polish); null elsewhere. It is the same for every extractor. */
function translucencyOf(inspection: Inspection, input: ExtractorInput, opts: AnalyzeOptions): number | null {
  if (!(opts.part ?? DEFAULT_COLOUR_PART).mayBeTranslucent) return null;
  const { productMask, backdrop } = inspection.segmentation;
  return measureTranslucency({ image: input.image, productMask, region: input.region, whiteReference: backdrop.present ? backdrop.rgb : null });
}

/** One extractor's reading as a result: its trust, the translucency, and a palette's pans through the same extractor. */
function resultOf(
  inspection: Inspection,
  input: ExtractorInput,
  extractor: Extractor,
  extracted: ExtractedProperties,
  opts: AnalyzeOptions,
  translucency: number | null,
  pans: FoundPan[],
): { result: ExtractionResult; signals: TrustSignals } {
  const category = opts.category ?? DEFAULT_CATEGORY;
  const signals = trustSignals(inspection, extracted, input.region, opts.regionOverride !== undefined, category);
  const result = toResult(extractor, extracted, input.region, inspection.decoded, opts.regionOverride, signals);
  if (translucency !== null) result.translucency = translucency;
  if (pans.length > 1) result.pans = measurePans(inspection, pans, extractor, category);
  return { result, signals };
}

/**
 * The other extractors a caller asked for, on the same decode, segmentation and region: only the
 * extraction runs again (here, in the calling thread), never the decode and the checks. One that throws
 * is reported by name and gives null, so the caller decides whether that fails anything.
 */
function alternatesOf(
  inspection: Inspection,
  input: ExtractorInput | null,
  opts: AnalyzeOptions,
  translucency: number | null,
  pans: FoundPan[],
): Pick<PhotoAnalysis, 'alternates' | 'alternateFailures'> {
  const alternates: Record<string, ExtractionResult | null> = {};
  const failures: Record<string, string> = {};
  for (const name of new Set(opts.alsoExtractors)) {
    const extractor = getExtractor(name);
    alternates[name] = null;
    if (!input) continue;
    try {
      alternates[name] = resultOf(inspection, input, extractor, extractor.extract({ ...input, withMasks: false }), opts, translucency, pans).result;
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      failures[name] = error.message;
    }
  }
  return { alternates, ...(Object.keys(failures).length ? { alternateFailures: failures } : {}) };
}

/** Each pan of a palette through the extractor, on its own inner part (see pans.ts). */
function measurePans({ decoded, segmentation }: Inspection, pans: FoundPan[], extractor: Extractor, category: string): PanResult[] {
  const { image, scale } = decoded;
  return pans.flatMap((pan, index): PanResult[] => {
    const input = toExtractorInput(image, scale, pan.mask, segmentation.backdrop, category);
    if (!input) return [];
    const { color, finish, particles } = extractor.extract({ ...input, shade: pan.lab, withMasks: false, flatPan: true });
    const region = clampRect(toUpright(pan.region, scale), decoded.uprightWidth, decoded.uprightHeight);
    return [{ index, region: { ...region, convention: COORDINATE_CONVENTION }, color, finish, particles }];
  });
}

/**
 * The automatic colour-bearing part, or the one a person drew (minus backdrop pixels). A palette's
 * colour is its first pan's (reading order), measured as the pan is in the palette's list: the colour
 * part found among the compact's colours may be a cluster spanning several pans, or the case.
 */
function extractorInput({ decoded, segmentation }: Inspection, opts: AnalyzeOptions, firstPan?: FoundPan): ExtractorInput | null {
  const { image, scale } = decoded;
  if (firstPan) {
    const input = toExtractorInput(image, scale, firstPan.mask, segmentation.backdrop, opts.category ?? DEFAULT_CATEGORY);
    if (input) Object.assign(input, { shade: firstPan.lab, flatPan: true });
    return input;
  }
  const mask = opts.regionOverride
    ? overrideMask(image, toAnalysis(opts.regionOverride, scale), segmentation.backdrop)
    : segmentation.colorMask;
  const region = opts.regionOverride ? undefined : segmentation.colorRegion;
  const input = toExtractorInput(image, scale, mask, segmentation.backdrop, opts.category ?? DEFAULT_CATEGORY, region);
  if (input && !opts.regionOverride) Object.assign(input, { shade: segmentation.candidates[0]?.lab ?? null, flatPan: segmentation.onPan });
  return input;
}

/** The extractor's properties with its id and the region in upright full-resolution pixels. */
function toResult(
  extractor: Extractor,
  extracted: ExtractedProperties,
  analysisRegion: Rect,
  decoded: DecodedForAnalysis,
  regionOverride: Rect | undefined,
  signals: TrustSignals,
): ExtractionResult {
  const { highlightMask: _highlight, glitterMask: _glitter, inclusiveReadings: _readings, ...properties } = extracted;
  const region = clampRect(regionOverride ?? toUpright(analysisRegion, decoded.scale), decoded.uprightWidth, decoded.uprightHeight);
  // A region a person drew is not in doubt: its colour keeps the extractor's own confidence.
  const confidence = regionOverride ? properties.color.confidence : Math.round(colourTrust(signals) * 1000) / 1000;
  return {
    extractor: { name: extractor.name, version: extractor.version },
    region: { ...region, convention: COORDINATE_CONVENTION },
    ...properties,
    color: { ...properties.color, confidence },
    review: regionOverride ? false : needsReview(confidence),
  };
}

/** A score gap reported when there was no runner-up: the choice was never in question. */
const NO_RUNNER_UP_MARGIN = 10;

/** Σ share × ΔE00 to the best over the rival candidates (see TrustSignals.rivalRisk). */
function rivalRisk(candidates: Segmentation['candidates']): number {
  const [best, ...rivals] = candidates;
  return rivals.reduce((sum, c) => sum + c.share * Math.min(RIVAL_GAP_CAP, deltaE2000(best.lab, c.lab)), 0);
}

/** A region within this share of the frame's short side from an edge reaches the edge. */
const FRAME_EDGE_SHARE = 0.01;
/** Categories whose shade is seen through a clear tube. */
const TUBE_CATEGORIES = new Set(['lip-gloss']);

function touchesFrame(region: Rect, width: number, height: number): boolean {
  const edge = FRAME_EDGE_SHARE * Math.min(width, height);
  return region.x <= edge || region.y <= edge || region.x + region.width >= width - edge || region.y + region.height >= height - edge;
}

/** ΔE00 from the reported colour to one of the extractor's inclusive readings; 0 when it reports none. */
function gapTo(extracted: ExtractedProperties, reading: keyof NonNullable<ExtractedProperties['inclusiveReadings']>): number {
  const other = extracted.inclusiveReadings?.[reading];
  return other ? deltaE2000(extracted.color.lab, other) : 0;
}

/** What the colour's trust is judged on (see colour-trust.ts). */
function trustSignals(
  { decoded, segmentation }: Inspection,
  extracted: ExtractedProperties,
  region: Rect,
  drawnByPerson: boolean,
  category: string,
): TrustSignals {
  const [best, second] = segmentation.candidates;
  const backdrop = segmentation.backdrop;
  const { image } = decoded;
  return {
    extractorConfidence: extracted.color.confidence,
    bestShare: drawnByPerson || !best ? 1 : best.share,
    margin: drawnByPerson || !best || !second || !Number.isFinite(second.score) ? NO_RUNNER_UP_MARGIN : best.score - second.score,
    rivalRisk: drawnByPerson || !best ? 0 : rivalRisk(segmentation.candidates),
    anchorGap: drawnByPerson || !best ? 0 : deltaE2000(best.lab, extracted.color.lab),
    shortSide: Math.min(decoded.uprightWidth, decoded.uprightHeight),
    whiteBackdrop: backdrop.present && backdrop.lab.L >= 90 && chroma(backdrop.lab.a, backdrop.lab.b) <= 5,
    chroma: chroma(extracted.color.lab.a, extracted.color.lab.b),
    regionShare: (region.width * region.height) / Math.max(1, image.width * image.height),
    touchesFrame: touchesFrame(region, image.width, image.height),
    throughTube: TUBE_CATEGORIES.has(category),
    highlightGap: gapTo(extracted, 'withHighlights'),
    wholePartGap: gapTo(extracted, 'wholePart'),
  };
}

function overlaysOf({ decoded, segmentation }: Inspection, extracted: ExtractedProperties | null): AnalysisOverlays {
  return {
    scale: decoded.scale,
    width: decoded.image.width,
    height: decoded.image.height,
    product: segmentation.productMask,
    ...(extracted?.highlightMask ? { highlight: extracted.highlightMask } : {}),
    ...(extracted?.glitterMask ? { glitter: extracted.glitterMask } : {}),
  };
}

/** Upright full-resolution rectangle → analysis pixels. */
function toAnalysis(rect: Rect, scale: number): Rect {
  return { x: rect.x * scale, y: rect.y * scale, width: rect.width * scale, height: rect.height * scale };
}

function clampRect(rect: Rect, width: number, height: number): Rect {
  const x = Math.max(0, Math.min(width, Math.round(rect.x)));
  const y = Math.max(0, Math.min(height, Math.round(rect.y)));
  return {
    x,
    y,
    width: Math.max(0, Math.min(width, Math.round(rect.x + rect.width)) - x),
    height: Math.max(0, Math.min(height, Math.round(rect.y + rect.height)) - y),
  };
}
