/**
 * The contract of `extraction/`: what it measures from a photo's bytes.
 *
 * Coordinates everywhere are pixels of the upright image (EXIF orientation applied),
 * origin top-left, x to the right, y down. Colours are sRGB (after ICC conversion) and
 * CIELAB with a D65 white point.
 */
import type { TrustSignals } from './colour-trust.ts';

export const COORDINATE_CONVENTION =
  'pixels of the upright image (EXIF orientation applied), origin top-left, x right, y down';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'tiff';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Lab {
  L: number;
  a: number;
  b: number;
}

/** What the container says about itself, read before any pixel is decoded. */
export interface FormatInfo {
  /** Type sniffed from the bytes; null when it is not one we accept. */
  format: ImageFormat | null;
  bytes: number;
  /** Stored (pre-orientation) dimensions as declared by the header. */
  width: number;
  height: number;
  pages: number;
  channels: number;
  hasAlpha: boolean;
  bitDepth: string;
  /** EXIF orientation 1–8 (1 when absent). */
  orientation: number;
  /** Colour space of the pixels as decoded (e.g. 'srgb', 'cmyk'). */
  space: string;
  /** Description of the embedded ICC profile, if any (e.g. 'Display P3'). */
  iccDescription: string | null;
}

export interface BackgroundMeasure {
  /** Share (0–1) of the outer border band whose pixels are near-white (L* ≥ 95, chroma ≤ 4). */
  nearWhiteShare: number;
  /** Share (0–1) of the border band that is pure #FFFFFF (each channel ≥ 254). */
  pureWhiteShare: number;
  /** Mean colour of the bright part of the band (the paper/backdrop), CIELAB. */
  meanLab: Lab;
  /** Spread of L* across band segments (max − min of segment medians): shadows, vignetting. */
  unevenness: number;
  /** Width of the border band in pixels (of the upright image). */
  bandWidth: number;
}

export interface ExposureMeasure {
  /** Median L* of the background band. */
  backgroundL: number;
  /** Share (0–1) of product-region pixels clipped to white (any channel ≥ 254 and L* ≥ 98). */
  productClippedShare: number;
  /**
   * Share (0–1) of product-region pixels whose colour is cut off: a channel at its ceiling (≥ 254) while
   * the pixel is not white (L* < 98). Over-exposure pushes a coloured shade's strongest channel to the
   * ceiling long before the pixel turns white: the shade then reads lighter and flatter than it is.
   */
  productColourClippedShare: number;
  /** Share (0–1) of product-region pixels crushed to black (L* ≤ 3). */
  productCrushedShare: number;
  /** Median L* of the product region. */
  productL: number;
}

export interface ColorCastMeasure {
  /** Mean a*, b* of the background band in CIELAB, and their chroma. */
  a: number;
  b: number;
  chroma: number;
}

export interface AngleMeasure {
  /** Tilt of the product's main axis from vertical, degrees, signed (clockwise positive). */
  tiltDeg: number;
  /** 0–1: how elongated the product is (low when the axis is ill-defined). */
  confidence: number;
}

export interface SharpnessMeasure {
  /** Resolution-normalised focus measure on the product region (higher is sharper). */
  score: number;
}

export interface FramingMeasure {
  /** Share (0–1) of the frame that the whole product spans on its best axis. */
  spanShare: number;
  /** Edges the product touches (it is cut): any of 'top' | 'right' | 'bottom' | 'left'. */
  cutEdges: Array<'top' | 'right' | 'bottom' | 'left'>;
  /** Bounding box of the whole product (packaging included). */
  productBox: Rect | null;
}

/** Everything the standards (validators/) need, measured from one decode. */
export interface PhotoMeasurements {
  format: FormatInfo;
  /** Upright dimensions. */
  width: number;
  height: number;
  background: BackgroundMeasure;
  exposure: ExposureMeasure;
  colorCast: ColorCastMeasure;
  angle: AngleMeasure;
  sharpness: SharpnessMeasure;
  framing: FramingMeasure;
  /** Whether a product could be told from the background at all. */
  productFound: boolean;
}

export type Finish = 'matte' | 'satin' | 'shiny' | 'glossy';

/** One pan of a palette, measured on its own (see extraction/pans.ts). */
export interface PanResult {
  /** Place in reading order: rows top to bottom, then left to right; from 0. */
  index: number;
  /** The pan (with its rim), upright pixels. */
  region: Rect & { convention: typeof COORDINATE_CONVENTION };
  /** `confidence`: the extractor's own confidence in the pan's colour. */
  color: { hex: string; lab: Lab; confidence: number };
  finish: { value: Finish; confidence: number; word?: string };
  particles: ExtractionResult['particles'];
}

