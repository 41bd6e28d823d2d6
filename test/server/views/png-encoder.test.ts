import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { encodePng } from '../../../server/views/png-encoder.ts';

describe('the PNG writer', () => {
  it('writes RGB pixels that a real decoder reads back unchanged', async () => {
    const data = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 200, 100, 50, 1, 2, 3]);
    const { data: back, info } = await sharp(encodePng({ width: 3, height: 2, channels: 3, data })).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height, info.channels], [3, 2, 3]);
    assert.deepEqual([...back], [...data]);
  });

  it('keeps the alpha channel of RGBA pixels', async () => {
    const data = Uint8Array.from([1, 2, 3, 0, 4, 5, 6, 128]);
    const { data: back, info } = await sharp(encodePng({ width: 2, height: 1, channels: 4, data })).raw().toBuffer({ resolveWithObject: true });
    assert.equal(info.channels, 4);
    assert.deepEqual([...back], [...data]);
  });

  it('refuses a buffer whose length does not fit the dimensions', () => {
    assert.throws(() => encodePng({ width: 2, height: 2, channels: 3, data: new Uint8Array(11) }), RangeError);
  });
});
