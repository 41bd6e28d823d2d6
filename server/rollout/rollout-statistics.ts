/**
 * The few statistics the rollout comparison needs, kept here so the page's numbers can be traced to
 * one small file: quantiles, a seeded percentile bootstrap for their intervals, and Wilson score
 * intervals for shares.
 */

import { seededRandom } from '../../extraction/seeded-random.ts';

export { seededRandom };

export interface Estimate {
  value: number;
  /** 95 % interval. */
  low: number;
  high: number;
}

export interface Proportion extends Estimate {
  count: number;
  total: number;
}

/** The q-quantile (0–1) of sorted values, linear between order statistics (type 7, as R and NumPy default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export const quantile = (values: readonly number[], q: number) => quantileSorted([...values].sort((a, b) => a - b), q);

/**
 * The q-quantile of the values with a 95 % percentile-bootstrap interval: `rounds` resamples with
 * replacement, the 2.5th and 97.5th percentiles of their quantiles. Null for no values.
 */
export function bootstrapQuantile(values: readonly number[], q: number, options: { rounds?: number; seed?: number } = {}): Estimate | null {
  const n = values.length;
  if (n === 0) return null;
  const rounds = options.rounds ?? 2000;
  const random = seededRandom(options.seed ?? 20261203);
  const sample = new Float64Array(n);
  const estimates = new Float64Array(rounds);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < n; i++) sample[i] = values[Math.floor(random() * n)];
    sample.sort();
    estimates[r] = quantileSorted(sample, q);
  }
  estimates.sort();
  return { value: quantile(values, q), low: quantileSorted(estimates, 0.025), high: quantileSorted(estimates, 0.975) };
}

/** count / total with its Wilson score 95 % interval (sound at 0, 1 and small totals). Null for no total. */
export function wilson(count: number, total: number, z = 1.959963984540054): Proportion | null {
  if (total <= 0) return null;
  const p = count / total;
  const z2 = z * z;
  const centre = (p + z2 / (2 * total)) / (1 + z2 / total);
  const half = (z / (1 + z2 / total)) * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), count, total };
}