export interface ExtractionResult {
  extractor: { name: string; version: string };
  /** The colour-bearing part of the product (bullet, smear). */
  region: Rect & { convention: typeof COORDINATE_CONVENTION };
  /**
   * `confidence`: the probability (0–1) that the colour lies within ΔE00 5 of a careful hand
   * measurement (see colour-trust.ts).
   */
  color: { hex: string; lab: Lab; confidence: number };
  /** Whether a person should check this measurement before it is trusted (confidence below the review threshold). */
  review: boolean;
  /** `word`: the category's own word for the finish (validators/standards.ts finishWords), when judged. */
  finish: { value: Finish; confidence: number; word?: string };
  particles: {
    present: boolean;
    /** 0–1 of the region's area. */
    coverage: number;
    /** Mean particle diameter ÷ region width. */
    sizeRel: number;
    count: number;
    /** Mean particle colour, sRGB hex; null when none present. */
    color: string | null;
  };
  reflectance: { specularIntensity: number; glossiness: number; roughness: number };
  /** Ready-to-use material for renderers (glTF-style PBR, linear RGB 0–1). */
  material: {
    baseColorLinear: [number, number, number];
    metallic: number;
    roughness: number;
    clearcoat: number;
    clearcoatRoughness: number;
    /**
     * 0–1, light passing through (a jelly lacquer), for renderers: set from the finish word's material
     * block, absent otherwise (the measured translucency is `translucency` beside it).
     */
    translucency?: number;
  };
  /**
   * A palette's pans, each measured on its own, when the category's products may be palettes
   * (ColourPartSpec.palette) and more than one pan was found; absent otherwise. The result's own
   * colour, finish, particles and region are then the first pan's.
   */
  pans?: PanResult[];
  /**
   * 0–1, measured: how much the lacquer seen through its bottle thins out towards the bottle's edges
   * as a clear dyed liquid (a jelly) does (1) or not at all (0: opaque); see translucency.ts. Present
   * only when the category's part may be translucent (ColourPartSpec.mayBeTranslucent).
   */
  translucency?: number;
}

/** Masks drawn over the photo for reviewers, at analysis scale `scale` of the upright image. */
export interface AnalysisOverlays {
  scale: number;
  width: number;
  height: number;
  /** 1 byte per pixel, 0/1 (or 0/255) — product, highlight, glitter. Optional where not computed. */
  product?: Uint8Array;
  highlight?: Uint8Array;
  glitter?: Uint8Array;
}

/** What the colour's trust was judged on, and the ranked region candidates (see AnalyzeOptions.withDiagnostics). */
export interface AnalysisDiagnostics {
  candidates: Array<{ lab: Lab; score: number; share: number; features: number[] }>;
  trust: TrustSignals | null;
}

export interface PhotoAnalysis {
  measurements: PhotoMeasurements;
  diagnostics?: AnalysisDiagnostics;
  /** Null when no product could be found (the photo is then refused by the standards). */
  extraction: ExtractionResult | null;
  /**
   * Each of AnalyzeOptions.alsoExtractors by name: its result on the same region, null where there is
   * none (no product, as for `extraction`, or the extractor failed: see alternateFailures).
   */
  alternates?: Record<string, ExtractionResult | null>;
  /** Extractors of alsoExtractors that threw, with their message; absent when none did. */
  alternateFailures?: Record<string, string>;
  overlays?: AnalysisOverlays;
}

/**
 * Where a category's colour-bearing part is looked for, as data (the standards hold one per category,
 * validators/standards.ts): the analysis never asks which category it measures, only this.
 */
export interface ColourPartSpec {
  /**
   * 'top': the part owns the top of the product's main object (a lipstick's bullet above its case);
   * 'tip': the part is the colour at the product's narrow end, whatever it looks like (a pencil's
   * lead at its sharpened point: a black or brown lead is less colourful than the bare wood below it);
   * 'anywhere': the most shade-like part wherever it sits (the liquid in a tube, a pan, a smear).
   */
  zone: 'top' | 'tip' | 'anywhere';
  /**
   * A product lying on its side is stood up before the part is looked for: 'narrower' puts its
   * narrower end on top (a bullet sits inside its wider case); 'any' any end (a smear has none).
   */
  upEnd: 'narrower' | 'any';
  /** The category's shades come in the warm red–pink–brown hues of lips and cheeks (a hue prior). */
  lipHues: boolean;
  /** A photo may show several pans in one compact (a palette): each pan is then measured on its own. */
  palette: boolean;
  /**
   * The part is a liquid seen through a clear bottle against the backdrop and may be translucent (a
   * jelly nail lacquer): how much light it lets through is measured (translucency.ts). Absent = no.
   */
  mayBeTranslucent?: boolean;
  /**
   * The product comes with a wand whose applicator carries it (a liquid lipstick, a gloss): when the
   * wand stands applicator up beside the tube, the applicator's coat is the part (applicator.ts). Absent = no.
   */
  applicator?: boolean;
}

