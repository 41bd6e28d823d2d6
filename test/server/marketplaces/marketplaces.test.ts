import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../../../server/i18n/i18n.ts';
import { MARKETPLACES, marketplaceName, standardsForMarketplace, standardsForMarketplaces, UnknownMarketplaceError } from '../../../server/marketplaces/marketplaces.ts';
import { requestedCodes } from '../../../server/marketplaces/marketplace-repository.ts';
import { standardsFor } from '../../../validators/standards.ts';

describe('marketplaces', () => {
  it('lists 18 marketplaces, each with a portal language, a locale and a currency Intl knows', () => {
    assert.equal(MARKETPLACES.length, 18);
    assert.equal(new Set(MARKETPLACES.map((m) => m.code)).size, 18);
    for (const m of MARKETPLACES) {
      assert.ok((LANGUAGES as readonly string[]).includes(m.language), m.code);
      assert.equal(Intl.NumberFormat.supportedLocalesOf([m.locale]).length, 1, m.locale);
      assert.doesNotThrow(() => new Intl.NumberFormat(m.locale, { style: 'currency', currency: m.currency }).format(1), m.currency);
    }
  });

  it('merges a marketplace’s differing limits over the category’s, and only those', () => {
    const jp = standardsForMarketplace('lipstick', 'JP');
    const base = standardsFor('lipstick');
    assert.equal(jp.resolution.failBelowPx, 1200);
    assert.equal(jp.resolution.warnBelowPx, 2000);
    assert.deepEqual(jp.swatch, base.swatch);
    assert.deepEqual(standardsForMarketplace('foundation', 'US'), standardsFor('foundation'));
    const cn = standardsForMarketplace('foundation', 'CN');
    assert.equal(cn.framing.warnBelowSpanShare, 0.9);
    assert.equal(cn.framing.failBelowSpanShare, base.framing.failBelowSpanShare);
    assert.throws(() => standardsForMarketplace('lipstick', 'XX'), (e: UnknownMarketplaceError) => e.code === 'UNKNOWN_MARKETPLACE');
  });

  it('names marketplaces in each portal language', () => {
    assert.equal(marketplaceName('JP', 'de'), 'Japan');
    assert.equal(marketplaceName('JP', 'ja'), '日本');
    assert.equal(marketplaceName('DE', 'fr'), 'Allemagne');
    assert.equal(marketplaceName('AE', 'ar'), 'الإمارات العربية المتحدة');
  });

  it('reads the requested marketplaces as a form, the API or a CSV sends them', () => {
    assert.deepEqual(requestedCodes(['jp', 'US']), ['JP', 'US']);
    assert.deepEqual(requestedCodes('JP, us;GB'), ['JP', 'US', 'GB']);
    assert.deepEqual(requestedCodes(undefined), []);
  });
});

describe('standards for several marketplaces', () => {
  it('takes each limit at its strictest: the highest floor, the lowest ceiling', () => {
    const jpCn = standardsForMarketplaces('lipstick', ['CN', 'JP']);
    assert.equal(jpCn.resolution.failBelowPx, 1200);
    assert.equal(jpCn.framing.warnBelowSpanShare, 0.9);
    assert.equal(jpCn.framing.failWhenCut, true);
    assert.deepEqual(jpCn.swatch, standardsFor('lipstick').swatch);
    assert.deepEqual(standardsForMarketplaces('lipstick', ['US', 'GB']), standardsFor('lipstick'));
    assert.deepEqual(standardsForMarketplaces('foundation', []), standardsFor('foundation'));
  });
});
