import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measurePhoto } from '../../../extraction/analyze.ts';
import { photo } from '../photo-cache.ts';

const SMALL = { width: 600, height: 800 };

test('a correctly exposed photo has a white backdrop and nothing clipped on the bullet', async () => {
  const { exposure } = await measurePhoto((await photo(SMALL)).bytes);
  assert.ok(exposure.backgroundL > 99.5);
  assert.ok(exposure.productClippedShare < 0.01);
  assert.equal(exposure.productCrushedShare, 0);
  // The satin red #b22146 is L* 39.6; its shaded rims pull the median only a little.
  assert.ok(Math.abs(exposure.productL - 39.6) < 4, `productL ${exposure.productL}`);
});

test('under-exposure (0.45× light) greys the backdrop to L* ≈ 73', async () => {
  const { exposure } = await measurePhoto((await photo({ ...SMALL, exposure: 0.45 })).bytes);
  // L* of 0.45 linear = 116·0.45^(1/3) − 16 = 72.9.
  assert.ok(Math.abs(exposure.backgroundL - 72.9) < 1.5, `backgroundL ${exposure.backgroundL}`);
});

test('a black shade reads as crushed when the light is far too low', async () => {
  const { exposure } = await measurePhoto((await photo({ ...SMALL, color: '#1a0c10', exposure: 0.3, caseColor: '#c3c6cc' })).bytes);
  assert.ok(exposure.productCrushedShare > 0.3, `crushed ${exposure.productCrushedShare}`);
});

test('a light nude blown out by 2.5× light reads as mostly clipped, though it merges with the backdrop', async () => {
  const { exposure } = await measurePhoto((await photo({ ...SMALL, exposure: 2.5, color: '#e8b4a8' })).bytes);
  // 2.5 × the nude's linear light exceeds 1 in every channel: the bullet (a third of the
  // product's height) is pure white inside its outline.
  assert.ok(exposure.productClippedShare > 0.25, `clipped ${exposure.productClippedShare}`);
});

test('the white backdrop beside a tilted product is not counted as a clipped product', async () => {
  const { exposure } = await measurePhoto((await photo({ ...SMALL, tiltDeg: -25, productSpan: 0.9 })).bytes);
  assert.ok(exposure.productClippedShare < 0.02, `clipped ${exposure.productClippedShare}`);
});

/**
 * Twice the right light lifts a pink's red channel past the ceiling on most of the bullet long before
 * any of it turns white: the colour is cut off, not blown out. Measured 92 % cut and none white: over
 * the 60 % at which the exposure rule fails, under the quarter that would fail it as blown out instead.
 * Correctly exposed, the same pink keeps every channel under the ceiling (measured 0; the bound of 2 %
 * leaves room for a highlight's rim touching 255 before it is white). A shade whose published hex
 * already holds a 255 (#ff3220, the vivid end of the vendored table) has it only where its satin sheen
 * lights it: measured 36 % of the colour part, under the 40 % from which the rule warns.
 */
test('over-exposure cuts off a shade’s colour in a channel before it turns white', async () => {
  const right = (await measurePhoto((await photo({ ...SMALL, color: '#d03370' })).bytes)).exposure;
  const twice = (await measurePhoto((await photo({ ...SMALL, color: '#d03370', exposure: 2 })).bytes)).exposure;
  const vivid = (await measurePhoto((await photo({ ...SMALL, color: '#ff3220' })).bytes)).exposure;
  assert.ok(right.productColourClippedShare < 0.02, `right ${right.productColourClippedShare}`);
  assert.ok(twice.productColourClippedShare > 0.6, `twice ${twice.productColourClippedShare}`);
  assert.ok(twice.productClippedShare < 0.25, `white ${twice.productClippedShare}`);
  assert.ok(vivid.productColourClippedShare < 0.4, `vivid ${vivid.productColourClippedShare}`);
});
