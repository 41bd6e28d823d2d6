import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getExtractor } from '../../extraction/extractors/registry.ts';
import { deltaE2000, hexToLab } from '../../extraction/color-space.ts';
import { renderBullet, stripes } from './extractors/synthetic-bullet.ts';
import { analyzePhoto } from '../../extraction/index.ts';
import { photo } from './photo-cache.ts';
import { colourPartOfSubject } from '../../validators/standards.ts';

const robust = getExtractor('robust');
const GOLD = '#e8c060';

test('gold particles covering 20 % of the bullet are found, with coverage and size within 20 %', () => {
  const diameterRel = 0.04;
  const { input, glitterCoverage } = renderBullet({ width: 400, height: 480, glitter: { coverage: 0.2, diameterRel, color: GOLD } });
  const { particles } = robust.extract(input);
  assert.equal(particles.present, true);
  // Truth is the coverage as rendered (discs overlap, so slightly below the requested 0.2).
  assert.ok(Math.abs(particles.coverage - glitterCoverage) / glitterCoverage <= 0.2, `coverage ${particles.coverage} vs ${glitterCoverage}`);
  assert.ok(Math.abs(particles.sizeRel - diameterRel) / diameterRel <= 0.2, `sizeRel ${particles.sizeRel}`);
  assert.ok(particles.count > 20);
  assert.ok(particles.color && deltaE2000(hexToLab(particles.color), hexToLab(GOLD)) < 5);
});

test('sparse silver glitter (5 %) on a glossy bullet is found without counting the stripe as particles', () => {
  const { input, glitterCoverage } = renderBullet({
    width: 400,
    height: 480,
    stripe: stripes.glossy,
    glitter: { coverage: 0.05, diameterRel: 0.03, color: '#e6e6ea' },
  });
  const { particles, finish } = robust.extract(input);
  assert.equal(particles.present, true);
  assert.ok(Math.abs(particles.coverage - glitterCoverage) / glitterCoverage <= 0.25, `coverage ${particles.coverage} vs ${glitterCoverage}`);
  assert.equal(finish.value, 'glossy');
});

test('noise and highlight stripes alone are not glitter', () => {
  for (const stripe of [null, stripes.satin, stripes.shiny, stripes.glossy]) {
    const { particles, glitterMask } = robust.extract(renderBullet({ stripe, noise: 2.5 }).input);
    assert.equal(particles.present, false, JSON.stringify(stripe));
    assert.equal(particles.color, null);
    assert.equal(glitterMask?.some((v) => v === 1), false);
  }
});

// Fixture photos at 600 × 800: a lipstick lying at an angle, its highlight stripe slanting across
// the grid, and a close-up whose stripe fades out at the frame's edge.
const TILTED = { width: 600, height: 800, productSpan: 0.7, noise: 1.5 } as const;

test('a shiny or satin lipstick lying at 15° to 60° shows no glitter: its slanting stripe is not particles', async () => {
  for (const [tiltDeg, finish, color] of [[15, 'shiny', '#c80f2e'], [-35, 'satin', '#d1918d'], [45, 'shiny', '#951e53'], [60, 'shiny', '#ed695d']] as const) {
    const { bytes } = await photo({ ...TILTED, tiltDeg, finish, color });
    const { extraction } = await analyzePhoto(bytes, { category: 'lipstick' });
    assert.equal(extraction?.particles.present, false, `${tiltDeg}° ${finish}: ${JSON.stringify(extraction?.particles)}`);
  }
});

test('glitter on a lipstick lying at 45° is still found, with its coverage within 30 %', async () => {
  const { bytes, truth } = await photo({ ...TILTED, tiltDeg: 45, finish: 'shiny', color: '#951e53', glitter: { coverage: 0.18, sizeRel: 0.04, color: '#ffc4dc' } });
  const { extraction } = await analyzePhoto(bytes, { category: 'lipstick' });
  assert.equal(extraction?.particles.present, true);
  const error = Math.abs(extraction!.particles.coverage - truth.particles.coverage) / truth.particles.coverage;
  assert.ok(error <= 0.3, `coverage ${extraction!.particles.coverage} vs ${truth.particles.coverage}`);
});

