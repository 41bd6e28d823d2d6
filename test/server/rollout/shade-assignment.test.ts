import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planFor } from '../../../server/rollout/rollout-service.ts';
import { assignedToChallenger, shadeBucket, type ShadeIdentity } from '../../../server/rollout/shade-assignment.ts';

/** 10,000 synthetic shades: 100 brands × 100 shade codes, as catalogues name them. */
const SHADES: ShadeIdentity[] = Array.from({ length: 10_000 }, (_, i) => ({
  brandId: `00000000-0000-4000-8000-${String(Math.floor(i / 100)).padStart(12, '0')}`,
  productLine: ['Silk Matte', 'Velvet Lip', 'Glass Gloss', 'Satin Stick'][i % 4],
  shadeCode: `NU-${String(i % 100).padStart(2, '0')}`,
}));

const rollout = (challengerPercent: number, mode: 'split' | 'shadow' = 'split') => ({ marketplace: 'JP', serving: 'robust', challenger: 'average', challengerPercent, mode });

describe('shade assignment', () => {
  for (const percent of [50, 80]) {
    it(`puts ${percent} % of 10,000 shades on the challenger's side, within ±1.5 points`, () => {
      const onChallenger = SHADES.filter((s) => planFor(rollout(percent), s, 'robust').served.extractor === 'average').length;
      const share = (onChallenger / SHADES.length) * 100;
      assert.ok(Math.abs(share - percent) <= 1.5, `${share.toFixed(2)} % on the challenger at ${percent} %`);
    });
  }

  it('keeps a shade on its side whatever the case or spacing of its line and code', () => {
    for (const s of SHADES.slice(0, 500)) {
      const again = { brandId: s.brandId, productLine: `  ${s.productLine.toUpperCase().replace(' ', '   ')} `, shadeCode: s.shadeCode.toLowerCase() };
      assert.equal(shadeBucket(again, 'JP'), shadeBucket(s, 'JP'));
    }
  });

  it('spreads positions uniformly over [0, 1) (ten deciles each within 10 ± 1.5 %)', () => {
    const deciles = new Array(10).fill(0);
    for (const s of SHADES) {
      const b = shadeBucket(s, 'JP');
      assert.ok(b >= 0 && b < 1);
      deciles[Math.floor(b * 10)]++;
    }
    for (const n of deciles) assert.ok(Math.abs(n / 100 - 10) <= 1.5, `decile holds ${n / 100} %`);
  });

  it('only moves shades towards the challenger when its share grows (50 → 80 → 100)', () => {
    for (const s of SHADES) {
      const b = shadeBucket(s, 'JP');
      if (assignedToChallenger(b, 50)) assert.ok(assignedToChallenger(b, 80));
      assert.ok(assignedToChallenger(b, 100));
      assert.ok(!assignedToChallenger(b, 0));
    }
  });

  it('salts by marketplace, so two marketplaces do not pick the same shades', () => {
    const both = SHADES.filter((s) => assignedToChallenger(shadeBucket(s, 'JP'), 50) && assignedToChallenger(shadeBucket(s, 'US'), 50)).length;
    // Independent halves overlap on about a quarter of the shades.
    assert.ok(Math.abs(both / SHADES.length - 0.25) < 0.02, `${both} shades on both challengers`);
  });

  it('in shadow mode serves the serving extractor and runs the challenger beside it on the challenger’s share', () => {
    const plans = SHADES.map((s) => planFor(rollout(50, 'shadow'), s, 'robust'));
    assert.ok(plans.every((p) => p.served.extractor === 'robust' && p.served.arm === 'serving'));
    const shadowed = plans.filter((p) => p.shadow?.extractor === 'average').length / plans.length;
    assert.ok(Math.abs(shadowed - 0.5) <= 0.015);
  });

  it('serves the configured extractor alone when the shade targets no marketplace', () => {
    assert.deepEqual(planFor(null, SHADES[0], 'robust').served, { extractor: 'robust', arm: 'serving' });
  });
});
