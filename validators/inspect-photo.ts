/**
 * THE single path from a photo's bytes to its judgement, shared by the CLI and the portal:
 * analyse (measurements + extraction from one decode), then judge against the standards.
 * It only composes extraction and judgement; it reads no files and knows no HTTP.
 */
import { analyzePhoto, sniffFormat } from '../extraction/index.ts';
import { ImageError, type AnalysisOverlays, type ExtractionResult, type PhotoMeasurements, type Rect } from '../extraction/types.ts';
import { labelContent } from './content-label.ts';
import { judgePhoto } from './judge-photo.ts';
import { photoMetaSchema, type PhotoMeta, type PhotoMetaInput } from './photo-meta.ts';
import type { Standards } from './standards.ts';
import { withFinishWords } from './finish-words.ts';
import { colourPartFor, standardsFor } from './standards.ts';
import type { Finding, Verdict } from './types.ts';

export interface InspectOptions {
  /** Extractor by name ('robust' by default); an unknown name throws UNKNOWN_EXTRACTOR. */
  extractor?: string;
  /** Further extractors measured on the same decode and region (see PhotoInspection.alternates). */
  alsoExtractors?: readonly string[];
  /** A region labelled by a person, in upright pixels, used instead of the automatic one. */
  regionOverride?: Rect;
  withOverlays?: boolean;
  /** The limits to judge by when they are not the category's own (the stricter limits of the marketplaces a shade is for). */
  standards?: Standards;
}

export interface PhotoInspection {
  verdict: Verdict;
  findings: Finding[];
  /** Null when the file could not be read as an image or no product was found. */
  extraction: ExtractionResult | null;
  /** Null when the file could not be read as an image. */
  measurements: PhotoMeasurements | null;
  /** Each of alsoExtractors by name (null: no product, or it failed, see alternateFailures); absent when none was asked for. */
  alternates?: Record<string, ExtractionResult | null>;
  alternateFailures?: Record<string, string>;
  overlays?: AnalysisOverlays;
}

/**
 * What the region finder looks for: the product's category ('lipstick': a bullet at the top of the
 * product), or 'swatch' for a smear photo of any product (the whole smear, wherever it runs).
 */
function subjectOf(meta: PhotoMeta): string {
  return meta.view === 'swatch' ? 'swatch' : meta.category;
}

export async function inspectPhoto(bytes: Uint8Array, metaInput: PhotoMetaInput, options: InspectOptions = {}): Promise<PhotoInspection> {
  const meta = photoMetaSchema.parse(metaInput);
  let analysis;
  try {
    analysis = await analyzePhoto(bytes, {
      extractor: options.extractor,
      alsoExtractors: options.alsoExtractors,
      regionOverride: options.regionOverride,
      withOverlays: options.withOverlays,
      category: subjectOf(meta),
      part: colourPartFor(meta.category, meta.view),
    });
  } catch (error) {
    if (!(error instanceof ImageError)) throw error;
    const sniffed = sniffFormat(bytes);
    const { verdict, findings } = judgePhoto(error, meta, { sniffed, bytes: bytes.length, detected: sniffed ? null : labelContent(bytes) }, options.standards);
    return { verdict, findings, extraction: null, measurements: null };
  }
  const { verdict, findings } = judgePhoto(analysis, meta, {}, options.standards);
  const words = standardsFor(meta.category).finishWords;
  const worded = (extraction: ExtractionResult | null) => (extraction ? withFinishWords(extraction, words) : null);
  return {
    verdict,
    findings,
    extraction: worded(analysis.extraction),
    measurements: analysis.measurements,
    ...(analysis.alternates ? { alternates: Object.fromEntries(Object.entries(analysis.alternates).map(([name, e]) => [name, worded(e)])) } : {}),
    ...(analysis.alternateFailures ? { alternateFailures: analysis.alternateFailures } : {}),
    ...(analysis.overlays ? { overlays: analysis.overlays } : {}),
  };
}
