import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measurePhoto } from '../../../extraction/analyze.ts';
import { photo } from '../photo-cache.ts';

const SMALL = { width: 600, height: 800 };

test('a pure white sweep is all near-white and all pure white, and even', async () => {
  const { background } = await measurePhoto((await photo(SMALL)).bytes);
  assert.equal(background.nearWhiteShare, 1);
  assert.ok(background.pureWhiteShare > 0.99, `${background.pureWhiteShare}`);
  assert.ok(background.unevenness < 0.5);
  assert.ok(background.meanLab.L > 99.5);
});

test('the band is 3 % of the short side, in upright pixels', async () => {
  const { background } = await measurePhoto((await photo(SMALL)).bytes);
  assert.equal(background.bandWidth, 18);
});

test('a pale pink backdrop (L* 92.5, chroma 8.8) has no near-white band at all', async () => {
  const { background } = await measurePhoto((await photo({ ...SMALL, background: '#fbe4ea' })).bytes);
  assert.ok(background.nearWhiteShare < 0.95, `nearWhiteShare ${background.nearWhiteShare}`);
  assert.equal(background.pureWhiteShare, 0);
  assert.ok(Math.abs(background.meanLab.L - 92.5) < 1 && background.meanLab.a > 5, JSON.stringify(background.meanLab));
});

test('an off-white #f7f7f7 sweep is near-white but not pure white', async () => {
  const { background } = await measurePhoto((await photo({ ...SMALL, background: '#f7f7f7' })).bytes);
  assert.equal(background.nearWhiteShare, 1);
  assert.equal(background.pureWhiteShare, 0);
});

test('vignetting shows as unevenness: corners 30 % darker spread the band by several L*', async () => {
  const { background } = await measurePhoto((await photo({ ...SMALL, vignette: 0.3 })).bytes);
  // Corner L* of 0.7× linear light is about 87 against 100 mid-edge; segment medians differ ≥ 4.
  assert.ok(background.unevenness >= 4, `unevenness ${background.unevenness}`);
  assert.ok(background.nearWhiteShare < 0.95, 'the darkened corners are not near-white');
});
