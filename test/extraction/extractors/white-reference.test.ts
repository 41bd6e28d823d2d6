import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holdsExposureWhite, measureBackdropFalloff, offLightAxis, whiteBalanceFor, whiteBalanceFrom } from '../../../extraction/extractors/white-reference.ts';
import { linearChannelToSrgb, srgbChannelToLinear } from '../../../extraction/color-space.ts';
import type { ExtractorInput, Rect, RgbImage } from '../../../extraction/types.ts';

test('a pure white backdrop leaves the colours as they are', () => {
  assert.deepEqual(whiteBalanceFrom([255, 255, 255]), { gains: [1, 1, 1], status: 'neutral' });
});

test('an off-white paper within the near-white band (#f7f7f7) is not treated as under-exposure', () => {
  assert.deepEqual(whiteBalanceFrom([247, 247, 247]).gains, [1, 1, 1]);
});

test('a warm cast on the backdrop yields gains that make it neutral', () => {
  const { gains, status } = whiteBalanceFrom([255, 243, 225]);
  assert.equal(status, 'corrected');
  assert.ok(gains[0] < gains[1] && gains[1] < gains[2], `gains ${gains}`);
});

test('a cast whose favoured channel is at white maps the backdrop to white without darkening the photo', () => {
  // #fff3e1: red at 255 is the exposure's white; green and blue are lowered by the light's warmth.
  const reference = [255, 243, 225];
  const { gains } = whiteBalanceFrom(reference as [number, number, number]);
  assert.equal(gains[0], 1);
  for (let c = 0; c < 3; c++) {
    const corrected = linearChannelToSrgb(srgbChannelToLinear(reference[c] / 255) * gains[c]) * 255;
    assert.ok(Math.abs(corrected - 255) < 0.5, `channel ${c} → ${corrected}`);
  }
});

test('a dark grey backdrop (under-exposure) is lifted, never beyond the paper level', () => {
  const { gains } = whiteBalanceFrom([218, 218, 218]);
  // 218 is 70 % of white in linear light; lifting it to L* 97 paper needs a gain of about 0.925 / 0.70.
  assert.ok(Math.abs(gains[0] - 0.925 / 0.7) < 0.03, `gain ${gains[0]}`);
});

test('a pink or dark backdrop is not used as a white reference', () => {
  assert.equal(whiteBalanceFrom([250, 190, 210]).status, 'rejected');
  assert.equal(whiteBalanceFrom([60, 60, 60]).status, 'rejected');
  assert.equal(whiteBalanceFrom(null).status, 'absent');
});

test('a tinted paper is not mistaken for a cast: pink is off the light axis, cream darkens every channel', () => {
  // #f6e3e1 (a* 6, b* 3) and #f4ead9 (b* 9.5, brightest channel 244): the hard set's papers.
  assert.deepEqual(whiteBalanceFrom([246, 227, 225]), { gains: [1, 1, 1], status: 'tinted' });
  assert.deepEqual(whiteBalanceFrom([244, 234, 217]), { gains: [1, 1, 1], status: 'tinted' });
  // The same warmth with the red channel at white is light, not paper.
  assert.equal(whiteBalanceFrom([255, 243, 225]).status, 'corrected');
});

test('a faint tint is the surface\'s own when its hue turns well off the light axis, though it lies near the axis', () => {
  // #e1d5cd, a pale pink table (a* 2.8, b* 5.4): 2.2 from the axis, within MAX_OFF_AXIS, but 21° off it.
  assert.ok(offLightAxis(2.77, 5.43) < 3);
  assert.deepEqual(whiteBalanceFrom([225, 213, 205]), { gains: [1, 1, 1], status: 'tinted' });
  // #ece6db, a warm light's white as dim and as faint (a* 0.1, b* 6.1, 5° off): still corrected, lifted and neutralised.
  const { gains, status } = whiteBalanceFrom([236, 230, 219]);
  assert.equal(status, 'corrected');
  assert.ok(gains[0] > 1 && gains[0] < gains[1] && gains[1] < gains[2], `gains ${gains}`);
});

test('the light axis runs from blue daylight to warm tungsten; magenta and green lie off it', () => {
  assert.ok(offLightAxis(1.1, 10.1) < 1);
  assert.ok(offLightAxis(-1.8, -5) < 1);
  assert.ok(offLightAxis(6, 3) > 3);
  assert.ok(offLightAxis(-6, 1) > 3);
});

/**
 * A backdrop-only frame lit `exposure` times white in the middle, vignetted to `1 − vignette` in the
 * corners (linear light, squared radius), clipped at 255 like a sensor.
 */
