/**
 * The jelly lacquer as rendered (bottle-scene.ts, surface-shading.ts shadeTranslucentCylinder): the
 * backdrop seen through a clear dyed liquid by Beer–Lambert along the bottle's chord. Checked on the
 * raw scene (no camera effects) with the fixtures' own colour maths.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSpec, renderScene, FixtureSpecError, type PhotoSpec, type RawImage } from '../fixtures/index.ts';
import { parseHex, rgbToLab, srgbToLinear } from '../fixtures/color-math.ts';

const JELLY: Partial<PhotoSpec> = { kind: 'bottle', lacquer: 'jelly', color: '#b3123a', finish: 'matte', width: 600, height: 800 };

function pixelAt(image: RawImage, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * image.width + Math.round(x)) * image.channels;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}

/** −ln of each channel's linear value: the optical depth a pixel shows over a white backdrop. */
function depth(rgb: [number, number, number]): number[] {
  return rgb.map((v) => -Math.log(srgbToLinear(v / 255)));
}

describe('a jelly lacquer in its bottle', () => {
  it('shows exactly its colour on the bottle’s axis, through the full depth (matte glass: no highlight)', async () => {
    const { image, truth } = await renderScene(defaultSpec(JELLY));
    const cx = truth.region.x + truth.region.width / 2;
    const cy = truth.region.y + truth.region.height / 2;
    const axis = pixelAt(image, cx, cy);
    const expected = parseHex('#b3123a');
    // 8-bit rounding of the embedded image, and the chord half a pixel off the axis.
    assert.ok(axis.every((v, c) => Math.abs(v - expected[c]) <= 1), `axis ${axis} against ${expected}`);
  });

  it('thins out towards its edges by Beer–Lambert: the optical depth follows the chord √(1 − u²)', async () => {
    const { image, truth } = await renderScene(defaultSpec(JELLY));
    const half = truth.region.width / 2;
    const cx = truth.region.x + half;
    const cy = truth.region.y + truth.region.height / 2;
    const onAxis = depth(pixelAt(image, cx, cy));
    for (const u of [-0.8, -0.5, 0.5, 0.8]) {
      const chord = Math.sqrt(1 - u * u);
      const seen = depth(pixelAt(image, cx + u * half, cy));
      // Channels deep enough to read a ratio (the green and blue of a red): within 4 % of the chord.
      for (const c of [1, 2]) assert.ok(Math.abs(seen[c] / onAxis[c] - chord) < 0.04, `u ${u} channel ${c}: ${(seen[c] / onAxis[c]).toFixed(3)} against ${chord.toFixed(3)}`);
    }
    // Nearly white at the thin edge, deep in the middle.
    const edge = rgbToLab(pixelAt(image, cx + 0.97 * half, cy));
    const middle = rgbToLab(pixelAt(image, cx, cy));
    assert.ok(edge.L > middle.L + 30, `edge L* ${edge.L.toFixed(1)}, middle ${middle.L.toFixed(1)}`);
  });

  it('is drawn against the backdrop: a grey card shows through it darker', async () => {
    const white = await renderScene(defaultSpec(JELLY));
    const grey = await renderScene(defaultSpec({ ...JELLY, background: '#bcbcbc' }));
    const at = (img: RawImage, r: typeof white.truth.region) => pixelAt(img, r.x + 0.85 * r.width, r.y + r.height / 2);
    const ratio = srgbToLinear(at(grey.image, grey.truth.region)[0] / 255) / srgbToLinear(at(white.image, white.truth.region)[0] / 255);
    // #bcbcbc is 0.503 in linear light: the light passed scales with it.
    assert.ok(Math.abs(ratio - srgbToLinear(0xbc / 255)) < 0.02, `ratio ${ratio.toFixed(3)}`);
  });

  it('is refused on anything but a bottle, and without a backdrop to be seen against', async () => {
    await assert.rejects(renderScene(defaultSpec({ ...JELLY, kind: 'lipstick' })), FixtureSpecError);
    await assert.rejects(renderScene(defaultSpec({ ...JELLY, alpha: true, format: 'png' })), FixtureSpecError);
  });
});
