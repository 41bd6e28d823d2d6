import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getExtractor } from '../../extraction/extractors/registry.ts';
import { deltaE2000, hexToLab } from '../../extraction/color-space.ts';
import { renderBullet, stripes } from './extractors/synthetic-bullet.ts';

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
