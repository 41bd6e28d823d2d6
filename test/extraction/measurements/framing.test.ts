import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measurePhoto } from '../../../extraction/analyze.ts';
import { measureFraming, toUpright } from '../../../extraction/measurements/framing.ts';
import { iou, photo } from '../photo-cache.ts';

const SMALL = { width: 600, height: 800 };

test('a product drawn at 0.88 of the frame height spans 0.88 and touches no edge', async () => {
  const rendered = await photo(SMALL);
  const { framing } = await measurePhoto(rendered.bytes);
  assert.ok(Math.abs(framing.spanShare - 0.88) <= 0.02, `span ${framing.spanShare}`);
  assert.deepEqual(framing.cutEdges, []);
  assert.ok(iou(framing.productBox!, rendered.truth.productBox) >= 0.9);
});

test('a small product spans its drawn share', async () => {
  const { framing } = await measurePhoto((await photo({ ...SMALL, productSpan: 0.35 })).bytes);
  assert.ok(Math.abs(framing.spanShare - 0.35) <= 0.02, `span ${framing.spanShare}`);
});

test('a product pushed down out of the frame is cut at the bottom only', async () => {
  const { framing } = await measurePhoto((await photo({ ...SMALL, productSpan: 0.6, offset: { x: 0, y: 0.24 } })).bytes);
  assert.deepEqual(framing.cutEdges, ['bottom']);
});

test('boxes go back to upright pixels rounding outward', () => {
  assert.deepEqual(toUpright({ x: 10, y: 5, width: 3, height: 4 }, 0.25), { x: 40, y: 20, width: 12, height: 16 });
  assert.deepEqual(measureFraming(null, 100, 100, 1), { spanShare: 0, cutEdges: [], productBox: null });
});
