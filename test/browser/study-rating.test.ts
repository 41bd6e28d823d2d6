import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { hexToLab } from '../../extraction/color-space.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../support/browserless-client.ts';
import { named, submissionIdFrom } from '../support/submission-helpers.ts';
import { createBrandUser, createStaff, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { BARE_LIPS, faceJpeg, labAtDistance, LIP_OUTLINE } from '../server/studies/study-fixtures.ts';
import { chromiumInstalled, launchBrowser, localhostUrl, logIn, openPage, screenshot } from './browser-harness.ts';

/**
 * A rater opens an invitation link in a real browser and scores a whole study. Everything the
 * rater's browser receives (HTML, scripts, styles, images' headers, redirects) is recorded, and none
 * of it may name a source: which picture came from which renderer stays hidden.
 */

const SOURCE_WORDS = [/robust/i, /averag/i, /declared/i, /baseline/i, /\boutside\b/i, /extractor/i, /\blabel/i];
const SHADE = '#b22146';

let portal: TestPortal;
let browser: Browser;
let baseUrl: string;
let token: string;
let lipsPage: string;
let researcherLogin: { email: string; password: string };

const post = (client: Client, url: string, fields: Record<string, string | number> = {}) => client.post(url).type('form').send({ _csrf: client.csrf, ...fields });
const upload = (client: Client, url: string, bytes: Buffer) => client.post(url).field('_csrf', client.csrf).attach('front', bytes, 'photo.jpg');

before(async () => {
  if (!chromiumInstalled()) return;
  portal = await startTestPortal();
  baseUrl = localhostUrl(portal.port);
  browser = await launchBrowser();
  const b = await createBrandUser(portal, 'Lumiere');
  const brand = await login(portal, b.email, b.password);
  const photo = await renderPhoto(defaultSpec({ width: 750, height: 1000, color: SHADE }));
  const submitted = await submitShade(brand, defaultFields({ shadeCode: 'br-1', swatchHex: SHADE }), [named(photo.bytes, 'br-1')]);
  const photoId = (await portal.db('submissions').where({ id: submissionIdFrom(submitted.headers.location) }).first()).best_photo_id;
  const r = await createStaff(portal, 'researcher');
  researcherLogin = r;
  const researcher = await login(portal, r.email, r.password);
  const studyId = (await post(researcher, '/studies', { title: 'Browser study' })).headers.location.split('/').pop();
  await post(researcher, `/studies/${studyId}/shades`, { photoId });
  const shadeId = (await portal.db('study_shades').where({ study_id: studyId }).first()).id;
  for (const monk of [2, 8]) {
    await post(researcher, `/studies/${studyId}/models`, { monk, consent: 'yes' });
  }
  for (const model of await portal.db('study_models').where({ study_id: studyId })) {
    await upload(researcher, `/studies/${studyId}/models/${model.id}/bare`, await faceJpeg(BARE_LIPS));
    await post(researcher, `/studies/${studyId}/models/${model.id}/lips`, { points: LIP_OUTLINE.map(([x, y]) => `${x},${y}`).join(' ') });
    await upload(researcher, `/studies/${studyId}/models/${model.id}/shades/${shadeId}/reference`, await faceJpeg(hexToLab(SHADE)));
    await upload(researcher, `/studies/${studyId}/models/${model.id}/shades/${shadeId}/outside`, await faceJpeg(labAtDistance(hexToLab(SHADE), 12)));
  }
  lipsPage = `/studies/${studyId}/models/${(await portal.db('study_models').where({ study_id: studyId }).first()).id}/lips`;
  assert.equal((await post(researcher, `/studies/${studyId}/render`)).status, 303);
  token = /\/rate\/([A-Za-z0-9_-]+)"/.exec((await post(researcher, `/studies/${studyId}/raters`)).text)![1];
});

after(async () => {
  await browser?.close();
  await portal?.cleanup();
});

describe('a rater with an invitation link', { skip: !chromiumInstalled() && 'chromium is not installed' }, () => {
  it('scores the whole study in their language and never receives a source’s name', async () => {
    const { page, problems } = await openPage(browser, baseUrl, { locale: 'fr-FR' });
    const seen: Array<{ url: string; status: number; headers: string; body: string; type: string }> = [];
    const pending: Array<Promise<void>> = [];
    page.on('response', (response) => {
      pending.push(
        (async () => {
          const type = response.headers()['content-type'] ?? '';
          const textual = /text|javascript|json|svg|css/.test(type);
          const body = textual && response.status() < 300 ? await response.text().catch(() => '') : '';
          seen.push({ url: response.url(), status: response.status(), headers: JSON.stringify(await response.allHeaders()), body, type });
        })(),
      );
    });

    await page.goto(`/rate/${token}`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    let sets = 0;
    while (await page.locator('form.rate-form').count()) {
      const groups = page.locator('fieldset.rate-candidate');
      const n = await groups.count();
      assert.ok(n >= 2, 'each set shows several pictures');
      for (let i = 0; i < n; i++) await groups.nth(i).getByRole('radio', { name: '8', exact: true }).check();
      if (sets === 0) await screenshot(page, 'study-rating-set');
      await Promise.all([page.waitForURL(/\/rate\//), page.getByRole('button', { name: 'Enregistrer et continuer' }).click()]);
      await page.waitForLoadState('load');
      if (++sets > 10) throw new Error('the study never ended');
    }
    assert.equal(sets, 2, 'one set per model and shade');
    assert.match(await page.locator('main').innerText(), /Merci : vous avez noté toutes les images/);
    await screenshot(page, 'study-rating-done');
    await Promise.all(pending);

    assert.ok(seen.some((r) => r.type.startsWith('image/jpeg')), 'pictures were loaded');
    assert.ok(seen.some((r) => r.type.startsWith('text/html') && r.body.includes('rate-form')), 'rating pages were recorded');
    for (const r of seen) {
      // HTML's own words (<label>, aria-label, data-label in the shared stylesheet) are grammar, not a source's name.
      let body = r.body.replace(/<\/?label\b/gi, '<').replace(/\b(aria|data)-label(ledby)?\b/gi, '');
      // The shared stylesheet styles the <label> element and aligns text to its baseline: CSS, not a source.
      if (r.type.startsWith('text/css')) body = body.replace(/\blabel\.button\b/g, '').replace(/align-items:\s*baseline/gi, '');
      const text = `${r.url}\n${r.headers}\n${body}`;
      for (const word of SOURCE_WORDS) assert.doesNotMatch(text, word, `${word} in ${r.url}`);
      // A picture's ETag (a hash of its bytes) would tell the reference shown as a candidate from the rest.
      if (r.type.startsWith('image/jpeg')) assert.doesNotMatch(r.headers, /"etag"/i, `no ETag on ${r.url}`);
    }
    // Pictures are named by ids that differ from rater to rater and say nothing: no file name, no source.
    const pictures = seen.filter((r) => r.type.startsWith('image/jpeg')).map((r) => new URL(r.url).pathname);
    assert.ok(pictures.every((p) => /^\/rate\/[A-Za-z0-9_-]+\/img\/[A-Za-z0-9_-]{24}$/.test(p)), pictures.join(' '));
    assert.deepEqual(problems, []);
  });
});

describe('the researcher’s lip outline editor', { skip: !chromiumInstalled() && 'chromium is not installed' }, () => {
  it('adds a point per click on the photo to the outline (no inline script needed)', async () => {
    const { page, problems } = await openPage(browser, baseUrl);
    await logIn(page, researcherLogin.email, researcherLogin.password);
    assert.equal(new URL(page.url()).pathname, '/studies');
    await page.goto(lipsPage);
    const textarea = page.getByLabel('Outline points (x,y)');
    await page.getByRole('button', { name: 'Start again' }).click();
    assert.equal(await textarea.inputValue(), '');
    const box = (await page.locator('.lip-editor svg').boundingBox())!;
    for (const [fx, fy] of [[0.3, 0.6], [0.7, 0.6], [0.5, 0.75]]) await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
    const points = (await textarea.inputValue()).split(' ');
    assert.equal(points.length, 3);
    // Clicks become pixels of the photo (480 × 360), whatever size it is shown at.
    const [x, y] = points[0].split(',').map(Number);
    assert.ok(Math.abs(x - 144) <= 2 && Math.abs(y - 216) <= 2, points[0]);
    assert.equal(await page.locator('.lip-outline').getAttribute('points'), points.join(' '));
    assert.deepEqual(problems, []);
  });
});
