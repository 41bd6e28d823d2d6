import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantile, selectQuantileInPlace, selectRankInPlace } from '../../../extraction/extractors/order-statistics.ts';
import { seededRandom } from '../../../extraction/seeded-random.ts';

/** The k-th smallest of the first `count` values, by a full sort: what a selection must return. */
function bySorting(values: ArrayLike<number>, k: number, count: number): number {
  return Array.from(values).slice(0, count).sort((a, b) => a - b)[Math.min(count - 1, Math.max(0, k))];
}

// The lengths straddle the stretch from which the selection samples first (600 values), up to a region
// grid's size; the values are continuous, or drawn from 10 levels (long runs of ties), or already sorted
// either way (the worst order for a careless pivot).
test('every rank of every kind of array is the value a sort puts there', () => {
  const random = seededRandom(7);
  const draws: Array<[string, (i: number, n: number) => number]> = [
    ['continuous', () => random() * 100],
    ['ten levels', () => Math.floor(random() * 10)],
    ['ascending', (i) => i / 3],
    ['descending', (i, n) => (n - i) / 3],
    ['all equal', () => 42],
  ];
  for (const n of [1, 2, 3, 17, 599, 600, 601, 2000, 40_000]) {
    for (const [kind, draw] of draws) {
      const drawn = Float64Array.from({ length: n }, (_, i) => draw(i, n));
      for (const values of [Float32Array.from(drawn), drawn]) {
        // A prefix of the array (count < length) and the whole of it, at the ends, the middle and at random.
        for (const count of [n, Math.max(1, Math.floor(n * 0.7))]) {
          for (const k of [0, count - 1, count >> 1, Math.floor(random() * count)]) {
            const work = values.slice();
            const expected = bySorting(values, k, count);
            assert.equal(selectRankInPlace(work, k, count), expected, `${values.constructor.name} ${kind}, n ${n}, count ${count}, rank ${k}`);
            // Only the first `count` values are reordered, and none is lost.
            assert.deepEqual(Array.from(work.subarray(count)), Array.from(values.subarray(count)));
            assert.deepEqual(Array.from(work.subarray(0, count)).sort((a, b) => a - b), Array.from(values.subarray(0, count)).sort((a, b) => a - b));
          }
        }
      }
    }
  }
});

test('a rank outside the values is clamped to them, and no values give NaN', () => {
  const values = Float64Array.from([5, 1, 4, 2, 3]);
  assert.equal(selectRankInPlace(values.slice(), -3), 1);
  assert.equal(selectRankInPlace(values.slice(), 99), 5);
  assert.ok(Number.isNaN(selectRankInPlace(new Float64Array(0), 0)));
  assert.ok(Number.isNaN(selectQuantileInPlace(new Float32Array(0), 0.5)));
});

test('a quantile is the value of rank ⌊q·(n−1)⌉, and quantile() leaves its input untouched', () => {
  const values = [9, 1, 8, 2, 7, 3, 6, 4, 5, 0];
  assert.equal(selectQuantileInPlace(Float64Array.from(values), 0.5), 5); // rank round(4.5) = 5 of 0…9
  assert.equal(selectQuantileInPlace(Float64Array.from(values), 0), 0);
  assert.equal(selectQuantileInPlace(Float64Array.from(values), 1), 9);
  assert.equal(selectQuantileInPlace(Float64Array.from(values), 0.25, 4), 2); // of 9, 1, 8, 2: rank round(0.75) = 1
  const kept = [...values];
  assert.equal(quantile(values, 0.9), 8);
  assert.deepEqual(values, kept);
});
