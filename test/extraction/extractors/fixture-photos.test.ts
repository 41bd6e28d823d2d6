/**
 * End to end on generated product photos: decode, the segmentation's backdrop and white reference,
 * then the extractors on the bullet given by its true region (so these numbers measure the
 * extractor, not the region finder).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePhoto } from '../../../extraction/index.ts';
import { deltaE2000 } from '../../../extraction/color-space.ts';
import { defaultSpec, renderPhoto, type PhotoSpec } from '../../fixtures/index.ts';

async function extract(overrides: Partial<PhotoSpec>, extractor = 'robust') {
  const { bytes, truth } = await renderPhoto(defaultSpec({ width: 900, height: 1200, noise: 1.5, ...overrides }));
  const { extraction } = await analyzePhoto(bytes, { extractor, regionOverride: truth.region, category: 'lipstick' });
  assert.ok(extraction, 'an extraction for a clean photo');
  return { extraction, truth };
}

test('a glossy bullet: robust gets the base within ΔE00 1 and the finish right; the plain mean is pulled off', async () => {
  const spec = { color: '#9e2c2c', finish: 'glossy' as const };
  const robust = await extract(spec);
  const average = await extract(spec, 'average');
  assert.ok(deltaE2000(robust.truth.color.lab, robust.extraction.color.lab) <= 1);
  assert.equal(robust.extraction.finish.value, 'glossy');
  assert.ok(deltaE2000(average.truth.color.lab, average.extraction.color.lab) > 1);
});

test('each finish is told apart on a photo', async () => {
  for (const finish of ['matte', 'satin', 'shiny', 'glossy'] as const) {
    const { extraction } = await extract({ color: '#d03370', finish });
    assert.equal(extraction.finish.value, finish);
  }
});

test('glitter on a photo: present, with coverage and particle size within 20 % of the rendered truth', async () => {
  const { extraction, truth } = await extract({
    color: '#951e53',
    finish: 'satin',
    glitter: { coverage: 0.12, sizeRel: 0.03, color: '#f2d27c' },
  });
  assert.equal(extraction.particles.present, true);
  const rel = (m: number, t: number) => Math.abs(m - t) / t;
  assert.ok(rel(extraction.particles.coverage, truth.particles.coverage) <= 0.2, `coverage ${extraction.particles.coverage}`);
  assert.ok(rel(extraction.particles.sizeRel, truth.particles.sizeRel) <= 0.2, `size ${extraction.particles.sizeRel}`);
  // Was ≤ 1 while the fixtures drew the bullet's middle flat in the exact colour; the Lambertian
  // cylinder they render now is exact only where it faces the light (1.2 measured): the clean set's p90 target.
  const dE = deltaE2000(truth.color.lab, extraction.color.lab);
  assert.ok(dE <= 2, `ΔE00 ${dE.toFixed(2)}`);
});

test('a photo 30 % under-exposed with a mild warm cast stays within ΔE00 2.5 thanks to the white backdrop', async () => {
  const { extraction, truth } = await extract({ color: '#c80f2e', finish: 'matte', exposure: 0.7, cast: { r: 1, g: 0.96, b: 0.9 } });
  assert.ok(deltaE2000(truth.color.lab, extraction.color.lab) <= 2.5);
});
