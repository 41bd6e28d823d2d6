import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { VIEWS_DIR } from '../../../server/app.ts';
import { createLocalisation, fromAcceptLanguage, LANGUAGES, readCatalog } from '../../../server/i18n/i18n.ts';
import { createViewRenderer } from '../../../server/views/renderer.ts';

const LOCALES = path.join(VIEWS_DIR, 'locales');

describe('localisation', () => {
  it('has every English key in every language, and no key English lacks', () => {
    const catalog = readCatalog(LOCALES);
    const english = catalog.en;
    for (const language of LANGUAGES) {
      for (const [ns, messages] of Object.entries(english)) {
        const other = catalog[language][ns] ?? {};
        const missing = Object.keys(messages).filter((k) => typeof other[k] !== 'string' || other[k].trim() === '');
        assert.deepEqual(missing, [], `${language}/${ns}.json lacks ${missing.join(', ')}`);
      }
      for (const [ns, messages] of Object.entries(catalog[language])) {
        const extra = Object.keys(messages).filter((k) => !(k in (english[ns] ?? {})));
        assert.deepEqual(extra, [], `${language}/${ns}.json has keys English does not: ${extra.join(', ')}`);
      }
    }
  });

  it('keeps every placeholder of the English message in each translation', () => {
    const catalog = readCatalog(LOCALES);
    const placeholders = (m: string) => [...m.matchAll(/\{(\w+)[,}]/g)].map((x) => x[1]).sort();
    for (const language of LANGUAGES)
      for (const [ns, messages] of Object.entries(catalog.en))
        for (const [key, message] of Object.entries(messages)) {
          const translated = catalog[language][ns]?.[key];
          if (translated === undefined) continue;
          assert.deepEqual([...new Set(placeholders(translated))], [...new Set(placeholders(message))], `${language} ${ns}:${key}`);
        }
  });

  it('formats ICU plurals by each language’s rules', () => {
    const l = createLocalisation({ localesDir: LOCALES });
    assert.equal(l.translator('en').t('common:photos.count', { count: 1 }), '1 photo');
    assert.equal(l.translator('en').t('common:photos.count', { count: 3 }), '3 photos');
    assert.equal(l.translator('ar').t('common:photos.count', { count: 2 }), 'صورتان');
    assert.equal(l.translator('ar').t('common:photos.count', { count: 3 }), '3 صور');
    assert.equal(l.translator('de').number(1234.5), '1.234,5');
    assert.equal(l.translator('ar').dir, 'rtl');
    assert.equal(l.translator('ja').dir, 'ltr');
  });

  it('negotiates: the user’s choice, else Accept-Language by q-value, else English', () => {
    const l = createLocalisation({ localesDir: LOCALES });
    assert.equal(l.negotiate('ja', 'de'), 'ja');
    assert.equal(l.negotiate('xx', 'de-AT,en;q=0.5'), 'de');
    assert.equal(l.negotiate(undefined, 'en;q=0.4, pt;q=0.9'), 'pt-BR');
    assert.equal(fromAcceptLanguage('zh-Hant-TW, zh;q=0.5'), 'zh-CN');
    assert.equal(fromAcceptLanguage('zh-TW'), null);
    assert.equal(fromAcceptLanguage('ar-EG'), 'ar');
    assert.equal(fromAcceptLanguage('ko, *;q=0.1'), null);
    assert.equal(l.negotiate(null, 'ko'), 'en');
  });

  it('renders the layout in the request’s language and direction', () => {
    const views = createViewRenderer(VIEWS_DIR);
    const html = views.render('error', { locale: 'ar', dir: 'rtl', title: 'x', heading: 'x', message: 'x' });
    assert.match(html, /<html lang="ar" dir="rtl">/);
    assert.match(html, /انتقل إلى المحتوى/);
  });
});
