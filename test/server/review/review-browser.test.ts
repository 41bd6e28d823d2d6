import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
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
    assert.equal(new URL(page.url()).pathname, '/review', 'a reviewer starts on the review queue');
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

  it("shows a hand label's colour as the shade's colour, with the automatic reading beside it", async () => {
    const { page, problems } = await reviewerPage();
    const photoId = (await portal.db('photos').where({ submission_id: submissionId }).first()).id;
    await page.goto(`/review/${submissionId}`);
    const res = await page.request.post(`/review/${submissionId}/label`, {
      form: { _csrf: await csrfOf(page), photoId, ...truth.region },
      headers: { Origin: localhostUrl(portal.port) },
      maxRedirects: 0,
    });
    assert.equal(res.status(), 303);
    const label = await portal.db('photo_labels').where({ submission_id: submissionId }).orderBy('created_at', 'desc').first();
    const labelHex = JSON.parse(label.extraction).color.hex.toLowerCase();
    const automatic = JSON.parse((await portal.db('submissions').where({ id: submissionId }).first()).extraction);
    await page.goto(`/review/${submissionId}`);
    assert.equal(await page.locator('#extraction-heading').innerText(), 'Shade colour (human label)');
    assert.match(await page.locator('.shade-colour').innerText(), new RegExp(`^\\s*${labelHex} — measured in the region a reviewer drew on the front photo`));
    assert.ok(automatic, "the 300 × 400 photo was measured automatically");
    assert.match(await page.locator('.automatic-colour').innerText(), new RegExp(`^\\s*${automatic.color.hex.toLowerCase()} .*kept for comparison`));
    assert.deepEqual(await seriousAxeViolations(page), []);
    assert.deepEqual(problems, []);
  });

  it('outlines the product instead of tinting it, so its colour is seen as it is', async () => {
    const { page, problems } = await reviewerPage();
    const photoId = (await portal.db('photos').where({ submission_id: submissionId }).first()).id;
    await page.goto(`/review/${submissionId}`);
    const r = truth.region;
    const seen = await page.evaluate(
      async ({ url, cx, cy }) => {
        const img = new Image();
        img.src = url;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const row = ctx.getImageData(0, cy, canvas.width, 1).data;
        let drawnOnRow = 0;
        for (let i = 3; i < row.length; i += 4) if (row[i] > 0) drawnOnRow++;
        return { width: canvas.width, centreAlpha: ctx.getImageData(cx, cy, 1, 1).data[3], drawnOnRow };
      },
      { url: `/review/${submissionId}/photos/${photoId}/masks/product.png`, cx: Math.round(r.x + r.width / 2), cy: Math.round(r.y + r.height / 2) },
    );
    assert.equal(seen.width, 300);
    assert.equal(seen.centreAlpha, 0, 'the middle of the bullet is not tinted');
    // The row through the bullet crosses the outline on both sides, a few pixels each.
    assert.ok(seen.drawnOnRow >= 2 && seen.drawnOnRow <= 16, `outline pixels on the row: ${seen.drawnOnRow}`);
    assert.match(await page.locator('.mask-toggles').innerText(), /product outline/);
    assert.deepEqual(problems, []);
  });

  it('sends a reviewer to the review queue from / and from the login page', async () => {
    const { page } = await reviewerPage();
    await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/review');
    await page.goto('/login');
    assert.equal(new URL(page.url()).pathname, '/review');
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').first().innerText(), 'Review queue');
  });
});

let reviewerSession: BrowserContextOptions['storageState'];

/** A tab logged in as the reviewer (logging in once per file). */
async function reviewerPage() {
  if (!reviewerSession) {
    const first = await openPage(browser, localhostUrl(portal.port));
    await logIn(first.page, reviewerLogin.email, reviewerLogin.password);
    reviewerSession = await first.page.context().storageState();
    await first.page.context().close();
  }
  return openPage(browser, localhostUrl(portal.port), { storageState: reviewerSession });
}

const csrfOf = async (page: Page) => (await page.locator('meta[name="csrf-token"]').getAttribute('content')) ?? '';
