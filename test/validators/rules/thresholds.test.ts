/**
 * Every numeric rule at and around each of its thresholds, table-driven, on hand-built measurements.
 * The limits come from standards.ts (lipstick), so a changed default moves the probes with it; the
 * expected statuses encode the comparison each rule promises in words ('fail below', 'fail above', 'fail at').
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { standardsFor } from '../../../validators/standards.ts';
import { checkResolution } from '../../../validators/rules/resolution.ts';
import { checkBackground } from '../../../validators/rules/background.ts';
import { checkExposure } from '../../../validators/rules/exposure.ts';
import { checkColorCast } from '../../../validators/rules/color-cast.ts';
import { checkAngle } from '../../../validators/rules/angle.ts';
import { checkSharpness } from '../../../validators/rules/sharpness.ts';
import { checkFraming } from '../../../validators/rules/framing.ts';
import { checkSwatch } from '../../../validators/rules/swatch.ts';
import { cleanMeasurements } from '../build-measurements.ts';
import type { Finding, FindingStatus } from '../../../validators/types.ts';

const s = standardsFor('lipstick');
const m = cleanMeasurements();
const EPS = 1e-6;

interface Case {
  rule: string;
  value: number;
  expected: FindingStatus;
  run: (v: number) => Finding;
}

const resolution = (v: number) => checkResolution({ width: Math.round(v * 0.75), height: v, limits: s.resolution });
const nearWhite = (v: number) => checkBackground({ background: { ...m.background, nearWhiteShare: v }, limits: s.background });
const pureWhite = (v: number) => checkBackground({ background: { ...m.background, pureWhiteShare: v }, limits: s.background });
const uneven = (v: number) => checkBackground({ background: { ...m.background, unevenness: v }, limits: s.background });
const backdropL = (v: number) => checkExposure({ exposure: { ...m.exposure, backgroundL: v }, productFound: true, limits: s.exposure });
const clipped = (v: number) => checkExposure({ exposure: { ...m.exposure, productClippedShare: v }, productFound: true, limits: s.exposure });
const colourCut = (v: number) => checkExposure({ exposure: { ...m.exposure, productColourClippedShare: v }, productFound: true, limits: s.exposure });
const crushed = (v: number) => checkExposure({ exposure: { ...m.exposure, productCrushedShare: v }, productFound: true, limits: s.exposure });
const cast = (v: number) => checkColorCast({ colorCast: { a: 0, b: v, chroma: v }, limits: s.colorCast });
const tilt = (v: number) => checkAngle({ angle: { tiltDeg: v, confidence: 0.9 }, productFound: true, view: 'front', limits: s.angle });
const sharp = (v: number) => checkSharpness({ sharpness: { score: v }, productFound: true, limits: s.sharpness });
const span = (v: number) => checkFraming({ framing: { ...m.framing, spanShare: v }, productFound: true, limits: s.framing });
const swatch = (v: number) => checkSwatch({ declaredHex: '#b22146', measuredHex: '#b02248', deltaE: v, limits: s.swatch });

const cases: Case[] = [
  // resolution: fail below 1000, warn below 1600 (longest side)
  { rule: 'resolution', value: 999, expected: 'fail', run: resolution },
  { rule: 'resolution', value: 1000, expected: 'warn', run: resolution },
  { rule: 'resolution', value: 1599, expected: 'warn', run: resolution },
  { rule: 'resolution', value: 1600, expected: 'pass', run: resolution },
  // background: fail below 95 % near-white
  { rule: 'background near-white', value: 0.95 - EPS, expected: 'fail', run: nearWhite },
  { rule: 'background near-white', value: 0.95, expected: 'pass', run: nearWhite },
  { rule: 'background pure white', value: 0.8 - EPS, expected: 'warn', run: pureWhite },
  { rule: 'background pure white', value: 0.8, expected: 'pass', run: pureWhite },
  { rule: 'background unevenness', value: 4, expected: 'pass', run: uneven },
  { rule: 'background unevenness', value: 4 + EPS, expected: 'warn', run: uneven },
  // exposure: backdrop L* fail below 90, warn below 95
  { rule: 'exposure backdrop', value: 90 - EPS, expected: 'fail', run: backdropL },
  { rule: 'exposure backdrop', value: 90, expected: 'warn', run: backdropL },
  { rule: 'exposure backdrop', value: 95 - EPS, expected: 'warn', run: backdropL },
  { rule: 'exposure backdrop', value: 95, expected: 'pass', run: backdropL },
  { rule: 'exposure clipped', value: 0.1, expected: 'pass', run: clipped },
  { rule: 'exposure clipped', value: 0.1 + EPS, expected: 'warn', run: clipped },
  { rule: 'exposure clipped', value: 0.25, expected: 'warn', run: clipped },
  { rule: 'exposure clipped', value: 0.25 + EPS, expected: 'fail', run: clipped },
  { rule: 'exposure colour cut', value: 0.4, expected: 'pass', run: colourCut },
  { rule: 'exposure colour cut', value: 0.4 + EPS, expected: 'warn', run: colourCut },
  { rule: 'exposure colour cut', value: 0.6, expected: 'warn', run: colourCut },
  { rule: 'exposure colour cut', value: 0.6 + EPS, expected: 'fail', run: colourCut },
  { rule: 'exposure crushed', value: 0.3, expected: 'pass', run: crushed },
  { rule: 'exposure crushed', value: 0.95, expected: 'warn', run: crushed },
  // color_cast: chroma fail above 10, warn above 5
  { rule: 'color_cast', value: 5, expected: 'pass', run: cast },
  { rule: 'color_cast', value: 5 + EPS, expected: 'warn', run: cast },
  { rule: 'color_cast', value: 10, expected: 'warn', run: cast },
  { rule: 'color_cast', value: 10 + EPS, expected: 'fail', run: cast },
  // angle: fail above 10°, warn above 3°, either direction
  { rule: 'angle', value: 3, expected: 'pass', run: tilt },
  { rule: 'angle', value: -3 - EPS, expected: 'warn', run: tilt },
  { rule: 'angle', value: 10, expected: 'warn', run: tilt },
  { rule: 'angle', value: -10 - EPS, expected: 'fail', run: tilt },
  // sharpness: fail below / warn below the score limits
  { rule: 'sharpness', value: s.sharpness.failBelowScore - EPS, expected: 'fail', run: sharp },
  { rule: 'sharpness', value: s.sharpness.failBelowScore, expected: 'warn', run: sharp },
  { rule: 'sharpness', value: s.sharpness.warnBelowScore, expected: 'pass', run: sharp },
  // framing: fail below 50 %, warn below 85 %
  { rule: 'framing', value: 0.5 - EPS, expected: 'fail', run: span },
  { rule: 'framing', value: 0.5, expected: 'warn', run: span },
  { rule: 'framing', value: 0.85 - EPS, expected: 'warn', run: span },
  { rule: 'framing', value: 0.85, expected: 'pass', run: span },
  // swatch: fail at ΔE00 12 or more, warn at 5 or more
  { rule: 'swatch', value: 5 - EPS, expected: 'pass', run: swatch },
  { rule: 'swatch', value: 5, expected: 'warn', run: swatch },
  { rule: 'swatch', value: 12 - EPS, expected: 'warn', run: swatch },
  { rule: 'swatch', value: 12, expected: 'fail', run: swatch },
];

for (const c of cases) {
  test(`${c.rule} at ${c.value} is ${c.expected}`, () => {
    const f = c.run(c.value);
    assert.equal(f.status, c.expected, f.message);
    if (c.expected === 'pass') assert.equal(f.fix, '');
    else assert.ok(f.fix.length > 10, 'a refusal or warning says how to fix it');
  });
}

test('a product cut by an edge fails framing even when it spans the whole frame', () => {
  const f = checkFraming({ framing: { ...m.framing, spanShare: 0.97, cutEdges: ['top'] }, productFound: true, limits: s.framing });
  assert.equal(f.status, 'fail');
  assert.match(f.message, /cut by the top edge/);
});

test('a photo without a product fails framing and is not judged on tilt or sharpness', () => {
  assert.equal(checkFraming({ framing: m.framing, productFound: false, limits: s.framing }).status, 'fail');
  assert.equal(checkAngle({ angle: { tiltDeg: 40, confidence: 0.9 }, productFound: false, view: 'front', limits: s.angle }).status, 'pass');
  assert.equal(checkSharpness({ sharpness: { score: 0 }, productFound: false, limits: s.sharpness }).status, 'pass');
});

test('tilt is not judged when the product has no clear axis, nor on a swatch photo', () => {
  const lowConfidence = checkAngle({ angle: { tiltDeg: 30, confidence: s.angle.minConfidence - EPS }, productFound: true, view: 'front', limits: s.angle });
  assert.equal(lowConfidence.status, 'pass');
  assert.match(lowConfidence.message, /no clear main axis/);
  const swatchView = checkAngle({ angle: { tiltDeg: 30, confidence: 0.9 }, productFound: true, view: 'swatch', limits: s.angle });
  assert.equal(swatchView.status, 'pass');
  assert.equal(checkAngle({ angle: { tiltDeg: 30, confidence: s.angle.minConfidence }, productFound: true, view: 'side', limits: s.angle }).status, 'fail');
});

test('a warm cast is named warm and a blue cast is named cool, with the measured chroma', () => {
  const warm = checkColorCast({ colorCast: { a: 3, b: 17, chroma: Math.hypot(3, 17) }, limits: s.colorCast });
  assert.equal(warm.status, 'fail');
  assert.match(warm.message, /warm/);
  assert.equal(warm.measured, 17.3);
  const blue = checkColorCast({ colorCast: { a: 0.8, b: -12.3, chroma: Math.hypot(0.8, -12.3) }, limits: s.colorCast });
  assert.equal(blue.status, 'fail');
  assert.match(blue.message, /cool \(blue/);
});

test('exposure reports the worse of a dark backdrop and a blown-out product', () => {
  const f = checkExposure({ exposure: { ...m.exposure, backgroundL: 93, productClippedShare: 0.4 }, productFound: true, limits: s.exposure });
  assert.equal(f.status, 'fail');
  assert.equal(f.measured, 40);
  assert.equal(f.unit, '%');
  assert.match(f.message, /slightly dark/);
  assert.match(f.message, /blown out/);
});

test('exposure names a colour cut off in a channel apart from a product blown out to white', () => {
  const cut = checkExposure({ exposure: { ...m.exposure, productColourClippedShare: 0.8 }, productFound: true, limits: s.exposure });
  assert.equal(cut.status, 'fail');
  assert.equal(cut.measured, 80);
  assert.match(cut.message, /colour cut off, a colour channel at its maximum \(limit 60 %\)/);
  assert.doesNotMatch(cut.message, /pure white/);
  assert.match(cut.fix, /255/);
  // Blown out to white is the graver finding and is the one reported when both fail.
  const both = checkExposure({ exposure: { ...m.exposure, productClippedShare: 0.3, productColourClippedShare: 0.8 }, productFound: true, limits: s.exposure });
  assert.match(both.message, /pure white/);
});

test('without a declared colour the swatch is not compared; without a measured one it warns', () => {
  assert.equal(checkSwatch({ declaredHex: null, measuredHex: '#b22146', deltaE: null, limits: s.swatch }).status, 'pass');
  assert.equal(checkSwatch({ declaredHex: '#b22146', measuredHex: null, deltaE: null, limits: s.swatch }).status, 'warn');
});

test('the measured value is in the message and rounded for display', () => {
  const f = resolution(999);
  assert.equal(f.measured, 999);
  assert.equal(f.unit, 'px');
  assert.match(f.message, /999 px/);
  const bg = nearWhite(0.9234);
  assert.equal(bg.measured, 92.3);
  assert.match(bg.message, /92\.3 %/);
});
