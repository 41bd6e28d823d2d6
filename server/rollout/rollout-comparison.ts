/**
 * How a marketplace's extractors compare on the photos they measured:
 * - sample sizes: photos each extractor measured, and how many of them it served;
 * - agreement: ΔE00 between two extractors' colours on the same photos (shadow runs), median and p90
 *   with bootstrap intervals;
 * - review share: how often each sends a shade to a person (`review`), with Wilson intervals;
 * - accuracy: ΔE00 of each extractor's colour to the reviewers' hand label of the same photo (the colour
 *   a reviewer picked, else the colour measured in the region they drew), median with a bootstrap
 *   interval and the share within ΔE00 5 with a Wilson interval.
 */
import { deltaE2000, hexToLab } from '../../extraction/color-space.ts';
import type { ExtractionResult, Lab } from '../../extraction/types.ts';
import type { Db } from '../db/database.ts';
import type { DbRow } from '../db/db-row.ts';
import { parseJsonColumn } from '../db/json-column.ts';
import { bootstrapQuantile, wilson, type Estimate, type Proportion } from './rollout-statistics.ts';

/** ΔE00 at or below which a colour counts as right (the colour confidence's own bar). */
export const ACCURATE_WITHIN = 5;

export interface ExtractorSummary {
  /** name@version */
  extractor: string;
  photos: number;
  served: number;
  review: Proportion | null;
  labelled: number;
  labelMedian: Estimate | null;
  withinFive: Proportion | null;
}

export interface PairSummary {
  a: string;
  b: string;
  photos: number;
  median: Estimate | null;
  p90: Estimate | null;
}

export interface Comparison {
  extractors: ExtractorSummary[];
  pairs: PairSummary[];
}

interface RunPoint {
  photoId: string;
  extractor: string;
  served: boolean;
  review: boolean;
  lab: Lab;
}

export async function compareExtractors(db: Db, marketplace: string): Promise<Comparison> {
  const rows: DbRow[] = await db('photo_extraction_runs')
    .where({ marketplace })
    .select('photo_id', 'extractor', 'extractor_version', 'served', 'review', 'color_hex', 'extraction');
  const runs: RunPoint[] = rows.map((r) => ({
    photoId: r.photo_id,
    extractor: `${r.extractor}@${r.extractor_version}`,
    served: Boolean(r.served),
    review: Boolean(r.review),
    lab: parseJsonColumn<ExtractionResult>(r.extraction)?.color.lab ?? hexToLab(r.color_hex),
  }));
  const labels = await handLabels(db, marketplace);
  return summarise(runs, labels);
}

/** The newest hand-labelled colour of each photo the marketplace's runs measured. */
async function handLabels(db: Db, marketplace: string): Promise<Map<string, Lab>> {
  const rows: DbRow[] = await db('photo_labels')
    .whereIn('photo_id', db('photo_extraction_runs').where({ marketplace }).select('photo_id'))
    .orderBy('created_at', 'asc')
    .select('photo_id', 'picked_hex', 'extraction');
  const out = new Map<string, Lab>();
  for (const r of rows) {
    const lab = r.picked_hex ? hexToLab(r.picked_hex) : parseJsonColumn<ExtractionResult>(r.extraction)?.color.lab;
    if (lab) out.set(r.photo_id, lab);
  }
  return out;
}

/** Pure: the comparison of the runs given, against the labels given (photo id → colour). */
export function summarise(runs: readonly RunPoint[], labels: ReadonlyMap<string, Lab>): Comparison {
  const byExtractor = new Map<string, RunPoint[]>();
  for (const run of runs) {
    const list = byExtractor.get(run.extractor) ?? [];
    list.push(run);
    byExtractor.set(run.extractor, list);
  }
  const names = [...byExtractor.keys()].sort();

  const extractors = names.map((extractor): ExtractorSummary => {
    const mine = byExtractor.get(extractor)!;
    const errors = mine.flatMap((r) => (labels.has(r.photoId) ? [deltaE2000(r.lab, labels.get(r.photoId)!)] : []));
    return {
      extractor,
      photos: mine.length,
      served: mine.filter((r) => r.served).length,
      review: wilson(mine.filter((r) => r.review).length, mine.length),
      labelled: errors.length,
      labelMedian: bootstrapQuantile(errors, 0.5),
      withinFive: wilson(errors.filter((e) => e <= ACCURATE_WITHIN).length, errors.length),
    };
  });

  const pairs: PairSummary[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const other = new Map(byExtractor.get(names[j])!.map((r) => [r.photoId, r.lab]));
      const differences = byExtractor.get(names[i])!.flatMap((r) => (other.has(r.photoId) ? [deltaE2000(r.lab, other.get(r.photoId)!)] : []));
      if (differences.length === 0) continue;
      pairs.push({ a: names[i], b: names[j], photos: differences.length, median: bootstrapQuantile(differences, 0.5), p90: bootstrapQuantile(differences, 0.9) });
    }
  }
  return { extractors, pairs };
}
