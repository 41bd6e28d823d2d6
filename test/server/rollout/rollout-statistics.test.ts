import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapQuantile, quantile, seededRandom, wilson } from '../../../server/rollout/rollout-statistics.ts';

describe('rollout statistics', () => {
  it('gives the Wilson 95 % interval of textbook cases', () => {
    // Newcombe (1998), table I: 0/10 → 0–0.2775; 5/10 → 0.2366–0.7634; 81/263 → 0.2553–0.3662.
    const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 5e-4, `${a} ≠ ${b}`);
    const zero = wilson(0, 10)!;
    close(zero.low, 0);
    close(zero.high, 0.2775);
    const half = wilson(5, 10)!;
    close(half.low, 0.2366);
    close(half.high, 0.7634);
    const n = wilson(81, 263)!;
    close(n.low, 0.2553);
    close(n.high, 0.3662);
    assert.equal(wilson(0, 0), null);
  });

  it('draws the same uniform stream from the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const draws = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(draws, Array.from({ length: 1000 }, () => b()));
    assert.ok(draws.every((x) => x >= 0 && x < 1));
    assert.ok(Math.abs(draws.reduce((s, x) => s + x, 0) / 1000 - 0.5) < 0.03);
  });

  it('takes quantiles between order statistics', () => {
    assert.equal(quantile([4, 1, 3, 2], 0.5), 2.5);
    assert.equal(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9), 10);
  });

  it('brackets the median of a known distribution with a seeded, repeatable bootstrap interval', () => {
    // Exponential with rate 1 at evenly spaced probabilities (a sample with no luck in it): the median is ln 2.
    const values = Array.from({ length: 400 }, (_, i) => -Math.log(1 - (i + 0.5) / 400));
    const a = bootstrapQuantile(values, 0.5)!;
    const b = bootstrapQuantile(values, 0.5)!;
    assert.deepEqual(a, b);
    assert.ok(a.low < a.value && a.value < a.high);
    assert.ok(a.low < Math.LN2 && Math.LN2 < a.high, `${a.low}–${a.high} misses ln 2`);
    // Standard error of the median ≈ 1 / (2 f(m) √n) = 1 / (2 · 0.5 · 20) = 0.05: the interval is about ±0.1.
    assert.ok(a.high - a.low > 0.1 && a.high - a.low < 0.3, `width ${a.high - a.low}`);
    assert.equal(bootstrapQuantile([], 0.5), null);
  });
});
