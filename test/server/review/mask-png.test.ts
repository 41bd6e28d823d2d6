import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { maskToPng } from '../../../server/review/mask-png.ts';

describe('maskToPng', () => {
  it('encodes masked pixels in the colour and leaves the rest transparent', async () => {
    // 3 × 2 mask with the middle column set.
    const mask = Uint8Array.from([0, 1, 0, 0, 255, 0]);
    const png = maskToPng(mask, 3, 2, [10, 20, 30, 128]);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height, info.channels], [3, 2, 4]);
    assert.deepEqual([...data.subarray(4, 8)], [10, 20, 30, 128]);
    assert.deepEqual([...data.subarray(16, 20)], [10, 20, 30, 128]);
    assert.equal(data[3], 0);
    assert.equal(data[11], 0);
  });

  it('refuses a mask of the wrong size', () => {
    assert.throws(() => maskToPng(new Uint8Array(5), 3, 2, [0, 0, 0, 0]), RangeError);
  });
});
