import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapMeanCI, holmAdjust, krippendorffAlpha, normalCdf, seededRandom, wilcoxonSignedRank } from '../../../server/studies/statistics.ts';

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

describe('Krippendorff’s alpha', () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders × 12 units
  // with missing values. Published: nominal 0.743, ordinal 0.815, interval 0.849.
  const _ = null;
  const coders = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
  ];
  const units = coders[0].map((_v, u) => coders.map((c) => c[u]));

  it('gives the published interval alpha 0.849 for the worked example with missing data', () => {
    close(krippendorffAlpha(units, 'interval'), 0.849, 0.0005, 'interval alpha');
  });
  it('gives the published ordinal (0.815) and nominal (0.743) alphas of the same example', () => {
    close(krippendorffAlpha(units, 'ordinal'), 0.815, 0.0005, 'ordinal alpha');
    close(krippendorffAlpha(units, 'nominal'), 0.743, 0.0005, 'nominal alpha');
  });
  it('is 1 for perfect agreement and near 0 for coders who answer at random', () => {
    assert.equal(krippendorffAlpha([[3, 3], [5, 5], [1, 1]]), 1);
    const random = seededRandom(7);
    const noise = Array.from({ length: 400 }, () => [1 + Math.floor(random() * 10), 1 + Math.floor(random() * 10)]);
    close(krippendorffAlpha(noise), 0, 0.1, 'random coders');
  });
});

describe('Wilcoxon signed-rank test', () => {
  it('matches R’s exact p for the documented depression data (?wilcox.test, Hollander & Wolfe 1973 p. 29)', () => {
    // R: wilcox.test(x, y, paired = TRUE) → V = 40, p-value = 0.03906 (alternative "greater": 0.01953).
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const result = wilcoxonSignedRank(x, y);
    assert.equal(result.statistic, 40);
    assert.equal(result.method, 'exact');
    close(result.pValue, 20 / 512, 1e-12, 'exact two-sided p');
    close(result.pValue, 0.03906, 0.000005, 'R’s printed p');
  });

  it('matches scipy.stats.wilcoxon’s documented example (Fisher’s height differences): exact 0.04126, approx 0.04089', () => {
    // scipy docs: wilcoxon(d) → statistic 24, p 0.041259765625; wilcoxon(d, method='approx') → p 0.04088813291185591 (no continuity correction).
    const d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
    const zeros = d.map(() => 0);
    const exact = wilcoxonSignedRank(d, zeros);
    // scipy reports min(V+, V−) = 24; R's V (positive ranks) is 120 − 24 = 96.
    assert.equal(exact.statistic, 96);
    close(exact.pValue, 0.041259765625, 1e-12, 'exact p');
    const approx = wilcoxonSignedRank(d, zeros, { exact: false, correct: false });
    close(approx.pValue, 0.04088813291185591, 1e-6, 'normal p');
  });

  it('uses the normal approximation with tie and continuity correction when differences tie', () => {
    // d = 1, 2, 2, 3, -1, 4, 4, 4 → |d| midranks 1.5, 3.5, 3.5, 5, 1.5, 7, 7, 7; V = 36 − 1.5 = 34.5; n = 8, E[V] = 18
    // var = 8·9·17/24 − ((2³−2) + (2³−2) + (3³−3))/48 = 51 − 0.75 = 50.25; z = (34.5 − 18 − 0.5)/√50.25
    const d = [1, 2, 2, 3, -1, 4, 4, 4];
    const result = wilcoxonSignedRank(d, d.map(() => 0));
    assert.equal(result.method, 'normal');
    assert.equal(result.statistic, 34.5);
    close(result.pValue, 2 * normalCdf(-(16 / Math.sqrt(50.25))), 1e-12, 'p');
    close(result.pValue, 0.0240015, 0.000001, 'p by hand');
  });

  it('drops zero differences and gives p = 1 when nothing differs', () => {
    assert.deepEqual(wilcoxonSignedRank([1, 2], [1, 2]), { statistic: 0, n: 0, pValue: 1, method: 'exact' });
    assert.throws(() => wilcoxonSignedRank([1], [1, 2]), /equal length/);
  });
});

describe('Holm correction', () => {
  it('adjusts the textbook list as R’s p.adjust(…, "holm") (Wikipedia, Holm–Bonferroni method, example)', () => {
    // p = 0.01, 0.04, 0.03, 0.005 at α 0.05: H1 and H4 rejected. R: 0.03 0.06 0.06 0.02.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((p, i) => close(adjusted[i], p, 1e-12, `p${i + 1}`));
    assert.deepEqual(adjusted.map((p) => p < 0.05), [true, false, false, true]);
  });
  it('never exceeds 1', () => {
    assert.deepEqual(holmAdjust([0.5, 0.9]), [1, 1]);
  });
});

describe('bootstrap percentile interval', () => {
  it('is reproducible for a seed and brackets the mean', () => {
    const values = [3, 5, 4, 6, 7, 5, 4, 6, 5, 8];
    const a = bootstrapMeanCI(values, { seed: 11 });
    assert.deepEqual(bootstrapMeanCI(values, { seed: 11 }), a);
    assert.equal(a.estimate, 5.3);
    assert.ok(a.low < 5.3 && 5.3 < a.high);
    // The standard error of the mean is s/√n ≈ 0.45: a 95 % interval spans about ±1.96 of it.
    close(a.high - a.low, 2 * 1.96 * (1.4181 / Math.sqrt(10)) * Math.sqrt(9 / 10), 0.3, 'width');
  });
  it('covers a normal mean at about the nominal rate', () => {
    const random = seededRandom(3);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    let covered = 0;
    const runs = 300;
    for (let r = 0; r < runs; r++) {
      const sample = Array.from({ length: 40 }, () => 5 + gauss());
      const ci = bootstrapMeanCI(sample, { seed: r, resamples: 1000 });
      if (ci.low <= 5 && 5 <= ci.high) covered++;
    }
    const rate = covered / runs;
    assert.ok(rate >= 0.9 && rate <= 0.99, `coverage ${rate}`);
  });
});