function vignettedBackdrop(width: number, height: number, exposure: number, vignette: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  const cx = (width - 1) / 2, cy = (height - 1) / 2;
  const cornerSq = cx * cx + cy * cy;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const lin = exposure * (1 - (vignette * ((x - cx) ** 2 + (y - cy) ** 2)) / cornerSq);
      const v = Math.round(255 * linearChannelToSrgb(Math.min(1, lin)));
      data.fill(v, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { width, height, data };
}

const CENTRE: Rect = { x: 280, y: 380, width: 40, height: 40 };

test('an over-exposed backdrop clipped in the middle is measured from its vignetted corners and brought back to white', () => {
  const image = vignettedBackdrop(600, 800, 1.3, 0.3);
  const falloff = measureBackdropFalloff(image, [254, 254, 254], 24, CENTRE);
  assert.ok(falloff, 'a falloff is measured');
  assert.ok(Math.abs(falloff.centre - 1.3) < 0.03, `centre ${falloff.centre}`);
  const { gains, status } = whiteBalanceFrom([254, 254, 254], falloff);
  assert.equal(status, 'corrected');
  assert.ok(Math.abs(gains[1] - 1 / 1.3) < 0.03, `gain ${gains[1]}`);
});

test('a backdrop blown out to 255 everywhere gives no evidence of over-exposure: nothing is darkened', () => {
  const image = vignettedBackdrop(600, 800, 1.8, 0.3);
  assert.equal(measureBackdropFalloff(image, [255, 255, 255], 24, CENTRE), null);
  assert.deepEqual(whiteBalanceFrom([255, 255, 255], null).gains, [1, 1, 1]);
});

test('a white backdrop with dark vignetted corners is not lifted as if under-exposed', () => {
  const image = vignettedBackdrop(600, 800, 1, 0.3);
  const falloff = measureBackdropFalloff(image, [235, 235, 235], 24, CENTRE);
  assert.ok(falloff && Math.abs(falloff.centre - 1) < 0.02, `centre ${falloff?.centre}`);
  // The band's mean alone (235) would lift the product by a fifth.
  assert.ok(Math.abs(whiteBalanceFrom([235, 235, 235], falloff).gains[1] - 1) < 0.02);
});

/**
 * A photo with a flat grey (`border`) frame `frame` pixels wide around a middle of level `middle`, a
 * mid-red patch on it, and `specks` pure white pixels scattered over the middle (a bullet's speculars).
 */
function framedPhoto(border: number, middle: number, frame: number, specks = 0): { image: RgbImage; input: ExtractorInput } {
  const width = 400, height = 500;
  const data = new Uint8Array(width * height * 3);
  const region: Rect = { x: 150, y: 150, width: 100, height: 200 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const inFrame = x < frame || y < frame || x >= width - frame || y >= height - frame;
      const inPatch = x >= region.x && x < region.x + region.width && y >= region.y && y < region.y + region.height;
      if (inPatch) data.set([170, 60, 70], i);
      else data.fill(inFrame ? border : middle, i, i + 3);
    }
  }
  for (let k = 0; k < specks; k++) {
    const i = ((160 + (k % 80)) * width + 160 + Math.floor(k / 80)) * 3;
    data.fill(255, i, i + 3);
  }
  const image = { width, height, data };
  const input = { image, scale: 1, region, mask: new Uint8Array(width * height), whiteReference: [border, border, border], category: 'lipstick' } as ExtractorInput;
  return { image, input };
}

test('a photo that reaches white inside a grey frame (the grey edge some shops put around a white backdrop) is not lifted', () => {
  const { image, input } = framedPhoto(232, 255, 20);
  assert.equal(holdsExposureWhite(image), true);
  // The band alone (232, L* 92) would lift every shade by a gain of about 1.2.
  assert.deepEqual(whiteBalanceFor(input), { gains: [1, 1, 1], status: 'neutral' });
});

test('an evenly under-exposed photo holds no white, and the few specular pixels of a bullet do not count as white', () => {
  for (const specks of [0, 400]) {
    // 400 specks are 0.2 % of the frame, a glossy bullet's highlight.
    const { image, input } = framedPhoto(218, 218, 20, specks);
    assert.equal(holdsExposureWhite(image), false, `${specks} specks`);
    const { gains, status } = whiteBalanceFor(input);
    assert.equal(status, 'corrected');
    assert.ok(Math.abs(gains[1] - 0.925 / 0.7) < 0.03, `gain ${gains[1]} with ${specks} specks`);
  }
});
