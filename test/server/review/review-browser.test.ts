import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { defaultSpec, renderPhoto, type PhotoTruth } from '../../fixtures/index.ts';
import { ARTIFACTS_DIR, chromiumInstalled, launchBrowser, localhostUrl, logIn, openPage, seriousAxeViolations } from '../../browser/browser-harness.ts';
import { defaultFields, login, submitShade } from '../../support/browserless-client.ts';
import { createBrandUser, createReviewer, startTestPortal, type TestPortal } from '../../support/test-portal.ts';

/** The review detail page in real Chromium, with its real CSP: overlays, the drag-rectangle labeller, accessibility. */
let portal: TestPortal;
let browser: Browser;
let reviewerLogin: { email: string; password: string };
let submissionId: string;
let truth: PhotoTruth;

before(async () => {
  if (!chromiumInstalled()) return;
  portal = await startTestPortal();
  const a = await createBrandUser(portal, 'Lumiere');
  reviewerLogin = await createReviewer(portal);
  const brand = await login(portal, a.email, a.password);
  // 300 × 400: below the 1000 px resolution floor, so the submission is refused and queued.
  const photo = await renderPhoto(defaultSpec({ width: 300, height: 400 }));
  truth = photo.truth;
  const res = await submitShade(brand, defaultFields({ shadeCode: 'br-1' }), [
    { view: 'front', bytes: photo.bytes, fileName: 'lumiere_silk-matte_br-1_front.jpg' },
  ]);
  submissionId = /\/submissions\/([0-9a-f-]{36})$/.exec(res.headers.location)?.[1] ?? '';
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.cleanup();
});

describe('the review pages in a browser', { skip: !chromiumInstalled() && 'Chromium is not installed' }, () => {
  it('draws a region by dragging on the photo, saves it as a label, with no CSP or accessibility problems', async () => {
    const { page, problems } = await openPage(browser, localhostUrl(portal.port));
    await logIn(page, reviewerLogin.email, reviewerLogin.password);
    await page.goto('/review');
    assert.equal(await page.locator(`tr[data-id="${submissionId}"]`).count(), 1);
    assert.deepEqual(await seriousAxeViolations(page), []);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'review-queue.png'), fullPage: true });

    await page.goto(`/review/${submissionId}`);
    const frame = page.locator('.label-frame').first();
    const box = (await frame.boundingBox())!;
    // Drag over the bullet's truth region, in screen pixels of the displayed photo.
    const sx = box.width / 300;
    const sy = box.height / 400;
    const r = truth.region;
    await page.mouse.move(box.x + r.x * sx, box.y + r.y * sy);
    await page.mouse.down();
    await page.mouse.move(box.x + (r.x + r.width) * sx, box.y + (r.y + r.height) * sy, { steps: 5 });
    await page.mouse.up();
    const form = page.locator('form.label-form').first();
    const drawn = {
      x: Number(await form.locator('input[name=x]').inputValue()),
      y: Number(await form.locator('input[name=y]').inputValue()),
      width: Number(await form.locator('input[name=width]').inputValue()),
      height: Number(await form.locator('input[name=height]').inputValue()),
    };
    // Screen pixels round to within 2 photo pixels of the truth region.
    for (const k of ['x', 'y', 'width', 'height'] as const) assert.ok(Math.abs(drawn[k] - r[k]) <= 2, `${k}: ${drawn[k]} vs ${r[k]}`);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'review-detail.png'), fullPage: true });
    assert.deepEqual(await seriousAxeViolations(page), []);

    await Promise.all([page.waitForURL(new RegExp(`/review/${submissionId}`)), form.getByRole('button', { name: 'Save label and re-run extraction' }).click()]);
    const label = await portal.db('photo_labels').where({ submission_id: submissionId }).first();
    assert.deepEqual({ x: label.region_x, y: label.region_y, width: label.region_width, height: label.region_height }, drawn);
    assert.match(await page.locator('.note').last().innerText(), /Current human label/);
    assert.deepEqual(problems, []);
  });
});
