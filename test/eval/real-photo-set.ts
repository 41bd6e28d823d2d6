/**
 * The real shop photos with hand-measured truth, and how our extraction is scored on them: shared by
 * `npm run eval:real` (tables, contact sheet) and the CI test that holds the figures.
 *
 * The photos live beside the repository, never in it (they belong to the brands and shops): in
 * `../shared/data/real-photos/`, with a manifest giving each photo its category and the mean CIELAB of a
 * crop a person cut out as "the product's colour".
 *
 * Scoring: ΔE00 between the measured colour and that truth. A photo whose extraction is null or
 * throws scores FAILED_DELTA_E and goes to a person.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { analyzePhoto } from '../../extraction/index.ts';
import { deltaE2000, hexToLab } from '../../extraction/color-space.ts';
import { SHOP_THUMBNAIL_SIDE, type ExtractionResult, type Lab, type Rect } from '../../extraction/types.ts';
import { colourPartOfSubject } from '../../validators/standards.ts';

export const REAL_PHOTOS_DIR = new URL('../../../shared/data/real-photos/', import.meta.url);
const MANIFEST = new URL('manifest.json', REAL_PHOTOS_DIR);

/** The manifest's category → the category id the portal passes to analyzePhoto. */
export const PORTAL_CATEGORY = {
  lipstick: 'lipstick',
  lipgloss: 'lip-gloss',
  lipliner: 'lip-liner',
  blush: 'blush',
} as const;

export type ManifestCategory = keyof typeof PORTAL_CATEGORY;
export const MANIFEST_CATEGORIES = Object.keys(PORTAL_CATEGORY) as ManifestCategory[];

/** A reading within this ΔE00 of its hand crop counts as right (the "within ΔE00 5"). */
export const RIGHT_DELTA_E = 5;
/** A reading more than this ΔE00 from its hand crop is far off: a person must see it. */
export const FAR_OFF_DELTA_E = 10;

/** The score of a photo we could not measure: far beyond any real miss (ΔE00 between black and white is 100). */
export const FAILED_DELTA_E = 100;

/**
 * Until extraction says itself whether a person must look (`extraction.review`), a photo passes
 * without one when its colour confidence reaches this.
 */
export const FALLBACK_CONFIDENCE = 0.6;

/** Manifest paths stay inside the data folder. */
const relativePath = z.string().regex(/^[\w-]+\/[^/\\]+$/, 'must be folder/file inside the data folder');

