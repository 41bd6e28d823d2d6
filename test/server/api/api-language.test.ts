import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { apiSubmit, bearer, brandWithToken, createAnalyseOnceInspector, photoBytes } from './api-test-kit.ts';
import { createSchemaChecker } from './openapi-check.ts';

let portal: TestPortal;
let brand: { token: string };
let small: Buffer;
let check: ReturnType<typeof createSchemaChecker>;

before(async () => {
  portal = await startTestPortal({}, { inspector: createAnalyseOnceInspector() });
  check = createSchemaChecker((await request(portal.url).get('/api/v1/openapi.json')).body);
  brand = await brandWithToken(portal, 'Lumiere');
  // 600 × 800: below the 1000 px resolution floor, so the standards refuse it.
  small = await photoBytes({ width: 600, height: 800 });
});

after(() => portal.cleanup());

describe('the API in the caller’s Accept-Language', () => {
  it('answers an error in German with the same code and help', async () => {
    const english = await request(portal.url).get('/api/v1/submissions').set('Authorization', `Bearer sg_brand_${'A'.repeat(43)}`);
    const german = await request(portal.url).get('/api/v1/submissions').set('Authorization', `Bearer sg_brand_${'A'.repeat(43)}`).set('Accept-Language', 'de-DE,de;q=0.9,en;q=0.5');
    assert.equal(german.status, 401);
    assert.equal(german.body.error.code, english.body.error.code);
    assert.equal(english.body.error.message, 'That token is unknown or has been revoked.');
    assert.equal(german.body.error.message, 'Dieses Token ist unbekannt oder wurde widerrufen.');
    assert.match(german.body.error.help, /Einstellungen → API-Tokens/);
  });

  it('says a coded error without words of its own in the language’s words for the code', async () => {
    const res = await request(portal.url).get('/api/v1/submissions/00000000-0000-4000-8000-000000000000').set(bearer(brand.token)).set('Accept-Language', 'ja');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'NOT_FOUND');
    assert.equal(res.body.error.message, '存在しないか、アクセス権がありません。');
  });

  it('gives the findings of a submission in German with the same rule ids, and the schema still holds', async () => {
    const res = await apiSubmit(portal, brand.token, { shadeCode: 'de-1' }, [{ bytes: small, fileName: 'lumiere_silk-matte_de-1_front.jpg', view: 'front' }]).set('Accept-Language', 'de');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(check('Submission', res.body), []);
    assert.match(res.body.summary, /^Abgelehnt: Auflösung/);
    const resolution = res.body.photos[0].findings.find((f: { rule: string }) => f.rule === 'resolution');
    assert.equal(resolution.status, 'fail');
    assert.equal(resolution.measured, 800);
    assert.match(resolution.message, /^Das Foto misst 600 × 800 px/);
    assert.match(resolution.threshold, /^nicht bestanden unter 1000 px/);
    assert.equal(Object.keys(resolution).sort().join(','), 'fix,measured,message,rule,status,threshold,unit');
    const english = await request(portal.url).get(`/api/v1/submissions/${res.body.id}`).set(bearer(brand.token));
    assert.match(english.body.photos[0].findings.find((f: { rule: string }) => f.rule === 'resolution').message, /^The photo is 600 × 800 px/);
  });

  it('renders a page’s error in the visitor’s language too', async () => {
    const res = await request(portal.url).get('/no-such-page').set('Accept', 'text/html').set('Accept-Language', 'de');
    assert.equal(res.status, 404);
    assert.match(res.text, /<html lang="de" dir="ltr">/);
    assert.match(res.text, /Nicht gefunden/);
    assert.match(res.text, /Diese Seite gibt es nicht\./);
  });
});
