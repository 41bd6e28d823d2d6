import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { cleanSet, renderPhoto } from '../fixtures/index.ts';
import { deltaE2000, hexToLab, rgbFloatToLab } from '../../extraction/color-space.ts';
import { decodeForAnalysis, readFormatInfo } from '../../extraction/decode.ts';
import { toUpright } from '../../extraction/measurements/framing.ts';
import { segment, toExtractorInput } from '../../extraction/segmentation.ts';
import type { RgbImage } from '../../extraction/types.ts';
import { iou, photo } from './photo-cache.ts';
import { colourPartOfSubject } from '../../validators/standards.ts';

async function segmentBytes(bytes: Uint8Array, category = 'lipstick') {
  const decoded = await decodeForAnalysis(bytes, await readFormatInfo(bytes));
  const segmentation = segment(decoded.image, colourPartOfSubject(category));
  const region = segmentation.colorRegion ? toUpright(segmentation.colorRegion, decoded.scale) : null;
  const productBox = segmentation.productBox ? toUpright(segmentation.productBox, decoded.scale) : null;
  return { ...decoded, segmentation, region, productBox };
}

/** Mean CIELAB of the masked pixels. */
function maskedMeanLab(image: RgbImage, mask: Uint8Array) {
  const sum = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    for (let k = 0; k < 3; k++) sum[k] += image.data[i * 3 + k];
    n++;
  }
  return rgbFloatToLab(sum[0] / n, sum[1] / n, sum[2] / n);
}

// A spread of the clean set, at half size (the shapes do not depend on it): gold, black, silver,
// plum and same-colour cases, glossy stripes, swatches, EXIF orientations, Display P3, alpha.
const CLEAN_PICKS = [1, 3, 7, 9, 10, 11, 13, 19, 21, 22, 31, 43];

for (const index of CLEAN_PICKS) {
  const { name, spec } = cleanSet()[index];
  test(`the colour-bearing region of ${name} overlaps the truth with IoU ≥ 0.7`, async () => {
    const half = { ...spec, width: spec.width / 2, height: spec.height / 2 };
    const rendered = await renderPhoto(half);
    const { region, productBox, segmentation } = await segmentBytes(rendered.bytes, spec.kind);
    assert.ok(segmentation.backdrop.present, 'the white backdrop is recognised');
    assert.ok(region, 'a region is found');
    const overlap = iou(region, rendered.truth.region);
    assert.ok(overlap >= 0.7, `IoU ${overlap.toFixed(2)}: ${JSON.stringify(region)} vs ${JSON.stringify(rendered.truth.region)}`);
    assert.ok(iou(productBox!, rendered.truth.productBox) >= 0.9, 'the whole product box matches too');
  });
}

test('a bullet in a case of its own colour, without a collar, stops at the case shoulder', async () => {
  const rendered = await photo({ caseColor: '#b22146', collar: false, width: 600, height: 800 });
  const { region } = await segmentBytes(rendered.bytes);
  const overlap = iou(region!, rendered.truth.region);
  assert.ok(overlap >= 0.7, `IoU ${overlap.toFixed(2)}; the case below (${JSON.stringify(rendered.truth.productBox)}) must not be included`);
});

test('a pale nude bullet on a gold case is the region, not the more colourful case', async () => {
  const rendered = await photo({ color: '#d9a88f', caseColor: '#c9a44c', width: 600, height: 800 });
  const { region } = await segmentBytes(rendered.bytes);
  assert.ok(iou(region!, rendered.truth.region) >= 0.7);
});

test('a glossy bullet split by its full-length highlight is found whole, highlight inside', async () => {
  const rendered = await photo({ finish: 'glossy', color: '#9e2c2c', caseColor: '#6e1a32', width: 600, height: 800 });
  const { region } = await segmentBytes(rendered.bytes);
  const overlap = iou(region!, rendered.truth.region);
  assert.ok(overlap >= 0.85, `IoU ${overlap.toFixed(2)}: both halves of the bullet belong to it`);
});

test('a swatch smeared on cream paper is found against the paper', async () => {
  const rendered = await photo({ kind: 'swatch', background: '#f3ead8', color: '#a0304a', width: 600, height: 800 });
  const { region, segmentation } = await segmentBytes(rendered.bytes, 'swatch');
  assert.ok(segmentation.backdrop.present, 'the paper is the backdrop');
  assert.ok(iou(region!, rendered.truth.region) >= 0.7);
});

