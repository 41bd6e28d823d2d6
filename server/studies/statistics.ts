/**
 * The statistics of a realism study, pure: numbers in, numbers out. Seeded, so a result can be
 * recomputed to the digit. Each function says which reference it follows; the tests hold them to
 * published values.
 */

import { seededRandom } from '../../extraction/seeded-random.ts';

export { seededRandom };

/** Fisher–Yates shuffle of a copy, driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export const mean = (values: readonly number[]): number => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN);

/** Quantile of sorted values with linear interpolation between order statistics (R's type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/**
 * Percentile bootstrap confidence interval of the mean (Efron & Tibshirani 1993, ch. 13): resample the
 * values with replacement `resamples` times, take the mean of each, and the α/2 and 1−α/2 quantiles.
 */
export function bootstrapMeanCI(values: readonly number[], options: { seed: number; resamples?: number; level?: number }): Interval {
  const n = values.length;
  const estimate = mean(values);
  if (n === 0) return { estimate: NaN, low: NaN, high: NaN };
  const resamples = options.resamples ?? 2000;
  const alpha = 1 - (options.level ?? 0.95);
  const random = seededRandom(options.seed);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)];
    means[b] = sum / n;
  }
  const sorted = Array.from(means).sort((x, y) => x - y);
  return { estimate, low: quantileSorted(sorted, alpha / 2), high: quantileSorted(sorted, 1 - alpha / 2) };
}

/** The standard normal CDF, through erfc. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Complementary error function: the Chebyshev fit of Numerical Recipes (erfcc), fractional error below 1.2e-7 everywhere. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export interface WilcoxonResult {
  /** V: the sum of the ranks of the positive differences (R's statistic). */
  statistic: number;
  /** Non-zero differences ranked. */
  n: number;
  pValue: number;
  method: 'exact' | 'normal';
}

/** Ranks 1..n of values, ties sharing their mean rank. */
function midranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = rank;
    i = j + 1;
  }
  return ranks;
}

/**
 * Wilcoxon signed-rank test of paired samples, two-sided, as R's `wilcox.test(x, y, paired = TRUE)`:
 * zero differences are dropped; with fewer than 50 differences and no ties the p-value is exact (the
 * distribution of V counted over all 2^n sign patterns); otherwise the normal approximation with the
 * tie correction of the variance and (unless `correct: false`) the continuity correction.
 */
export function wilcoxonSignedRank(x: readonly number[], y: readonly number[], options: { correct?: boolean; exact?: boolean } = {}): WilcoxonResult {
  if (x.length !== y.length) throw new RangeError(`Expected paired samples of equal length for wilcoxonSignedRank but received ${x.length} and ${y.length}`);
  const d = x.map((v, i) => v - y[i]).filter((v) => v !== 0);
  const n = d.length;
  if (n === 0) return { statistic: 0, n: 0, pValue: 1, method: 'exact' };
  const ranks = midranks(d.map(Math.abs));
  const statistic = ranks.reduce((s, r, i) => s + (d[i] > 0 ? r : 0), 0);
  const hasTies = new Set(d.map(Math.abs)).size < n;
  const exact = options.exact ?? (n < 50 && !hasTies);
  if (exact && !hasTies) return { statistic, n, pValue: exactSignedRankP(statistic, n), method: 'exact' };

  const expected = (n * (n + 1)) / 4;
  const tieGroups = new Map<number, number>();
  for (const v of d.map(Math.abs)) tieGroups.set(v, (tieGroups.get(v) ?? 0) + 1);
  const tieTerm = [...tieGroups.values()].reduce((s, t) => s + t * t * t - t, 0);
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  if (variance <= 0) return { statistic, n, pValue: 1, method: 'normal' };
  const diff = statistic - expected;
  const correction = options.correct === false ? 0 : Math.sign(diff) * 0.5;
  const z = (diff - correction) / Math.sqrt(variance);
  return { statistic, n, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z))), method: 'normal' };
}

/** Two-sided exact p of V for n untied differences: 2 · min(P(V ≤ v), P(V ≥ v)), at most 1. */
function exactSignedRankP(v: number, n: number): number {
  const max = (n * (n + 1)) / 2;
  // counts[s] = number of subsets of {1..n} summing to s
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let k = 1; k <= n; k++) for (let s = max; s >= k; s--) counts[s] += counts[s - k];
  const total = 2 ** n;
  let lower = 0;
  let upper = 0;
  for (let s = 0; s <= max; s++) {
    if (s <= v) lower += counts[s];
    if (s >= v) upper += counts[s];
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / total);
}

/**
 * Holm's step-down adjustment (Holm 1979), as R's `p.adjust(p, "holm")`: the k-th smallest of m
 * p-values is multiplied by m − k + 1, made monotone, capped at 1; returned in the input order.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

export type AlphaMetric = 'interval' | 'ordinal' | 'nominal';

/**
 * Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability") from a
 * reliability matrix `units[u][c]` (coder c's value for unit u; null when missing), through the
 * coincidence matrix: only units with at least two values are pairable. α = 1 − D_o / D_e.
 */
export function krippendorffAlpha(units: ReadonlyArray<ReadonlyArray<number | null>>, metric: AlphaMetric = 'interval'): number {
  const pairable = units.map((u) => u.filter((v): v is number => v !== null && Number.isFinite(v))).filter((u) => u.length >= 2);
  const n = pairable.reduce((s, u) => s + u.length, 0);
  if (n < 2) return NaN;
  const values = [...new Set(pairable.flat())].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const marginal = new Float64Array(values.length);
  for (const u of pairable) for (const v of u) marginal[index.get(v)!]++;
  // Cumulative marginals for the ordinal metric: δ²(c,k) = (Σ_{g=c..k} n_g − (n_c + n_k)/2)².
  const cumulative = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) cumulative[i + 1] = cumulative[i] + marginal[i];
  const delta2 = (a: number, b: number): number => {
    if (metric === 'nominal') return a === b ? 0 : 1;
    if (metric === 'interval') return (a - b) ** 2;
    const [lo, hi] = [index.get(Math.min(a, b))!, index.get(Math.max(a, b))!];
    return (cumulative[hi + 1] - cumulative[lo] - (marginal[lo] + marginal[hi]) / 2) ** 2;
  };
  let observed = 0;
  for (const u of pairable) {
    let within = 0;
    for (let i = 0; i < u.length; i++) for (let j = 0; j < u.length; j++) if (i !== j) within += delta2(u[i], u[j]);
    observed += within / (u.length - 1);
  }
  observed /= n;
  let expected = 0;
  for (let c = 0; c < values.length; c++) for (let k = 0; k < values.length; k++) expected += marginal[c] * marginal[k] * delta2(values[c], values[k]);
  expected /= n * (n - 1);
  return expected === 0 ? 1 : 1 - observed / expected;
}
