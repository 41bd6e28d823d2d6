import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getExtractor } from '../../../extraction/extractors/registry.ts';
import { deltaE2000, hexToLab } from '../../../extraction/color-space.ts';
import { renderBullet, stripes } from './synthetic-bullet.ts';

const robust = getExtractor('robust');
const average = getExtractor('average');
const BASE = '#b22146';
const truth = hexToLab(BASE);

test('on a shaded cylinder with a shiny stripe, robust recovers the base within ΔE00 1 while the plain mean is pulled off', () => {
  const { input } = renderBullet({ base: BASE, stripe: stripes.shiny });
  const robustError = deltaE2000(truth, robust.extract(input).color.lab);
  const averageError = deltaE2000(truth, average.extract(input).color.lab);
  assert.ok(robustError <= 1, `robust ΔE00 ${robustError}`);
  // The stripe lightens and the flanks darken the mean: the baseline lands visibly off (ΔE00 > 2).
  assert.ok(averageError > 2, `average ΔE00 ${averageError}`);
});

test('glitter covering a fifth of the bullet does not move the robust colour', () => {
  const { input } = renderBullet({ base: BASE, glitter: { coverage: 0.2, diameterRel: 0.03, color: '#e8c060' } });
  const error = deltaE2000(truth, robust.extract(input).color.lab);
  assert.ok(error <= 1, `ΔE00 ${error}`);
});

test('a mild cast with 30 % under-exposure over a white backdrop is undone by the white reference (ΔE00 ≤ 2.5)', () => {
  const { input } = renderBullet({ base: BASE, cast: [1, 0.95, 0.88], exposure: 0.7 });
  const corrected = deltaE2000(truth, robust.extract(input).color.lab);
  const uncorrected = deltaE2000(truth, robust.extract({ ...input, whiteReference: null }).color.lab);
  assert.ok(corrected <= 2.5, `corrected ΔE00 ${corrected}`);
  assert.ok(uncorrected > 4, `uncorrected ΔE00 ${uncorrected}`);
});

test('the reported hex and Lab describe the same colour', () => {
  const { color } = robust.extract(renderBullet({ base: BASE }).input);
  assert.ok(deltaE2000(hexToLab(color.hex), color.lab) < 0.5);
});

test('confidence drops for a tiny region, for no white reference and for a region of mixed colours', () => {
  const clean = robust.extract(renderBullet({ base: BASE }).input).color.confidence;
  const tiny = robust.extract(renderBullet({ base: BASE, width: 24, height: 30 }).input).color.confidence;
  const noWhite = robust.extract(renderBullet({ base: BASE, whiteReference: false }).input).color.confidence;
  const mixed = robust.extract(
    renderBullet({ base: BASE, glitter: { coverage: 0.55, diameterRel: 0.1, color: '#3050d0' } }).input,
  ).color.confidence;
  assert.ok(clean >= 0.9, `clean ${clean}`);
  assert.ok(tiny < clean - 0.2, `tiny ${tiny}`);
  assert.ok(noWhite < clean - 0.2, `no white reference ${noWhite}`);
  assert.ok(mixed < clean - 0.2, `mixed ${mixed}`);
});

test('the average extractor reports the plain mean but shares finish, glitter and reflectance with robust', () => {
  const { input } = renderBullet({ base: BASE, stripe: stripes.glossy });
  const a = average.extract(input);
  const r = robust.extract(input);
  assert.deepEqual(a.finish, r.finish);
  assert.deepEqual(a.particles, r.particles);
  assert.deepEqual(a.reflectance, r.reflectance);
  assert.notEqual(a.color.hex, r.color.hex);
});

test('overlay masks are image-sized and mark highlight pixels only inside the region', () => {
  const { input } = renderBullet({ base: BASE, stripe: stripes.glossy });
  const { highlightMask, glitterMask } = robust.extract(input);
  assert.equal(highlightMask?.length, input.image.width * input.image.height);
  assert.equal(glitterMask?.length, input.image.width * input.image.height);
  let outside = 0;
  let inside = 0;
  highlightMask?.forEach((v, i) => {
    if (v && !input.mask[i]) outside++;
    if (v && input.mask[i]) inside++;
  });
  assert.equal(outside, 0);
  assert.ok(inside > 0);
});