const manifestSchema = z.array(
  z.object({
    photo: relativePath,
    truthCrop: relativePath,
    category: z.enum(MANIFEST_CATEGORIES as [ManifestCategory, ...ManifestCategory[]]),
    brand: z.string(),
    shade: z.string(),
    truth: z.object({ L: z.number(), a: z.number(), b: z.number(), hex: z.string().regex(/^#[0-9a-f]{6}$/i) }),
  }),
);

export type ManifestEntry = z.infer<typeof manifestSchema>[number];

export function realPhotosAvailable(): boolean {
  return existsSync(MANIFEST);
}

export async function readManifest(): Promise<ManifestEntry[]> {
  return manifestSchema.parse(JSON.parse(await readFile(MANIFEST, 'utf8')));
}

/** A photo's bytes by its manifest path (`photos/…`). */
export function readPhoto(photo: string): Promise<Buffer> {
  return readFile(new URL(photo, REAL_PHOTOS_DIR));
}

/** One photo's outcome. */
export interface RealPhotoRow {
  /** Manifest path, and the file name alone. */
  photo: string;
  file: string;
  category: ManifestCategory;
  brand: string;
  shade: string;
  truth: { lab: Lab; hex: string };
  /** Null when the extraction was null or threw. */
  measured: { lab: Lab; hex: string; confidence: number; region: Rect } | null;
  deltaE: number;
  /** Sent to a person: extraction.review, or (field absent) confidence below FALLBACK_CONFIDENCE; always when unmeasured. */
  review: boolean;
  /** Where `review` came from. */
  reviewSource: 'extraction' | 'confidence' | 'unmeasured';
  /** Upright size of the photo, when it could be decoded. */
  upright: { width: number; height: number } | null;
  /** Pans reported (a palette's; 0 when none). */
  pans: number;
  error: string | null;
  /** ΔE00 of the outside reference (when one was asked for). */
  anchorDeltaE?: number;
  anchorHex?: string | null;
}

export interface EvaluateOptions {
  extractor?: string;
  /** Only these manifest categories. */
  categories?: ManifestCategory[];
  /** Photos analysed at once (default 2). */
  concurrency?: number;
  /** An outside reference measured on the same bytes: its hex colour. */
  anchor?: (bytes: Buffer) => Promise<string>;
  /** Each photo served as a shop thumbnail of this longest side instead (see asThumbnail). */
  shrink?: number;
  /** Each photo mirrored left to right: a measurement should not depend on where the product stands. */
  mirror?: boolean;
}

/** JPEG quality of a shrunk photo: what shops serve their listing thumbnails at. */
const THUMBNAIL_QUALITY = 80;

/**
 * The photo as a shop serves it in a listing: upright, shrunk to `side` on its longest side (never
 * enlarged), transparency flattened onto white, JPEG. The truth stays the hand measurement of the
 * original, so the figures say what a thumbnail of the same product costs.
 */
async function asThumbnail(bytes: Buffer, side: number): Promise<Buffer> {
  return sharp(bytes, { failOn: 'none' })
    .rotate()
    .resize(side, side, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: THUMBNAIL_QUALITY })
    .toBuffer();
}

/** `extraction.review` once extraction reports it; undefined before. */
function reviewFlag(extraction: ExtractionResult): boolean | undefined {
  const { review } = extraction as ExtractionResult & { review?: unknown };
  return typeof review === 'boolean' ? review : undefined;
}

/** A photo's bytes as the evaluation serves them (options.shrink, options.mirror). */
export async function servedPhoto(photo: string, options: Pick<EvaluateOptions, 'shrink' | 'mirror'>): Promise<Buffer> {
  const original = await readPhoto(photo);
  const shrunk = options.shrink ? await asThumbnail(original, options.shrink) : original;
  return options.mirror ? mirrored(shrunk) : shrunk;
}

/** The photo mirrored left to right, upright, losslessly (PNG, alpha kept). */
async function mirrored(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes, { failOn: 'none' }).rotate().flop().png().toBuffer();
}

async function evaluateEntry(entry: ManifestEntry, options: EvaluateOptions): Promise<RealPhotoRow> {
  const bytes = await servedPhoto(entry.photo, options);
  const truthLab = { L: entry.truth.L, a: entry.truth.a, b: entry.truth.b };
  const row: RealPhotoRow = {
    photo: entry.photo,
    file: basename(entry.photo),
    category: entry.category,
    brand: entry.brand,
    shade: entry.shade,
    truth: { lab: truthLab, hex: entry.truth.hex },
    measured: null,
    deltaE: FAILED_DELTA_E,
    review: true,
    reviewSource: 'unmeasured',
    upright: null,
    pans: 0,
    error: null,
  };
  try {
    const { measurements, extraction } = await analyzePhoto(bytes, {
      extractor: options.extractor,
      category: PORTAL_CATEGORY[entry.category],
      part: colourPartOfSubject(PORTAL_CATEGORY[entry.category]),
    });
    row.upright = { width: measurements.width, height: measurements.height };
    if (extraction) {
      const { x, y, width, height } = extraction.region;
      row.measured = { ...extraction.color, region: { x, y, width, height } };
      row.deltaE = deltaE2000(truthLab, extraction.color.lab);
      row.pans = extraction.pans?.length ?? 0;
      const flag = reviewFlag(extraction);
      row.review = flag ?? extraction.color.confidence < FALLBACK_CONFIDENCE;
      row.reviewSource = flag === undefined ? 'confidence' : 'extraction';
    }
  } catch (error) {
    row.error = error instanceof Error ? error.message : String(error);
  }
  if (options.anchor) {
    try {
      row.anchorHex = await options.anchor(bytes);
      row.anchorDeltaE = deltaE2000(truthLab, hexToLab(row.anchorHex));
    } catch {
      row.anchorHex = null;
      row.anchorDeltaE = FAILED_DELTA_E;
    }
  }
  return row;
}

/** Every photo of the manifest (or of the chosen categories), in manifest order. */
export async function evaluateRealPhotos(options: EvaluateOptions = {}): Promise<RealPhotoRow[]> {
  const entries = (await readManifest()).filter((e) => !options.categories || options.categories.includes(e.category));
  const rows: RealPhotoRow[] = new Array(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const i = next++;
      rows[i] = await evaluateEntry(entries[i], options);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  return rows;
}

/** Nearest-rank quantile (the same as `npm run eval`). */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
}

function shareOf<T>(items: T[], predicate: (item: T) => boolean): number {
  return items.length ? items.filter(predicate).length / items.length : NaN;
}

export interface AccuracyFigures {
  n: number;
  median: number;
  p75: number;
  p90: number;
  /** Shares (0–1) within ΔE00 5 and 10. */
  within5: number;
  within10: number;
}

export function accuracyOf(rows: RealPhotoRow[]): AccuracyFigures {
  const dE = rows.map((r) => r.deltaE);
  return {
    n: rows.length,
    median: quantile(dE, 0.5),
    p75: quantile(dE, 0.75),
    p90: quantile(dE, 0.9),
    within5: shareOf(rows, (r) => r.deltaE <= RIGHT_DELTA_E),
    within10: shareOf(rows, (r) => r.deltaE <= FAR_OFF_DELTA_E),
  };
}

/** The groups the figures are given for: each category, then all photos. */
export function byCategory(rows: RealPhotoRow[]): Array<[ManifestCategory | 'all', RealPhotoRow[]]> {
  const groups: Array<[ManifestCategory | 'all', RealPhotoRow[]]> = MANIFEST_CATEGORIES.map((c) => [c, rows.filter((r) => r.category === c)]);
  return [...groups.filter(([, g]) => g.length > 0), ['all', rows]];
}

export interface OperatingPoint {
  /** Share (0–1) of all photos passed without a person. */
  passed: number;
  /** Share of the passed photos within ΔE00 5. */
  passedWithin5: number;
  /** Share of the photos more than ΔE00 10 off that go to a person. */
  farOffReviewed: number;
}

/** How a rule that sends photos to a person (`review(row)` true) would do. */
export function operatingPointOf(rows: RealPhotoRow[], review: (row: RealPhotoRow) => boolean): OperatingPoint {
  const passed = rows.filter((r) => !review(r));
  const farOff = rows.filter((r) => r.deltaE > FAR_OFF_DELTA_E);
  return {
    passed: shareOf(rows, (r) => !review(r)),
    passedWithin5: shareOf(passed, (r) => r.deltaE <= RIGHT_DELTA_E),
    farOffReviewed: shareOf(farOff, review),
  };
}

/**
 * The size groups the figures are also given for: shop thumbnails (the extractor's own mark, on the short
 * side), photos larger than that but under their category's resolution floor (`floorOf`, on the longest
 * side: the standards refuse them from a brand), and photos the standards accept for their size. A photo
 * whose size is unknown (it could not be decoded) is left out.
 */
export function bySize(rows: RealPhotoRow[], floorOf: (row: RealPhotoRow) => number): Array<[string, RealPhotoRow[]]> {
  const groups: Array<[string, RealPhotoRow[]]> = [
    [`shop thumbnail (short side < ${SHOP_THUMBNAIL_SIDE} px)`, []],
    ['under the resolution floor', []],
    ['at the floor or above (accepted size)', []],
  ];
  for (const row of rows) {
    if (!row.upright) continue;
    const { width, height } = row.upright;
    const group = Math.min(width, height) < SHOP_THUMBNAIL_SIDE ? 0 : Math.max(width, height) < floorOf(row) ? 1 : 2;
    groups[group][1].push(row);
  }
  return groups;
}

/** The portal's own decision (extraction.review, or the confidence fallback). */
export const portalDecision = (row: RealPhotoRow): boolean => row.review;

/** A plain confidence cut: below it (or unmeasured) a person looks. */
export const confidenceBelow = (threshold: number) => (row: RealPhotoRow): boolean =>
  !row.measured || row.measured.confidence < threshold;

/** Which rule `review` followed: the extraction's own flag (once it reports one) or the confidence fallback. */
export function reviewRule(rows: RealPhotoRow[]): 'extraction' | 'confidence' | 'none measured' {
  if (rows.some((r) => r.reviewSource === 'extraction')) return 'extraction';
  return rows.some((r) => r.reviewSource === 'confidence') ? 'confidence' : 'none measured';
}
