import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { defaultSpec, renderPhoto, type RenderedPhoto } from '../fixtures/index.ts';
import { createBrandUser, createReviewer, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import {
  chromiumInstalled,
  dropFiles,
  launchBrowser,
  localhostUrl,
  logIn,
  openPage,
  screenshot,
  seriousAxeViolations,
} from './browser-harness.ts';

const SHADE = '#b22146';
const SHADE_CODE = 'rv-07';

let portal: TestPortal;
let browser: Browser;
let baseUrl: string;
let brand: { email: string; password: string };
let reviewer: { email: string; password: string };
let small: RenderedPhoto;

before(async () => {
  // Without Chromium the suites below are skipped; nothing to set up.
  if (!chromiumInstalled()) return;
  portal = await startTestPortal();
  baseUrl = localhostUrl(portal.port);
  brand = await createBrandUser(portal, 'Lumiere');
  reviewer = await createReviewer(portal);
  browser = await launchBrowser();
  // 600 × 800: below the 1000 px resolution floor — refused by the standards, a case for review.
  small = await renderPhoto(defaultSpec({ color: SHADE, format: 'jpeg', width: 600, height: 800 }));
});

after(async () => {
  await browser?.close();
  await portal?.cleanup();
});

describe('a refused shade overridden by a reviewer reaches the export', { skip: !chromiumInstalled() && 'chromium is not installed' }, () => {
  it('is refused for its resolution, overridden on the review page and then listed by GET /api/v1/shades', async () => {
    const brandTab = await openPage(browser, baseUrl);
    await logIn(brandTab.page, brand.email, brand.password);
    const { page } = brandTab;
    await page.goto('/submissions/new');
    await page.getByLabel('Product line').fill('Silk Matte');
    await page.getByLabel('Shade code').fill(SHADE_CODE);
    await page.getByLabel('Shade name').fill('Rouge Velours');
    await page.getByLabel('Hex value').fill(SHADE);
    await dropFiles(page, '#dropzone', [{ name: `lumiere_silk-matte_${SHADE_CODE}_front.jpg`, bytes: small.bytes, type: 'image/jpeg' }]);
    await page.getByRole('button', { name: 'Check and submit' }).click();
    const panel = page.locator('#verdict-panel');
    await panel.waitFor({ state: 'visible' });
    assert.match(await panel.innerText(), /Refused: Resolution/);
    const url = await panel.getByRole('link', { name: /full verdict/ }).getAttribute('href');
    const id = /\/submissions\/([0-9a-f-]{36})$/.exec(url ?? '')?.[1];
    assert.ok(id, url ?? 'no link');

    const reviewTab = await openPage(browser, baseUrl);
    await logIn(reviewTab.page, reviewer.email, reviewer.password);
    const review = reviewTab.page;
    await review.goto(`/review/${id}`);
    await screenshot(review, 'review-detail');
    assert.deepEqual(await seriousAxeViolations(review), []);
    await review.getByLabel('Note to the brand (optional)').fill('Sharp enough for the try-on; reshoot at full size next time.');
    await Promise.all([review.waitForURL(new RegExp(`/review/${id}$`)), review.getByRole('button', { name: /Override/ }).click()]);
    assert.equal((await portal.db('submissions').where({ id }).first()).status, 'overridden');

    await review.goto('/settings/tokens');
    await review.getByLabel('Name (what uses it)').fill('3D sync');
    await Promise.all([review.waitForLoadState('load'), review.getByRole('button', { name: 'Create token' }).click()]);
    const token = await review.locator('#new-token').inputValue();
    assert.match(token, /^sg_/);
    const exported = await fetch(`${baseUrl}/api/v1/shades`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(exported.status, 200);
    const body = (await exported.json()) as { data: Array<{ id: string; shadeCode: string }> };
    assert.deepEqual(body.data.map((s) => [s.id, s.shadeCode]), [[id, SHADE_CODE]]);

    await page.goto(`/submissions/${id}`);
    assert.match(await page.locator('.verdict').innerText(), /Accepted after review/);
    assert.equal(await page.getByRole('link', { name: 'Fix and resubmit' }).count(), 0);
    await screenshot(page, 'verdict-overridden');
    assert.deepEqual([...brandTab.problems, ...reviewTab.problems], []);
  });
});
