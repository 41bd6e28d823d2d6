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

/** The value of rank k (0-based, clamped to the values) among the first `count` values. Reorders them in place. */
export function selectRankInPlace(values: Float32Array | Float64Array, rank: number, count = values.length): number {
  if (count === 0) return NaN;
  const k = Math.min(count - 1, Math.max(0, rank));
  let lo = 0;
  let hi = count - 1;
  while (hi > lo) {
    const pivot = medianOfThree(values[lo], values[(lo + hi) >> 1], values[hi]);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k];
}

function medianOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}

/** Quantile of a copy of `values`, leaving them untouched. */
export function quantile(values: ArrayLike<number>, q: number): number {
  return selectQuantileInPlace(Float64Array.from(values), q);
}