test('a close-up with no backdrop falls back to the central dominant colour', async () => {
  const rendered = await photo({ color: '#b22146', finish: 'matte', width: 600, height: 800 });
  const t = rendered.truth.region;
  // Only the bullet's body: the frame is filled with the shade, no backdrop anywhere.
  const closeUp = await sharp(rendered.bytes)
    .extract({ left: t.x + 20, top: t.y + 110, width: t.width - 40, height: t.height - 130 })
    .png()
    .toBuffer();
  const { image, segmentation } = await segmentBytes(closeUp);
  assert.equal(segmentation.backdrop.present, false);
  const lab = maskedMeanLab(image, segmentation.colorMask);
  // The cylinder shading darkens only the outer fifth on each side: the mean stays near the shade.
  assert.ok(deltaE2000(lab, hexToLab('#b22146')) < 6, `ΔE00 ${deltaE2000(lab, hexToLab('#b22146')).toFixed(1)}`);
});

test('the white backdrop becomes the white reference; a pink one does not', async () => {
  const white = await segmentBytes((await photo({ width: 600, height: 800 })).bytes);
  const input = toExtractorInput(white.image, white.scale, white.segmentation.colorMask, white.segmentation.backdrop, 'lipstick');
  assert.ok(input && input.whiteReference && input.whiteReference.every((v) => v > 250));
  assert.equal(input.mask.length, white.image.width * white.image.height);
  const pink = await segmentBytes((await photo({ background: '#f4b6c8', width: 600, height: 800 })).bytes);
  const pinkInput = toExtractorInput(pink.image, pink.scale, pink.segmentation.colorMask, pink.segmentation.backdrop, 'lipstick');
  assert.equal(pinkInput?.whiteReference, null);
});

test('outside lipstick, a polished gold cap is packaging, not a shade more colourful than a pale liquid', async () => {
  // The liquid-lipstick scene stands in for a foundation or nail-polish bottle: a pale liquid behind
  // clear plastic, and a gold part (chroma about 40, beside the liquid's 10–20) lying beside it.
  const { analyzePhoto } = await import('../../extraction/index.ts');
  const { defaultSpec } = await import('../fixtures/index.ts');
  for (const [category, color] of [['foundation', '#e8c3a4'], ['nail-polish', '#f2d0d6']]) {
    const spec = defaultSpec({ kind: 'liquid-lipstick', color, caseColor: '#c9a44c', finish: 'satin', width: 900, height: 1200, noise: 1.5 });
    const { extraction } = await analyzePhoto((await renderPhoto(spec)).bytes, { category, part: colourPartOfSubject(category) });
    assert.ok(extraction);
    // The liquid reads within about 0.7 of its colour; the gold lies 16 (beige) and 32 (pale pink) away.
    const dE = deltaE2000(extraction.color.lab, hexToLab(color));
    assert.ok(dE <= 2, `${category} ${color}: read ${extraction.color.hex} (ΔE00 ${dE.toFixed(1)})`);
  }
});

test('an eyeliner’s black or brown lead at the pencil’s point is the part, not the more colourful bare wood below it', async () => {
  // Standing, leaning and lying either way: the pencil is stood up point first, and the colour holding its tip wins.
  const cases = [
    { color: '#1e1e22', tiltDeg: 0, width: 600, height: 800 },
    { color: '#4a3326', tiltDeg: 7, width: 600, height: 800 },
    { color: '#4a3326', tiltDeg: 90, width: 800, height: 600 },
    { color: '#1e1e22', tiltDeg: -90, width: 800, height: 600 },
  ];
  for (const c of cases) {
    const rendered = await photo({ kind: 'pencil', finish: 'matte', caseColor: '#3c3c40', noise: 1, ...c });
    const { segmentation, region } = await segmentBytes(rendered.bytes, 'eyeliner');
    // The wood (#dcb98c) lies about 45 ΔE00 from either lead; the best candidate is the lead's colour.
    const best = segmentation.candidates[0];
    assert.ok(deltaE2000(best.lab, rendered.truth.color.lab) <= 3, `${JSON.stringify(c)}: chose ${JSON.stringify(best.lab)}`);
    // The region is the lead, inside the truth's box grown by a tenth of the pencil's width either way.
    const slack = 0.1 * Math.min(rendered.truth.productBox.width, rendered.truth.productBox.height);
    const t = rendered.truth.region;
    assert.ok(region, 'a region is found');
    assert.ok(
      region.x >= t.x - slack && region.y >= t.y - slack && region.x + region.width <= t.x + t.width + slack && region.y + region.height <= t.y + t.height + slack,
      `${JSON.stringify(c)}: region ${JSON.stringify(region)} beyond the lead ${JSON.stringify(t)}`,
    );
  }
});
