import { bootstrapMeanCI, holmAdjust, krippendorffAlpha, mean, wilcoxonSignedRank, type Interval } from './statistics.ts';

/**
 * A closed study's ratings → its results: mean score per source with 95 % bootstrap intervals
 * (overall and per demographic band), paired Wilcoxon tests between sources on per-item means
 * (Holm-corrected), Krippendorff's interval alpha between raters, and the attention checks.
 *
 * The unit of analysis is the item (one model wearing one shade): a source's score on an item is the
 * mean of its raters' scores; a source's mean is the mean over items; intervals resample items.
 */

export const SOURCES = ['robust', 'average', 'declared', 'label', 'outside'] as const;
export type Source = (typeof SOURCES)[number];
/** The attention check: the reference photo itself shown as a candidate. */
export const REFERENCE_SOURCE = 'reference';

export interface RatingRecord {
  raterId: string;
  candidateId: string;
  source: Source | typeof REFERENCE_SOURCE;
  itemId: string;
  score: number;
  monk: number | null;
  undertone: string | null;
}

/** A rater whose mean score of the reference shown as a candidate is below this failed the attention check. */
export const ATTENTION_MIN_SCORE = 6;

export interface SourceSummary {
  source: Source;
  items: number;
  ci: Interval;
}
export interface BandSummary {
  band: string;
  kind: 'monk' | 'undertone';
  sources: SourceSummary[];
}
export interface PairTest {
  a: Source;
  b: Source;
  items: number;
  statistic: number;
  pValue: number;
  pHolm: number;
  method: 'exact' | 'normal';
}
export interface StudySummary {
  raters: number;
  flaggedRaters: number;
  items: number;
  ratings: number;
  overall: SourceSummary[];
  bands: BandSummary[];
  pairs: PairTest[];
  alpha: number | null;
  /** Best-scoring source and its comparison with the runner-up, for the one-sentence conclusion. */
  conclusion: { best: SourceSummary; runnerUp: SourceSummary | null; pair: PairTest | null } | null;
}

export function monkBand(monk: number | null): string | null {
  if (monk === null) return null;
  return monk <= 3 ? '1–3' : monk <= 7 ? '4–7' : '8–10';
}

/** Per source, per item: the mean of the raters' scores. */
function itemMeans(ratings: RatingRecord[]): Map<Source, Map<string, number>> {
  const sums = new Map<Source, Map<string, { sum: number; n: number }>>();
  for (const r of ratings) {
    if (r.source === REFERENCE_SOURCE) continue;
    const bySource = sums.get(r.source) ?? new Map();
    const cell = bySource.get(r.itemId) ?? { sum: 0, n: 0 };
    cell.sum += r.score;
    cell.n++;
    bySource.set(r.itemId, cell);
    sums.set(r.source, bySource);
  }
  const out = new Map<Source, Map<string, number>>();
  for (const [source, items] of sums) out.set(source, new Map([...items].map(([item, { sum, n }]) => [item, sum / n])));
  return out;
}

function summariseSources(means: Map<Source, Map<string, number>>, seed: number, resamples: number): SourceSummary[] {
  return SOURCES.filter((s) => means.get(s)?.size).map((source, i) => {
    const values = [...means.get(source)!.values()];
    return { source, items: values.length, ci: bootstrapMeanCI(values, { seed: seed + i * 7919, resamples }) };
  });
}

/** Raters whose mean score of the reference-as-candidate is below ATTENTION_MIN_SCORE. */
export function flaggedRaters(ratings: RatingRecord[]): Set<string> {
  const checks = new Map<string, number[]>();
  for (const r of ratings) if (r.source === REFERENCE_SOURCE) checks.set(r.raterId, [...(checks.get(r.raterId) ?? []), r.score]);
  return new Set([...checks].filter(([, scores]) => mean(scores) < ATTENTION_MIN_SCORE).map(([id]) => id));
}

export function summariseStudy(all: RatingRecord[], options: { seed: number; resamples?: number }): StudySummary {
  const resamples = options.resamples ?? 2000;
  const flagged = flaggedRaters(all);
  const ratings = all.filter((r) => !flagged.has(r.raterId));
  const scored = ratings.filter((r) => r.source !== REFERENCE_SOURCE);
  const means = itemMeans(scored);
  const overall = summariseSources(means, options.seed, resamples);

  const bands: BandSummary[] = [];
  const bandOf = { monk: (r: RatingRecord) => monkBand(r.monk), undertone: (r: RatingRecord) => r.undertone };
  for (const kind of ['monk', 'undertone'] as const) {
    const names = [...new Set(scored.map(bandOf[kind]).filter((b): b is string => b !== null))].sort();
    for (const band of names) bands.push({ band, kind, sources: summariseSources(itemMeans(scored.filter((r) => bandOf[kind](r) === band)), options.seed, resamples) });
  }

  const present = overall.map((s) => s.source);
  const raw: Array<Omit<PairTest, 'pHolm'>> = [];
  for (let i = 0; i < present.length; i++)
    for (let j = i + 1; j < present.length; j++) {
      const [a, b] = [present[i], present[j]];
      const common = [...means.get(a)!.keys()].filter((item) => means.get(b)!.has(item));
      if (common.length < 2) continue;
      const test = wilcoxonSignedRank(common.map((item) => means.get(a)!.get(item)!), common.map((item) => means.get(b)!.get(item)!));
      raw.push({ a, b, items: common.length, statistic: test.statistic, pValue: test.pValue, method: test.method });
    }
  const holm = holmAdjust(raw.map((p) => p.pValue));
  const pairs = raw.map((p, i) => ({ ...p, pHolm: holm[i] }));

  // Agreement: units are candidates, coders are raters (missing where a rater did not score it).
  const raters = [...new Set(scored.map((r) => r.raterId))];
  const byCandidate = new Map<string, Map<string, number>>();
  for (const r of scored) byCandidate.set(r.candidateId, (byCandidate.get(r.candidateId) ?? new Map()).set(r.raterId, r.score));
  const units = [...byCandidate.values()].map((scores) => raters.map((id) => scores.get(id) ?? null));
  const alpha = raters.length >= 2 ? krippendorffAlpha(units, 'interval') : null;

  const ranked = [...overall].sort((x, y) => y.ci.estimate - x.ci.estimate);
  const best = ranked[0];
  const runnerUp = ranked[1] ?? null;
  const pair = runnerUp ? (pairs.find((p) => (p.a === best.source && p.b === runnerUp.source) || (p.b === best.source && p.a === runnerUp.source)) ?? null) : null;
  return {
    raters: new Set(all.map((r) => r.raterId)).size,
    flaggedRaters: flagged.size,
    items: new Set(scored.map((r) => r.itemId)).size,
    ratings: scored.length,
    overall,
    bands,
    pairs,
    alpha: alpha !== null && Number.isFinite(alpha) ? alpha : null,
    conclusion: best ? { best, runnerUp, pair } : null,
  };
}
