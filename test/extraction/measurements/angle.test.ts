import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measurePhoto } from '../../../extraction/analyze.ts';
import { measureAngle } from '../../../extraction/measurements/angle.ts';
import { rectMask } from '../../../extraction/binary-mask.ts';
import { photo } from '../photo-cache.ts';

const SMALL = { width: 600, height: 800 };

for (const tiltDeg of [20, -25, 7]) {
  test(`a lipstick turned ${tiltDeg}° clockwise measures ${tiltDeg}° within ±2°`, async () => {
    const { angle } = await measurePhoto((await photo({ ...SMALL, tiltDeg, productSpan: 0.8 })).bytes);
    assert.ok(Math.abs(angle.tiltDeg - tiltDeg) <= 2, `measured ${angle.tiltDeg}`);
    assert.ok(angle.confidence > 0.8, 'a lipstick is long: its axis is well defined');
  });
}

test('an upright lipstick measures within 1° of vertical (its slanted tip barely shifts the axis)', async () => {
  const { angle } = await measurePhoto((await photo(SMALL)).bytes);
  assert.ok(Math.abs(angle.tiltDeg) <= 1, `measured ${angle.tiltDeg}`);
});

test('a square object has no main axis: confidence near 0', () => {
  const square = rectMask({ x: 10, y: 10, width: 40, height: 40 }, 60, 60);
  assert.ok(measureAngle(square, 60, 60).confidence < 0.05);
});

test('a lying bar is 90° from vertical', () => {
  const bar = rectMask({ x: 5, y: 25, width: 50, height: 10 }, 60, 60);
  assert.equal(Math.abs(measureAngle(bar, 60, 60).tiltDeg), 90);
});