test('a satin close-up filling the frame shows no glitter where its stripe fades out at the frame edge', async () => {
  const { bytes } = await photo({ width: 600, height: 800, color: '#e84632', finish: 'satin', productSpan: 5, offset: { x: 0, y: 1.35 }, noise: 1.5 });
  const { extraction } = await analyzePhoto(bytes, { category: 'lipstick' });
  assert.equal(extraction?.particles.present, false, JSON.stringify(extraction?.particles));
});

test('the glints of a glossy smear with strong drag ridges are not glitter, nor is the grain of a thick matte cream', async () => {
  // Reported: a smear read "with glitter, 3027 particles". The softbox mirrored by a ridged glossy
  // film breaks into hundreds of white specks crowded where the light mirrors (461 before glints
  // were told apart); a matte cream's grain only shades its facets.
  for (const [finish, color, relief] of [['glossy', '#9e2c2c', 2], ['matte', '#f3cfb3', 3]] as const) {
    const { bytes } = await photo({ kind: 'swatch', color, finish, relief, width: 600, height: 800, noise: 1.5 });
    const { extraction } = await analyzePhoto(bytes, { category: 'swatch', part: colourPartOfSubject('swatch') });
    assert.equal(extraction?.particles.present, false, `${finish}: ${JSON.stringify(extraction?.particles)}`);
    assert.equal(extraction?.finish.value, finish);
  }
});

test('sparse white glitter on a glossy smear is still found: flakes sparkle all over, not only where the light mirrors', async () => {
  const { bytes, truth } = await photo({ kind: 'swatch', color: '#9e2c2c', finish: 'glossy', relief: 2, width: 600, height: 800, noise: 1.5, glitter: { coverage: 0.05, sizeRel: 0.03, color: '#f4f4f6' } });
  const { extraction } = await analyzePhoto(bytes, { category: 'swatch', part: colourPartOfSubject('swatch') });
  assert.equal(extraction?.particles.present, true);
  const error = Math.abs(extraction!.particles.coverage - truth.particles.coverage) / truth.particles.coverage;
  assert.ok(error <= 0.4, `coverage ${extraction!.particles.coverage} vs ${truth.particles.coverage}`);
});

test('dense fine flakes covering a third of a lacquer or a pan (a metallic) are found, with the colour under them', async () => {
  // So dense that the block medians follow the flakes: found by splitting the region's lightness in two.
  const metallic = { coverage: 0.35, sizeRel: 0.012, color: '#e8d9b0' };
  const scenes = [
    { category: 'nail-polish', spec: { kind: 'bottle', color: '#b3123a', finish: 'glossy', caseColor: '#1c1c1e', width: 600, height: 800 } },
    { category: 'eyeshadow', spec: { kind: 'compact', color: '#8a4f3a', finish: 'matte', caseColor: '#1c1c1e', width: 800, height: 600, productSpan: 0.7 } },
  ] as const;
  for (const { category, spec } of scenes) {
    const { bytes, truth } = await photo({ ...spec, noise: 1, glitter: metallic });
    const { extraction } = await analyzePhoto(bytes, { category, part: colourPartOfSubject(category) });
    assert.ok(extraction);
    const { particles } = extraction;
    assert.equal(particles.present, true, category);
    // Touching flakes merge and their rims fall either side: coverage within 30 %, size within 20 %.
    assert.ok(Math.abs(particles.coverage - truth.particles.coverage) / truth.particles.coverage <= 0.3, `${category}: coverage ${particles.coverage} vs ${truth.particles.coverage}`);
    assert.ok(Math.abs(particles.sizeRel - metallic.sizeRel) / metallic.sizeRel <= 0.2, `${category}: sizeRel ${particles.sizeRel}`);
    // The lacquer or the pan is the part, not the black cap or case (it was, before the shade's specks were bridged).
    assert.ok(deltaE2000(extraction.color.lab, truth.color.lab) <= 1.5, `${category}: ${extraction.color.hex}`);
  }
});