/**
 * Below this short side (pixels of the photo as served) a photo is a shop listing thumbnail. Each of its
 * pixels averages a patch of the shop's original, so a highlight's halo has shrunk to the pixels beside
 * it (extractors/robust.ts THUMBNAIL_HALO), and it holds too few pixels to average out JPEG blocks
 * (colour-trust.ts smallPhoto).
 */
export const SHOP_THUMBNAIL_SIDE = 300;

/** The part a caller that names none gets: a lipstick's (the first category, and what every older caller meant). */
export const DEFAULT_COLOUR_PART: ColourPartSpec = { zone: 'top', upEnd: 'narrower', lipHues: true, palette: false };

export interface AnalyzeOptions {
  /** Extractor by name: 'robust' (default) or 'average'. */
  extractor?: string;
  /**
   * Further extractors to run on the same decode and region (a shade whose marketplaces are served by
   * different extractors during a rollout): their results are in PhotoAnalysis.alternates.
   */
  alsoExtractors?: readonly string[];
  /** Where the colour-bearing part is looked for (the category's data); DEFAULT_COLOUR_PART when absent. */
  part?: ColourPartSpec;
  /** A region labelled by a person: extraction uses it instead of the automatic one. */
  regionOverride?: Rect;
  /**
   * Product category (e.g. 'lipstick'), or 'swatch' for a smear of any product: a label handed to
   * the extractor. What steers the region finder is `part`.
   */
  category?: string;
  /** Include overlay masks in the result (costs memory; off for the CLI). */
  withOverlays?: boolean;
  /** Include the region candidates and the trust signals (for evaluation and training tools). */
  withDiagnostics?: boolean;
}

/** Codes thrown by extraction as `ImageError`; server/ maps them to HTTP statuses. */
export type ImageErrorCode =
  | 'UNSUPPORTED_TYPE' // not JPEG/PNG/WebP/TIFF by its bytes (SVG, HTML, HEIC, GIF, …)
  | 'TOO_MANY_PIXELS' // declared pixel count above the limit: refused before decoding
  | 'TOO_MANY_CHANNELS'
  | 'FILE_TOO_LARGE'
  | 'CORRUPT_IMAGE'; // truncated or undecodable

export class ImageError extends Error {
  readonly code: ImageErrorCode;
  readonly context: Record<string, unknown>;
  constructor(code: ImageErrorCode, message: string, context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ImageError';
    this.code = code;
    this.context = context;
  }
}

/** Decoded pixels handed between extraction steps: upright, sRGB, 8-bit, 3 channels, row-major. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * What an extractor receives: the segmentation has already been done (extraction/segmentation),
 * so an extractor only turns the colour-bearing pixels into properties.
 */
export interface ExtractorInput {
  /** The upright sRGB image at analysis scale. */
  image: RgbImage;
  /** Analysis pixels per pixel of the upright original (≤ 1). */
  scale: number;
  /** Colour-bearing region in analysis pixels. */
  region: Rect;
  /** 1 where a pixel belongs to the colour-bearing part, 0 elsewhere; image.width × image.height. */
  mask: Uint8Array;
  /** Mean sRGB (0–255) of the white backdrop, used as the white reference; null when there is none. */
  whiteReference: [number, number, number] | null;
  category: string;
  /**
   * The colour the region finder chose the part by (its best candidate), or null (a region drawn by a
   * person). The body colour is then looked for among the cells of this colour's family only: a part
   * whose rows were filled across a cap, a label or a wand must not be measured as them.
   */
  shade?: Lab | null;
  /** When false, the extractor leaves out the image-sized reviewer masks (nobody will draw them). Default true. */
  withMasks?: boolean;
  /**
   * The part is a compact's pan, seen from above: a flat surface facing the camera, whose brightness
   * varies only with a sheen on it (no curvature shades it). See finish.ts measureHighlights.
   */
  flatPan?: boolean;
}

/** The properties an extractor computes; analyze.ts adds the extractor id and the full-scale region. */
export type ExtractedProperties = Omit<ExtractionResult, 'extractor' | 'region' | 'review'> & {
  /** Optional masks for reviewers (analysis scale, same size as the input image). */
  highlightMask?: Uint8Array;
  glitterMask?: Uint8Array;
  /**
   * The colour read with less kept out, white-balanced as `color` is: the face with its highlights kept,
   * and the whole part (flanks, shading and highlights; glitter still out). A hand measurement averages
   * what a person sees, so where these lie far from `color` the reading hangs on what was left out, and
   * the colour trust weighs that (colour-trust.ts). Internal: not part of the result.
   */
  inclusiveReadings?: { withHighlights: Lab; wholePart: Lab };
};

export interface Extractor {
  name: string;
  version: string;
  extract(input: ExtractorInput): ExtractedProperties;
}
