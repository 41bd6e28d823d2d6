/**
 * A palette in the browser: a brand submits one photo of an eyeshadow palette (a rendered compact of
 * six pans of known colours) and the verdict page shows one result per pan, in reading order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { deltaE2000, hexToLab } from '../../extraction/color-space.ts';
import { defaultSpec, renderPhoto, type RenderedPhoto } from '../fixtures/index.ts';
import { createBrandUser, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { chromiumInstalled, launchBrowser, localhostUrl, logIn, openPage, screenshot } from './browser-harness.ts';

// Rows top to bottom, then left to right: the order the page lists the pans in.
const PANS = ['#c8956c', '#8a4f3a', '#e8c4b0', '#4a3b5c', '#b76e79', '#2f2a28'];

let portal: TestPortal;
let browser: Browser;
let brand: { email: string; password: string };
let palette: RenderedPhoto;

before(async () => {
  if (!chromiumInstalled()) return;
  portal = await startTestPortal({ ANALYSIS_THREADS: 2 });
  brand = await createBrandUser(portal, 'Lumiere');
  browser = await launchBrowser();
  // Landscape, like a palette is shot: six matte pans in a black compact spanning 70 % of the height.
  palette = await renderPhoto(defaultSpec({ kind: 'compact', color: PANS[1], pans: PANS, finish: 'matte', width: 1600, height: 1200, productSpan: 0.7 }));
});

after(async () => {
  await browser?.close();
  await portal?.cleanup();
});

describe('a brand submits an eyeshadow palette', { skip: !chromiumInstalled() && 'chromium is not installed' }, () => {
  it('sees one result per pan on the verdict page, each within ΔE00 3 of the pan rendered there', async () => {
    // Without JavaScript the form posts as it is and the answer is the verdict page itself.
    const { page } = await openPage(browser, localhostUrl(portal.port), { javaScriptEnabled: false });
    await logIn(page, brand.email, brand.password);
    await page.goto('/submissions/new');
    await page.getByLabel('Product line').fill('Nudes');
    await page.getByLabel('Shade code').fill('es-01');
    await page.getByLabel('Shade name').fill('Warm Nudes');
    await page.getByLabel('Category').selectOption('eyeshadow');
    await page.getByLabel('Finish').selectOption('matte');
    await page.getByLabel('Hex value').fill(PANS[1]);
    await page.getByLabel('Front photo (required)').setInputFiles({ name: 'lumiere_nudes_es-01_front.jpg', mimeType: 'image/jpeg', buffer: palette.bytes });
    await Promise.all([page.waitForURL(/\/submissions\/[0-9a-f-]{36}$/, { timeout: 60_000 }), page.getByRole('button', { name: 'Check and submit' }).click()]);
    await page.locator('.palette').waitFor();
    const shown = await page.locator('.palette .pan').evaluateAll((items) => items.map((li) => li.getAttribute('data-hex') ?? ''));
    assert.equal(shown.length, palette.truth.pans!.length, `pans shown: ${shown.join(' ')}`);
    shown.forEach((hex, k) => {
      const dE = deltaE2000(hexToLab(hex), palette.truth.pans![k].color.lab);
      assert.ok(dE <= 3, `pan ${k + 1}: ${hex} for ${PANS[k]} (ΔE00 ${dE.toFixed(2)})`);
    });
    await screenshot(page, 'verdict-palette');
    await page.context().close();
  });
});
