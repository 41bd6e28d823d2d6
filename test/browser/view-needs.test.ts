import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { defaultSpec, renderPhoto, type RenderedPhoto } from '../fixtures/index.ts';
import { createBrandUser, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { chromiumInstalled, dropFiles, launchBrowser, localhostUrl, logIn, openPage, screenshot, seriousAxeViolations } from './browser-harness.ts';

/**
 * The submission form tells a brand, before posting, which photos the chosen category needs (standards.ts
 * viewRules, the rules the server refuses by): a lipstick needs its front and recommends a swatch, a
 * foundation needs a swatch too. A foundation sent with its front photo alone is stopped in the page with
 * a message beside the photos; adding a `_swatch` file clears it and the form posts.
 */
const SKIN = '#c99a78';
const SHADE_CODE = 'fd-20';
const fileName = (view: string) => `lumiere_skin-glow_${SHADE_CODE}_${view}.jpg`;

let portal: TestPortal;
let browser: Browser;
let baseUrl: string;
let brand: { email: string; password: string };
let bottle: RenderedPhoto;
let smear: RenderedPhoto;

before(async () => {
  if (!chromiumInstalled()) return;
  portal = await startTestPortal({ ANALYSIS_THREADS: 2 });
  baseUrl = localhostUrl(portal.port);
  brand = await createBrandUser(portal, 'Lumiere');
  browser = await launchBrowser();
  // 750 × 1000: at the 1000 px floor, so both photos are judged (not refused unread).
  [bottle, smear] = await Promise.all([
    renderPhoto(defaultSpec({ kind: 'bottle', color: SKIN, finish: 'glossy', caseColor: '#2a2a2c', format: 'jpeg', width: 750, height: 1000 })),
    renderPhoto(defaultSpec({ kind: 'swatch', color: SKIN, finish: 'satin', format: 'jpeg', width: 750, height: 1000 })),
  ]);
});

after(async () => {
  await browser?.close();
  await portal?.cleanup();
});

describe('the form says which photos a category needs before posting', { skip: !chromiumInstalled() && 'chromium is not installed' }, () => {
  it('marks a foundation’s swatch required, stops a foundation with only its front photo, and posts once the swatch is added', async () => {
    const { page, problems } = await openPage(browser, baseUrl);
    await logIn(page, brand.email, brand.password);
    await page.goto('/submissions/new');
    const needs = page.locator('#view-needs-list li');
    // Drawn by the server for the first category (lipstick): front required, swatch recommended.
    assert.deepEqual(await needs.evaluateAll((items) => items.map((li) => `${li.getAttribute('data-view')}:${li.getAttribute('data-need')}`)), ['front:required', 'swatch:recommended']);

    await page.getByLabel('Product line').fill('Skin Glow');
    await page.getByLabel('Shade code').fill(SHADE_CODE);
    await page.getByLabel('Shade name').fill('Warm Sand');
    await page.getByLabel('Hex value').fill(SKIN);
    await page.getByLabel('Category').selectOption('foundation');
    assert.match(await page.locator('#view-needs-lead').innerText(), /Photos for Foundation/);
    assert.deepEqual(await needs.evaluateAll((items) => items.map((li) => `${li.getAttribute('data-view')}:${li.getAttribute('data-need')}`)), ['front:required', 'swatch:required']);
    assert.match(await needs.nth(1).innerText(), /Swatch photo\s+required/);

    await dropFiles(page, '#dropzone', [{ name: fileName('front'), bytes: bottle.bytes, type: 'image/jpeg' }]);
    await page.locator('#photo-list .photo-item').first().waitFor();
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/submissions') posted++;
    });
    await page.getByRole('button', { name: 'Check and submit' }).click();
    const error = page.locator('#photos-error');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.innerText(), /Foundation needs this photo: Swatch photo\. Add a photo whose file name ends in _swatch/);
    // Stopped in the page: nothing uploaded, the brand is taken to the photo chooser, which the message describes.
    assert.equal(posted, 0);
    assert.equal(await page.locator('#verdict-panel').isHidden(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'photo-picker');
    assert.equal(await page.locator('#photo-picker').getAttribute('aria-describedby'), 'photos-error');
    await screenshot(page, 'upload-swatch-required');
    assert.deepEqual(await seriousAxeViolations(page), []);

    await dropFiles(page, '#dropzone', [{ name: fileName('swatch'), bytes: smear.bytes, type: 'image/jpeg' }]);
    await error.waitFor({ state: 'hidden' });
    assert.equal(await page.locator('#photo-swatch').evaluate((i: HTMLInputElement) => i.files?.[0]?.name), fileName('swatch'));
    await page.getByRole('button', { name: 'Check and submit' }).click();
    const panel = page.locator('#verdict-panel');
    await panel.waitFor({ state: 'visible' });
    assert.equal(posted, 1);
    // The server judged both photos (its own check of the views passed too).
    assert.equal(await panel.locator('.photo-verdict').count(), 2);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
