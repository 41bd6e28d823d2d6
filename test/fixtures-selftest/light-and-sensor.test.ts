import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addNoise, applyLight, type RawImage } from '../fixtures/light-and-sensor.ts';

function flat(value: number, width = 200, height = 150): RawImage {
  return { data: Buffer.alloc(width * height * 3, value), width, height, channels: 3 };
}

function meanAndSd(data: Buffer): { mean: number; sd: number } {
  let sum = 0;
  for (const v of data) sum += v;
  const mean = sum / data.length;
  let sq = 0;
  for (const v of data) sq += (v - mean) ** 2;
  return { mean, sd: Math.sqrt(sq / data.length) };
}

describe('addNoise', () => {
  it('adds zero-mean noise of the requested standard deviation', () => {
    const image = flat(128);
    addNoise(image, 2, 42);
    const { mean, sd } = meanAndSd(image.data);
    // 90 000 values: the mean is within ±0.03 and σ within ±0.05 of 2 (plus rounding's 1/12 variance).
    assert.ok(Math.abs(mean - 128) < 0.05, `mean ${mean}`);
    assert.ok(Math.abs(sd - Math.sqrt(4 + 1 / 12)) < 0.06, `sd ${sd}`);
  });

  it('leaves clipped whites at 255', () => {
    const image = flat(255);
    addNoise(image, 3, 7);
    assert.ok(image.data.every((v) => v === 255));
  });

  it('draws the same noise from the same seed', () => {
    const [a, b] = [flat(100), flat(100)];
    addNoise(a, 2, 9);
    addNoise(b, 2, 9);
    assert.ok(a.data.equals(b.data));
  });
});

describe('applyLight', () => {
  it('leaves the pixels alone under neutral light', () => {
    const image = flat(77);
    applyLight(image, { exposure: 1, cast: { r: 1, g: 1, b: 1 }, vignette: 0 });
    assert.ok(image.data.every((v) => v === 77));
  });

  it('darkens the corners by the vignette share in linear light and leaves the centre', () => {
    // White (1.0 linear) × 0.7 = 0.7 linear, which encodes to 217.8 → 218.
    const image = flat(255, 101, 101);
    applyLight(image, { exposure: 1, cast: { r: 1, g: 1, b: 1 }, vignette: 0.3 });
    assert.equal(image.data[0], 218);
    assert.equal(image.data[(50 * 101 + 50) * 3], 255);
  });

  it('applies a cast per channel', () => {
    // White × (1, 0.85, 0.62) linear encodes to (255, 237.4, 206.4).
    const image = flat(255, 4, 4);
    applyLight(image, { exposure: 1, cast: { r: 1, g: 0.85, b: 0.62 }, vignette: 0 });
    assert.deepEqual([...image.data.subarray(0, 3)], [255, 237, 206]);
  });
});
