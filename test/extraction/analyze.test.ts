import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePhoto, measurePhoto } from '../../extraction/analyze.ts';
import { deltaE2000, hexToLab } from '../../extraction/color-space.ts';
import { COORDINATE_CONVENTION } from '../../extraction/types.ts';
import { iou, photo } from './photo-cache.ts';

const SMALL = { width: 600, height: 800 };

test('a clean photo yields the bullet region in upright pixels, with its convention, and its colour', async () => {
  const rendered = await photo(SMALL);
  const { extraction, measurements } = await analyzePhoto(rendered.bytes, { category: 'lipstick' });
  assert.ok(measurements.productFound);
  assert.ok(extraction);
  assert.equal(extraction.region.convention, COORDINATE_CONVENTION);
  assert.ok(iou(extraction.region, rendered.truth.region) >= 0.7);
  assert.equal(extraction.extractor.name, 'robust');
  assert.ok(deltaE2000(extraction.color.lab, rendered.truth.color.lab) < 3, extraction.color.hex);
});

test('an orientation-6 photo is measured upright: dimensions and region as seen', async () => {
  const rendered = await photo({ ...SMALL, exifOrientation: 6 });
  const { extraction, measurements } = await analyzePhoto(rendered.bytes);
  assert.equal(measurements.width, 600);
  assert.equal(measurements.height, 800);
  assert.equal(measurements.format.orientation, 6);
  assert.ok(iou(extraction!.region, rendered.truth.region) >= 0.7, JSON.stringify(extraction!.region));
  assert.ok(Math.abs(measurements.angle.tiltDeg) <= 1, 'upright once oriented');
});

test('a Display P3 photo keeps a near-white backdrop and its shade converts to sRGB', async () => {
  const rendered = await photo({ ...SMALL, profile: 'p3', color: '#c0162c' });
  const { extraction, measurements } = await analyzePhoto(rendered.bytes);
  assert.ok(measurements.background.nearWhiteShare > 0.99);
  assert.ok(deltaE2000(extraction!.color.lab, hexToLab('#c0162c')) < 3, extraction!.color.hex);
});

test('the baseline extractor can be chosen by name; an unknown name is refused', async () => {
  const bytes = (await photo(SMALL)).bytes;
  const { extraction } = await analyzePhoto(bytes, { extractor: 'average' });
  assert.equal(extraction!.extractor.name, 'average');
  await assert.rejects(analyzePhoto(bytes, { extractor: 'magic' }), { code: 'UNKNOWN_EXTRACTOR' });
});

test('further extractors measure the same decode and region: each reads as it would alone', async () => {
  const bytes = (await photo(SMALL)).bytes;
  const both = await analyzePhoto(bytes, { extractor: 'robust', alsoExtractors: ['average'] });
  const alone = await analyzePhoto(bytes, { extractor: 'average' });
  assert.equal(both.extraction!.extractor.name, 'robust');
  const average = both.alternates?.average;
  assert.ok(average, JSON.stringify(both.alternates));
  assert.equal(average.extractor.name, 'average');
  // The same region and the same reading as a whole analysis run with it (the baseline differs from robust).
  assert.deepEqual(average.region, alone.extraction!.region);
  assert.deepEqual(average.color, alone.extraction!.color);
  assert.ok(deltaE2000(average.color.lab, both.extraction!.color.lab) > 0.5, 'two readings, not one copied');
  assert.equal(both.alternateFailures, undefined);
  await assert.rejects(analyzePhoto(bytes, { alsoExtractors: ['magic'] }), { code: 'UNKNOWN_EXTRACTOR' });
});

test('a region drawn by a person replaces the automatic one', async () => {
  const rendered = await photo(SMALL);
  const t = rendered.truth.region;
  // The lower half of the bullet, with some backdrop on each side: the backdrop is left out.
  const override = { x: t.x - 20, y: t.y + t.height / 2, width: t.width + 40, height: t.height / 2 };
  const { extraction } = await analyzePhoto(rendered.bytes, { regionOverride: override });
  assert.deepEqual({ ...extraction!.region, convention: undefined }, { ...override, convention: undefined });
  assert.ok(deltaE2000(extraction!.color.lab, rendered.truth.color.lab) < 3, extraction!.color.hex);
});

test('overlays come at analysis scale with the product mask', async () => {
  const { overlays } = await analyzePhoto((await photo(SMALL)).bytes, { withOverlays: true });
  assert.ok(overlays);
  assert.equal(overlays.scale, 1);
  assert.equal(overlays.product!.length, overlays.width * overlays.height);
  assert.ok(overlays.product!.some((v) => v === 1));
});

test('no overlays unless asked for', async () => {
  const analysis = await analyzePhoto((await photo(SMALL)).bytes);
  assert.equal(analysis.overlays, undefined);
});

test('measurePhoto gives the same measurements without extracting', async () => {
  const bytes = (await photo(SMALL)).bytes;
  assert.deepEqual(await measurePhoto(bytes), (await analyzePhoto(bytes)).measurements);
});

test('an HTML file is refused before anything is measured', async () => {
  await assert.rejects(analyzePhoto(Buffer.from('<html><body>not a photo</body></html>')), { code: 'UNSUPPORTED_TYPE' });
});

test('a photo of a blank backdrop has no product and no extraction', async () => {
  const sharp = (await import('sharp')).default;
  const blank = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
  const { measurements, extraction } = await analyzePhoto(blank);
  assert.equal(measurements.productFound, false);
  assert.equal(extraction, null);
});

// Why the light set's +30 % rows over a pure-white backdrop stay above ΔE00 2.5: such a photo is, pixel for
// pixel, a correctly exposed photo of a shade 1.3× lighter in linear light (the backdrop clips at 255 in
// both). Whatever an extractor reports for the one it reports for the other, and the two truths are
// ΔE00 5.7 apart. With anything left of the backdrop below white (vignetted corners, an off-white sweep)
// the exposure is read from it instead (see the hard set's over-exposed photo).
test('on a clipped white backdrop, 30 % over-exposure cannot be told from a lighter shade', async () => {
  const { default: sharp } = await import('sharp');
  const { defaultSpec, renderPhoto } = await import('../fixtures/index.ts');
  const over = await renderPhoto(defaultSpec({ color: '#c0392b', exposure: 1.3, noise: 1.5, finish: 'satin' }));
  // #c0392b with every channel 1.3× in linear light.
  const lighter = await renderPhoto(defaultSpec({ color: '#d84132', exposure: 1, noise: 1.5, finish: 'satin' }));
  const [a, b] = await Promise.all([over, lighter].map((p) => sharp(p.bytes).raw().toBuffer()));
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference += Math.abs(a[i] - b[i]);
  // Two independent renders with sensor noise σ 1.5 differ by about 1.7 on average where nothing else differs:
  // below 2, what is left is noise (measured: 1.1, the clipped backdrop being noiseless).
  assert.ok(difference / a.length < 2, `mean difference ${(difference / a.length).toFixed(2)} of 255`);
  const [measuredOver, measuredLighter] = await Promise.all([over, lighter].map(async (p) => (await analyzePhoto(p.bytes)).extraction!.color.lab));
  // A tenth of the gap between the truths below: nothing in the pixels tells the two apart (measured: 0.03).
  assert.ok(deltaE2000(measuredOver, measuredLighter) < 0.5, 'the two photos measure alike');
  // The light set's bound is 2.5: no single reading is within it of both truths (5.65 apart).
  assert.ok(deltaE2000(over.truth.color.lab, lighter.truth.color.lab) > 5, 'while their shades are far apart');
});
