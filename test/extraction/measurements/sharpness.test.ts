import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { measurePhoto } from '../../../extraction/analyze.ts';
import { photo } from '../photo-cache.ts';

async function score(bytes: Uint8Array): Promise<number> {
  return (await measurePhoto(bytes)).sharpness.score;
}

test('a sharp render scores near the ideal step (about 50)', async () => {
  const s = await score((await photo()).bytes);
  assert.ok(s >= 40, `score ${s}`);
});

test('blur sigma 6 at 1200×1600 scores far below a sharp render', async () => {
  const sharpScore = await score((await photo()).bytes);
  const blurred = await score((await photo({ blurSigma: 6 })).bytes);
  // At the 1000 px reference a sigma of 6 × 1000/1600 = 3.75 px scores about 40 / 3.75 ≈ 11.
  assert.ok(blurred <= 14, `blurred ${blurred}`);
  assert.ok(sharpScore > 3 * blurred, `sharp ${sharpScore} vs blurred ${blurred}`);
});

test('JPEG compression of a sharp render does not make it look blurred', async () => {
  const original = (await photo({ format: 'png' })).bytes;
  const compressed = await sharp(original).jpeg({ quality: 50 }).toBuffer();
  const s = await score(compressed);
  assert.ok(s >= 35, `score ${s}`);
});

test('the same scene at 2400×3200 and 1200×1600 scores alike, sharp or blurred', async () => {
  const small = await score((await photo({ blurSigma: 4 })).bytes);
  const large = await score((await photo({ width: 2400, height: 3200, blurSigma: 8 })).bytes);
  assert.ok(Math.abs(small - large) / small < 0.2, `${small} vs ${large}`);
});
