/**
 * Medians and percentiles in linear time (quickselect), for the per-pixel statistics where a full sort
 * of hundreds of thousands of values would dominate the extraction's run time.
 */
import type { Lab } from '../types.ts';

/**
 * The typical colour of some cells of a CIELAB image (3 floats a cell): each channel's median over them.
 * Unlike a mean it is not pulled by a few far cells (edge rows blended with the backdrop, a highlight,
 * lettering), which is what the applicator's coat and a badge's print test need.
 */
export function channelMedians(lab: Float32Array, cells: ArrayLike<number>): Lab {
  const channel = new Float64Array(cells.length);
  const median = (c: number) => {
    for (let k = 0; k < cells.length; k++) channel[k] = lab[cells[k] * 3 + c];
    return selectQuantileInPlace(channel, 0.5);
  };
  return { L: median(0), a: median(1), b: median(2) };
}

/** The value of rank ⌊q·(n−1)⌉ of `values` (0 ≤ q ≤ 1). Reorders `values` in place. */
export function selectQuantileInPlace(values: Float32Array | Float64Array, q: number, count = values.length): number {
  if (count === 0) return NaN;
  return selectRankInPlace(values, Math.round(q * (count - 1)), count);
}

/**
 * The value of rank k (0-based, clamped to the values) among the first `count` values. Reorders them in
 * place (the order they are left in is no one's business: every caller reads the returned value only).
 *
 * Floyd and Rivest's selection: on a long stretch it first selects within a small sample around where
 * rank k should fall, so that the pivot it then partitions the whole stretch by lies close to the
 * answer and one or two partitions finish it (about 1.5 comparisons a value, where a median-of-three
 * quickselect takes about 3). The k-th smallest value is one number whatever the method, so the
 * answers are the ones a sort would give.
 */
export function selectRankInPlace(values: Float32Array | Float64Array, rank: number, count = values.length): number {
  if (count === 0) return NaN;
  const k = Math.min(count - 1, Math.max(0, rank));
  selectRange(values, k, 0, count - 1);
  return values[k];
}

/** Below this many values a stretch is partitioned directly, without a sample first. */
const SAMPLED_STRETCH = 600;

function selectRange(values: Float32Array | Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    if (right - left > SAMPLED_STRETCH) {
      // Select within a sample of about n^(2/3) values around rank k's expected place first.
      const n = right - left + 1;
      const i = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (i - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (i * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - i) * s) / n + sd));
      selectRange(values, k, newLeft, newRight);
    }
    const t = values[k];
    let i = left;
    let j = right;
    swap(values, left, k);
    if (values[right] > t) swap(values, left, right);
    while (i < j) {
      swap(values, i, j);
      i++;
      j--;
      while (values[i] < t) i++;
      while (values[j] > t) j--;
    }
    if (values[left] === t) swap(values, left, j);
    else {
      j++;
      swap(values, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(values: Float32Array | Float64Array, i: number, j: number): void {
  const t = values[i];
  values[i] = values[j];
  values[j] = t;
}

/** Quantile of a copy of `values`, leaving them untouched. */
export function quantile(values: ArrayLike<number>, q: number): number {
  return selectQuantileInPlace(Float64Array.from(values), q);
}
