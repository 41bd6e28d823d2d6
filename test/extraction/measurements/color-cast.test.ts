import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measurePhoto } from '../../../extraction/analyze.ts';
import { photo } from '../photo-cache.ts';

const SMALL = { width: 600, height: 800 };

test('neutral light leaves the backdrop without cast', async () => {
  const { colorCast } = await measurePhoto((await photo(SMALL)).bytes);
  assert.ok(colorCast.chroma < 0.5, `chroma ${colorCast.chroma}`);
});

test('warm tungsten light (blue channel 0.62×) shows as a strong positive b*', async () => {
  const { colorCast } = await measurePhoto((await photo({ ...SMALL, cast: { r: 1, g: 0.85, b: 0.62 } })).bytes);
  assert.ok(colorCast.b > 10, `b* ${colorCast.b}`);
  assert.ok(colorCast.chroma > 10);
});

test('blue daylight (red channel 0.68×) shows as a negative b*', async () => {
  const { colorCast } = await measurePhoto((await photo({ ...SMALL, cast: { r: 0.68, g: 0.84, b: 1 } })).bytes);
  assert.ok(colorCast.b < -8, `b* ${colorCast.b}`);
  assert.ok(colorCast.chroma > 10);
});
