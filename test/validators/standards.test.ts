/**
 * The guidelines page shows what the code enforces: for every category, the words describeStandards
 * gives for a rule are the words the rule's finding carries, the numbers in those words are the
 * limits from the table, and the checks change status exactly at those numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categories, describeStandards, standardsFor, StandardsError } from '../../validators/standards.ts';
import { judgePhoto } from '../../validators/judge-photo.ts';
import { checkResolution } from '../../validators/rules/resolution.ts';
import { checkBackground } from '../../validators/rules/background.ts';
import { checkExposure } from '../../validators/rules/exposure.ts';
import { checkColorCast } from '../../validators/rules/color-cast.ts';
import { checkAngle } from '../../validators/rules/angle.ts';
import { checkSharpness } from '../../validators/rules/sharpness.ts';
import { checkFraming } from '../../validators/rules/framing.ts';
import { checkSwatch } from '../../validators/rules/swatch.ts';
import { RULE_IDS } from '../../validators/types.ts';
import { analysisOf, cleanMeasurements, extractionWithColor } from './build-measurements.ts';

const EPS = 1e-6;
const m = cleanMeasurements();

test('the five categories are entries of one table', () => {
  assert.deepEqual(categories(), ['lipstick', 'lip-gloss', 'lip-liner', 'blush', 'foundation', 'eyeshadow', 'eyeliner', 'nail-polish']);
  assert.throws(() => standardsFor('mascara'), (e: StandardsError) => e.code === 'UNKNOWN_CATEGORY');
});

test('the lipstick defaults are the ones the product brief publishes', () => {
  const s = standardsFor('lipstick');
  assert.deepEqual(s.resolution, { failBelowPx: 1000, warnBelowPx: 1600 });
  assert.equal(s.background.failBelowNearWhiteShare, 0.95);
  assert.deepEqual([s.angle.failAboveDeg, s.angle.warnAboveDeg], [10, 3]);
  assert.deepEqual([s.framing.failBelowSpanShare, s.framing.warnBelowSpanShare], [0.5, 0.85]);
  assert.deepEqual(s.swatch, { failAtDeltaE: 12, warnAtDeltaE: 5 });
  assert.equal(s.format.maxBytes, 25 * 1024 * 1024);
  assert.equal(s.format.maxPixels, 64_000_000);
  assert.deepEqual(s.views, ['front', 'swatch', 'open', 'side']);
});

for (const category of categories()) {
  const s = standardsFor(category);
  const described = new Map(describeStandards(category).map((d) => [d.rule, d]));

  test(`${category}: the guidelines describe all ten rules in order, with title, what, fix and anchor`, () => {
    assert.deepEqual(describeStandards(category).map((d) => d.rule), [...RULE_IDS]);
    for (const d of described.values()) {
      for (const key of ['title', 'what', 'threshold', 'fix', 'anchor'] as const) assert.ok(d[key].length > 3, `${d.rule}.${key}`);
    }
  });

  test(`${category}: each finding carries the same threshold words as the guidelines`, () => {
    const verdict = judgePhoto(analysisOf(m, extractionWithColor('#b22146', { L: 40, a: 60, b: 20 })), {
      fileName: 'lumiere_silk-matte_nu-12_front.jpg',
      category,
      swatchHex: '#b22146',
    });
    assert.equal(verdict.findings.length, 10);
    for (const f of verdict.findings) assert.equal(f.threshold, described.get(f.rule)?.threshold, f.rule);
  });

  const probes: Array<{ rule: string; limits: number[]; flips: Array<[number, string]> }> = [
    {
      rule: 'resolution',
      limits: [s.resolution.failBelowPx, s.resolution.warnBelowPx],
      flips: [
        [s.resolution.failBelowPx - 1, checkResolution({ width: 10, height: s.resolution.failBelowPx - 1, limits: s.resolution }).status],
        [s.resolution.failBelowPx, checkResolution({ width: 10, height: s.resolution.failBelowPx, limits: s.resolution }).status],
      ],
    },
    {
      rule: 'background',
      limits: [s.background.failBelowNearWhiteShare * 100, s.background.warnBelowPureWhiteShare * 100, s.background.warnAboveUnevennessL],
      flips: [
        [0, checkBackground({ background: { ...m.background, nearWhiteShare: s.background.failBelowNearWhiteShare - EPS }, limits: s.background }).status],
        [1, checkBackground({ background: { ...m.background, nearWhiteShare: s.background.failBelowNearWhiteShare }, limits: s.background }).status],
      ],
    },
    {
      rule: 'exposure',
      limits: [
        s.exposure.failBelowBackgroundL,
        s.exposure.warnBelowBackgroundL,
        s.exposure.failAboveClippedShare * 100,
        s.exposure.warnAboveClippedShare * 100,
        s.exposure.failAboveColourClippedShare * 100,
        s.exposure.warnAboveColourClippedShare * 100,
      ],
      flips: [
        [0, checkExposure({ exposure: { ...m.exposure, productClippedShare: s.exposure.failAboveClippedShare + EPS }, productFound: true, limits: s.exposure }).status],
        [1, checkExposure({ exposure: { ...m.exposure, productClippedShare: s.exposure.failAboveClippedShare }, productFound: true, limits: s.exposure }).status],
      ],
    },
    {
      rule: 'color_cast',
      limits: [s.colorCast.failAboveChroma, s.colorCast.warnAboveChroma],
      flips: [
        [0, checkColorCast({ colorCast: { a: 0, b: s.colorCast.failAboveChroma + EPS, chroma: s.colorCast.failAboveChroma + EPS }, limits: s.colorCast }).status],
        [1, checkColorCast({ colorCast: { a: 0, b: s.colorCast.failAboveChroma, chroma: s.colorCast.failAboveChroma }, limits: s.colorCast }).status],
      ],
    },
    {
      rule: 'angle',
      limits: [s.angle.failAboveDeg, s.angle.warnAboveDeg],
      flips: [
        [0, checkAngle({ angle: { tiltDeg: s.angle.failAboveDeg + EPS, confidence: 1 }, productFound: true, view: 'front', limits: s.angle }).status],
        [1, checkAngle({ angle: { tiltDeg: s.angle.failAboveDeg, confidence: 1 }, productFound: true, view: 'front', limits: s.angle }).status],
      ],
    },
    {
      rule: 'sharpness',
      limits: [s.sharpness.failBelowScore, s.sharpness.warnBelowScore],
      flips: [
        [0, checkSharpness({ sharpness: { score: s.sharpness.failBelowScore - EPS }, productFound: true, limits: s.sharpness }).status],
        [1, checkSharpness({ sharpness: { score: s.sharpness.failBelowScore }, productFound: true, limits: s.sharpness }).status],
      ],
    },
    {
      rule: 'framing',
      limits: [s.framing.failBelowSpanShare * 100, s.framing.warnBelowSpanShare * 100],
      flips: [
        [0, checkFraming({ framing: { ...m.framing, spanShare: s.framing.failBelowSpanShare - EPS }, productFound: true, limits: s.framing }).status],
        [1, checkFraming({ framing: { ...m.framing, spanShare: s.framing.failBelowSpanShare }, productFound: true, limits: s.framing }).status],
      ],
    },
    {
      rule: 'swatch',
      limits: [s.swatch.failAtDeltaE, s.swatch.warnAtDeltaE],
      flips: [
        [0, checkSwatch({ declaredHex: '#000000', measuredHex: '#000000', deltaE: s.swatch.failAtDeltaE, limits: s.swatch }).status],
        [1, checkSwatch({ declaredHex: '#000000', measuredHex: '#000000', deltaE: s.swatch.failAtDeltaE - EPS, limits: s.swatch }).status],
      ],
    },
  ];

  for (const p of probes) {
    test(`${category}: the ${p.rule} words name the table's limits and the check fails exactly there`, () => {
      const words = described.get(p.rule as (typeof RULE_IDS)[number])?.threshold ?? '';
      const numbers = [...words.matchAll(/\d+(?:\.\d+)?/g)].map((x) => Number(x[0]));
      for (const limit of p.limits) assert.ok(numbers.includes(Number(limit.toFixed(3))), `${words} names ${limit}`);
      assert.equal(p.flips[0][1], 'fail', 'just past the fail limit');
      assert.notEqual(p.flips[1][1], 'fail', 'at the fail limit');
    });
  }
}

test('foundation asks for a closer declared colour than lipstick, and the words say so', () => {
  assert.ok(standardsFor('foundation').swatch.failAtDeltaE < standardsFor('lipstick').swatch.failAtDeltaE);
  const words = describeStandards('foundation').find((d) => d.rule === 'swatch')?.threshold;
  assert.equal(words, `fail at ΔE00 ${standardsFor('foundation').swatch.failAtDeltaE} or more, warn at ${standardsFor('foundation').swatch.warnAtDeltaE} or more`);
});
