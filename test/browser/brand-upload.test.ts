import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import sharp from 'sharp';
import { deltaE2000, hexToLab } from '../../extraction/color-space.ts';
import { defaultSpec, renderPhoto, type RenderedPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade } from '../support/browserless-client.ts';
import { distinctJpeg } from '../support/submission-helpers.ts';
import { createBrandUser, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import {
  chromiumInstalled,
  dropFiles,
  launchBrowser,
  localhostUrl,
  logIn,
  openPage,
  screenshot,
  seriousAxeViolations,
  type WatchedPage,
} from './browser-harness.ts';

const SHADE = '#b22146';
const SHADE_CODE = 'nu-12';
const fileName = (view: string, ext = 'jpg') => `lumiere_silk-matte_${SHADE_CODE}_${view}.${ext}`;

let portal: TestPortal;
let browser: Browser;
let baseUrl: string;
let brand: { email: string; password: string };
/** The brand's logged-in cookies, so each test opens a fresh tab without logging in again. */
let brandSession: BrowserContextOptions['storageState'];
let clean: RenderedPhoto;
let swatch: RenderedPhoto;
let small: RenderedPhoto;
let glittery: RenderedPhoto;
let closeUp: RenderedPhoto;

before(async () => {
  // Without Chromium the suites below are skipped; nothing to set up.
  if (!chromiumInstalled()) return;
  portal = await startTestPortal({ ANALYSIS_THREADS: 2 });
  baseUrl = localhostUrl(portal.port);
  brand = await createBrandUser(portal, 'Lumiere');
  browser = await launchBrowser();
  // 750 × 1000: the longest side meets the 1000 px floor but not the 1600 px zoom size (a warning).
  [clean, swatch, small, glittery, closeUp] = await Promise.all([
    renderPhoto(defaultSpec({ color: SHADE, format: 'jpeg', width: 750, height: 1000 })),
    renderPhoto(defaultSpec({ color: SHADE, kind: 'swatch', format: 'jpeg', width: 750, height: 1000 })),
    // 600 × 800: below the 1000 px resolution floor, so the standards refuse it.
    renderPhoto(defaultSpec({ color: SHADE, format: 'jpeg', width: 600, height: 800 })),
    renderPhoto(defaultSpec({ color: SHADE, format: 'jpeg', width: 750, height: 1000, finish: 'glossy', glitter: { coverage: 0.1, sizeRel: 0.04, color: '#f0e0b0' } })),
    // A shop close-up on pure white: the product runs from the top edge to the bottom one, through the border band.
    renderPhoto(defaultSpec({ color: SHADE, format: 'jpeg', width: 750, height: 1000, productSpan: 1.04 })),
  ]);
});

after(async () => {
  await browser?.close();
  await portal?.cleanup();
});

async function fillShade(page: Page, shadeName = 'Nude Kiss') {
  await page.getByLabel('Product line').fill('Silk Matte');
  await page.getByLabel('Shade code').fill(SHADE_CODE);
  await page.getByLabel('Shade name').fill(shadeName);
}

async function brandPage(options: BrowserContextOptions = {}): Promise<WatchedPage> {
  if (!brandSession) {
    const first = await openPage(browser, baseUrl);
    await logIn(first.page, brand.email, brand.password);
    brandSession = await first.page.context().storageState();
    await first.page.context().close();
  }
  return openPage(browser, baseUrl, { storageState: brandSession, ...options });
}

describe('a brand submits a shade in the browser', { skip: !chromiumInstalled() && 'chromium is not installed' }, () => {
  it('drops two photos, sees each assigned to its view with a thumbnail and a passing preflight', async () => {
    const { page, problems } = await brandPage();
    await page.goto('/submissions/new');
    await fillShade(page);
    await dropFiles(page, '#dropzone', [
      { name: fileName('swatch'), bytes: swatch.bytes, type: 'image/jpeg' },
      { name: fileName('front'), bytes: clean.bytes, type: 'image/jpeg' },
    ]);
    const items = page.locator('#photo-list .photo-item');
    await assertCount(items, 2);
    // Assigned by the `_view` part of the file name, whatever the drop order.
    assert.equal(await page.getByLabel('Send as').nth(0).inputValue(), 'swatch');
    assert.equal(await page.getByLabel('Send as').nth(1).inputValue(), 'front');
    await page.locator('#photo-list .check[data-rule="naming"]').nth(1).waitFor();
    assert.equal(await page.locator('#photo-list .check-fail').count(), 0, await page.locator('#photo-list').innerText());
    // 750 × 1000: at the 1000 px floor, below the 1600 px zoom size: a warning before upload.
    assert.match(await items.nth(1).locator('.check[data-rule="resolution"]').innerText(), /750 × 1000 px: below 1600 px/);
    assert.equal(await items.nth(1).locator('img.thumb').evaluate((img: HTMLImageElement) => img.naturalWidth > 0), true);
    // The form's own per-view inputs carry the files: the same form the no-script path posts.
    assert.equal(await page.locator('#photo-front').evaluate((i: HTMLInputElement) => i.files?.[0]?.name), fileName('front'));
    assert.equal(await page.locator('#photo-swatch').evaluate((i: HTMLInputElement) => i.files?.[0]?.name), fileName('swatch'));
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('picks the colour from the photo with the eyedropper, uploads with progress and shows the verdict without reloading', async () => {
    const { page, problems } = await brandPage();
    await page.goto('/submissions/new');
    await fillShade(page);
    await page.getByLabel('Hex value').fill('#777777');
    await dropFiles(page, '#dropzone', [{ name: fileName('front'), bytes: clean.bytes, type: 'image/jpeg' }]);
    const canvas = page.locator('#eyedropper-canvas');
    await canvas.waitFor({ state: 'visible' });
    // The centre of the bullet (ground truth region of the fixture), in the canvas's displayed pixels.
    const box = (await canvas.boundingBox())!;
    const r = clean.truth.region;
    await canvas.click({ position: { x: ((r.x + r.width / 2) / 750) * box.width, y: ((r.y + r.height * 0.6) / 1000) * box.height } });
    const picked = await page.getByLabel('Hex value').inputValue();
    assert.equal(await page.locator('#swatchPicker').inputValue(), picked);
    assert.equal(await page.locator('#picked-swatch').getAttribute('fill'), picked);
    // The lit bullet is not flat colour, but the picked pixels must be the shade, within the swatch rule's
    // warn limit (ΔE00 5), so the declared colour passes the server's check.
    assert.ok(deltaE2000(hexToLab(picked), hexToLab(SHADE)) < 5, `picked ${picked}`);
    await screenshot(page, 'upload-ready');
    assert.deepEqual(await seriousAxeViolations(page), []);

    await page.evaluate(() => ((window as unknown as { stillSamePage: boolean }).stillSamePage = true));
    await page.getByRole('button', { name: 'Check and submit' }).click();
    const panel = page.locator('#verdict-panel');
    await panel.waitFor({ state: 'visible' });
    assert.match(await panel.innerText(), /Accepted/);
    assert.match(await panel.innerText(), /ΔE00 [0-9.]+ — /);
    assert.equal(await page.locator('#upload-progress-bar').evaluate((p: HTMLProgressElement) => p.value), 100);
    assert.equal(await page.evaluate(() => (window as unknown as { stillSamePage?: boolean }).stillSamePage), true);
    assert.match(page.url(), /\/submissions\/new$/);
    await screenshot(page, 'upload-verdict-in-place');
    assert.deepEqual(await seriousAxeViolations(page), []);

    await Promise.all([page.waitForURL(/\/submissions\/[0-9a-f-]{36}$/), panel.getByRole('link', { name: /full verdict/ }).click()]);
    const overlay = page.locator('svg.overlay').first();
    assert.equal(await overlay.locator('rect.region').count(), 1);
    assert.equal(await overlay.locator('rect.product').count(), 1);
    assert.equal(await page.locator('.shade-preview svg[role="img"]').count(), 1);
    assert.match(await page.locator('.delta').innerText(), /ΔE00 [0-9.]+ — /);
    assert.equal(await page.locator('.findings tr.finding').count(), 10);
    await screenshot(page, 'verdict-accepted');
    assert.deepEqual(await seriousAxeViolations(page), []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('samples a robust patch with the eyedropper and warns when it lands on a highlight or a shadow', async () => {
    const { page, problems } = await brandPage();
    await page.goto('/submissions/new');
    // No colour is chosen for the brand: the form asks for one instead of declaring #b22146 by itself.
    assert.equal(await page.getByLabel('Hex value').inputValue(), '');
    await fillShade(page);
    // Other bytes than the other tests' (same pixels): the very same photo again would answer the earlier submission.
    const r = clean.truth.region;
    // A shadow falls across the bullet's right fifth: a grey #808080 multiplied in halves its sRGB values
    // there (about 20 L* darker than the shade's 40; the physically shaded flank alone darkens only ~4).
    const shadowWidth = Math.round(r.width * 0.2);
    const shade = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${shadowWidth}" height="${Math.round(r.height)}"><rect width="100%" height="100%" fill="#808080"/></svg>`);
    const shadowed = await sharp(clean.bytes)
      .composite([{ input: shade, blend: 'multiply', left: Math.round(r.x + r.width - shadowWidth), top: Math.round(r.y) }])
      .jpeg({ quality: 92, chromaSubsampling: '4:4:4' })
      .toBuffer();
    await dropFiles(page, '#dropzone', [{ name: fileName('front'), bytes: distinctJpeg(shadowed, 'eyedropper'), type: 'image/jpeg' }]);
    const canvas = page.locator('#eyedropper-canvas');
    await canvas.waitFor({ state: 'visible' });
    const box = (await canvas.boundingBox())!;
    const warning = page.locator('#eyedropper-warning');
    const clickAt = (fx: number, fy: number) =>
      canvas.click({ position: { x: ((r.x + r.width * fx) / 750) * box.width, y: ((r.y + r.height * fy) / 1000) * box.height } });
    // The fixture's bullet is lit from the left: a highlight at about a quarter of its width (L* ≈ 50 against
    // the shade's 40), and the shadow laid over its right fifth (L* ≈ 20).
    await clickAt(0.26, 0.6);
    assert.equal(await warning.isVisible(), true);
    assert.match(await warning.innerText(), /in a highlight/);
    await clickAt(0.92, 0.6);
    assert.match(await warning.innerText(), /in a shadow/);
    // The middle of the bullet is the shade: no warning, and the median patch is within the warn limit.
    await clickAt(0.6, 0.6);
    assert.equal(await warning.isVisible(), false);
    const picked = await page.getByLabel('Hex value').inputValue();
    assert.ok(deltaE2000(hexToLab(picked), hexToLab(SHADE)) < 2, `picked ${picked}`);
    assert.deepEqual(await seriousAxeViolations(page), []);

    // Without any colour the form says so and nothing is submitted.
    await page.getByLabel('Hex value').fill('');
    await page.getByRole('button', { name: 'Check and submit' }).click();
    await page.locator('#swatchHex-error').waitFor({ state: 'visible' });
    assert.match(await page.locator('#swatchHex-error').innerText(), /is required: pick the shade’s colour/);
    assert.equal(await page.locator('#verdict-panel').isVisible(), false);

    // A declared colour far from the shade: after the check, the measured colour is offered.
    await page.getByLabel('Hex value').fill('#2a8f3c');
    await page.getByRole('button', { name: 'Check and submit' }).click();
    const offer = page.getByRole('button', { name: /Use the measured colour #[0-9a-f]{6}/ });
    await offer.waitFor();
    const measured = /#[0-9a-f]{6}/.exec(await offer.innerText())![0];
    await offer.click();
    assert.equal(await page.getByLabel('Hex value').inputValue(), measured);
    // The resubmission form offers the same measured colour in place of the refused declaration.
    await Promise.all([page.waitForURL(/replaces=/), page.locator('#verdict-panel').getByRole('link', { name: 'Fix and resubmit' }).click()]);
    assert.equal(await page.getByLabel('Hex value').inputValue(), '#2a8f3c');
    await page.getByRole('button', { name: `Use the measured colour ${measured}` }).click();
    assert.equal(await page.getByLabel('Hex value').inputValue(), measured);
    assert.deepEqual(await seriousAxeViolations(page), []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('names the photo a failed rule failed on in the headline, apart from the photo the colour was measured on', async () => {
    const { page, problems } = await brandPage();
    await page.goto('/submissions/new');
    await fillShade(page);
    await page.getByLabel('Hex value').fill(SHADE);
    // The front photo passes (and its colour is close); the swatch photo is below the resolution floor.
    const smallSwatch = await renderPhoto(defaultSpec({ color: SHADE, kind: 'swatch', format: 'jpeg', width: 600, height: 800 }));
    await dropFiles(page, '#dropzone', [
      { name: fileName('front'), bytes: clean.bytes, type: 'image/jpeg' },
      { name: fileName('swatch'), bytes: smallSwatch.bytes, type: 'image/jpeg' },
    ]);
    await page.locator('#photo-list .check[data-rule="resolution"]').nth(1).waitFor();
    await page.getByRole('button', { name: 'Check and submit' }).click();
    const panel = page.locator('#verdict-panel');
    await panel.waitFor({ state: 'visible' });
    assert.match(await panel.innerText(), /Refused: Resolution \(swatch photo\)\./);
    assert.match(await panel.innerText(), /ΔE00 [0-9.]+ — [a-z ,]+ \(measured on the front photo\)/);
    await Promise.all([page.waitForURL(/\/submissions\/[0-9a-f-]{36}$/), panel.getByRole('link', { name: /full verdict/ }).click()]);
    assert.match(await page.locator('.verdict').innerText(), /^Refused: Resolution \(swatch photo\)\./);
    assert.match(await page.locator('.delta').innerText(), /measured on the front photo/);
    assert.deepEqual(await seriousAxeViolations(page), []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('tells a brand whose product reaches into the white border to leave a margin, not to change the backdrop', async () => {
    const { page, problems } = await brandPage();
    await page.goto('/submissions/new');
    await fillShade(page);
    await page.getByLabel('Hex value').fill(SHADE);
    await dropFiles(page, '#dropzone', [{ name: fileName('front'), bytes: closeUp.bytes, type: 'image/jpeg' }]);
    await page.locator('#photo-list .check[data-rule="resolution"]').waitFor();
    await page.getByRole('button', { name: 'Check and submit' }).click();
    const panel = page.locator('#verdict-panel');
    await panel.waitFor({ state: 'visible' });
    const background = panel.locator('tr.finding[data-rule="background"]');
    assert.match(await background.innerText(), /Fail/);
    assert.match(await background.innerText(), /product itself reaches into the border/);
    assert.match(await background.innerText(), /white margin around the product/);
    assert.doesNotMatch(await background.innerText(), /white sweep/);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('warns about a small photo before the upload and shows the refusal reasons after it', async () => {
    const { page, problems } = await brandPage();
    await page.goto('/submissions/new');
    await fillShade(page);
    await page.getByLabel('Hex value').fill(SHADE);
    await dropFiles(page, '#dropzone', [{ name: fileName('front'), bytes: small.bytes, type: 'image/jpeg' }]);
    const preflight = page.locator('#photo-list .check[data-rule="resolution"]');
    await preflight.waitFor();
    assert.match(await preflight.innerText(), /600 × 800 px: the longest side must be at least 1000 px/);
    await page.getByRole('button', { name: 'Check and submit' }).click();
    const panel = page.locator('#verdict-panel');
    await panel.waitFor({ state: 'visible' });
    assert.match(await panel.innerText(), /Refused: Resolution/);
    const failed = await panel.locator('tr.finding-fail').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rule')));
    assert.deepEqual(failed, ['resolution']);
    await screenshot(page, 'upload-refused-in-place');
    await Promise.all([page.waitForURL(/\/submissions\/[0-9a-f-]{36}$/), panel.getByRole('link', { name: /full verdict/ }).click()]);
    assert.match(await page.locator('tr.finding-fail[data-rule="resolution"]').innerText(), /600 × 800|800/);
    assert.equal(await page.getByRole('link', { name: 'Fix and resubmit' }).count(), 1);
    await screenshot(page, 'verdict-refused');
    assert.deepEqual(await seriousAxeViolations(page), []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('flags a web page named .jpg by its bytes before the upload, and shows the server’s refusal after it', async () => {
    const { page } = await brandPage();
    await page.goto('/submissions/new');
    await fillShade(page);
    await page.getByLabel('Hex value').fill(SHADE);
    const html = Buffer.from('<!doctype html><html><body><img src=x onerror=alert(1)></body></html>');
    await dropFiles(page, '#dropzone', [{ name: fileName('front'), bytes: html, type: 'image/jpeg' }]);
    const preflight = page.locator('#photo-list .check[data-rule="format"]');
    await preflight.waitFor();
    assert.match(await preflight.innerText(), /Not a JPEG, PNG, WebP or TIFF photo by its content/);
    await page.getByRole('button', { name: 'Check and submit' }).click();
    const alert = page.locator('#form-alert');
    await alert.waitFor({ state: 'visible' });
    assert.match(await alert.innerText(), /front photo was refused/);
    assert.equal(await page.locator('#verdict-panel').isVisible(), false);
    await page.context().close();
  });

  it('submits the same form without JavaScript and lands on the verdict page with the glitter drawn and masked', async () => {
    const { page } = await brandPage({ javaScriptEnabled: false });
    await page.goto('/submissions/new');
    assert.equal(await page.locator('#dropzone').isVisible(), false);
    await fillShade(page, 'Golden Hour');
    await page.getByLabel('Finish').selectOption('glossy');
    await page.getByLabel('Hex value').fill(SHADE);
    await page.getByLabel('Front photo (required)').setInputFiles({ name: fileName('front'), mimeType: 'image/jpeg', buffer: glittery.bytes });
    await Promise.all([page.waitForURL(/\/submissions\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'Check and submit' }).click()]);
    assert.match(await page.locator('.verdict').innerText(), /Accepted/);
    // The fixture's bullet carries glitter on 10 % of its area: the preview draws particles, and the
    // glitter mask is a real overlay, not the 1 × 1 transparent pixel sent when nothing was found.
    assert.ok((await page.locator('.shade-preview circle').count()) > 0);
    const maskUrl = (await page.locator('img.mask-glitter').getAttribute('src'))!;
    const png = await (await page.request.get(maskUrl)).body();
    assert.ok(png.readUInt32BE(16) > 1, 'the glitter mask has the width of the analysed photo');
    await screenshot(page, 'verdict-glitter-no-script');
    await page.context().close();
  });

  it('can be done with the keyboard alone: file chooser, eyedropper and submit', async () => {
    const { page, problems } = await brandPage();
    await page.goto('/submissions/new');
    // Listening for the chooser turns on Chromium's file-chooser interception, which playwright does
    // without waiting for it; listening long before the key press keeps that switch from racing it.
    const chooserOpened = page.waitForEvent('filechooser');
    await page.getByLabel('Product line').focus();
    for (const text of ['Silk Matte', SHADE_CODE, 'Nude Kiss']) {
      await page.keyboard.type(text);
      await page.keyboard.press('Tab');
    }
    await page.getByLabel('Hex value').fill('#777777');
    await page.getByLabel('Finish').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'photo-picker');
    await page.keyboard.press('Space');
    const chooser = await chooserOpened;
    await chooser.setFiles({ name: fileName('front'), mimeType: 'image/jpeg', buffer: clean.bytes });
    const canvas = page.locator('#eyedropper-canvas');
    await canvas.waitFor({ state: 'visible' });
    await canvas.focus();
    // The cross starts at the centre of the photo, on the case below the bullet for this fixture;
    // 15 steps of 4 canvas px up (of 320) land on the bullet.
    for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    const picked = await page.getByLabel('Hex value').inputValue();
    assert.ok(deltaE2000(hexToLab(picked), hexToLab(SHADE)) < 5, `picked ${picked}`);
    await page.getByRole('button', { name: 'Check and submit' }).focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('#verdict-panel');
    await panel.waitFor({ state: 'visible' });
    // Focus moves to the verdict so a screen reader or keyboard user lands on it.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'verdict-panel');
    assert.match(await panel.innerText(), /Accepted/);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('keeps the verdict and its masks from another brand', async () => {
    const client = await login(portal, brand.email, brand.password);
    const res = await submitShade(client, defaultFields({ shadeCode: SHADE_CODE }), [{ view: 'front', bytes: clean.bytes, fileName: fileName('front') }]);
    assert.equal(res.status, 303, res.text);
    const href = res.headers.location as string;
    const mine = await brandPage();
    await mine.page.goto(href);
    const maskUrl = (await mine.page.locator('img.mask').first().getAttribute('src'))!;
    assert.match(maskUrl, /\/masks\/(highlight|glitter)\.png$/);
    assert.equal((await mine.page.request.get(maskUrl)).status(), 200);
    await mine.page.context().close();

    const rival = await createBrandUser(portal, 'Rival');
    const other = await openPage(browser, baseUrl);
    await logIn(other.page, rival.email, rival.password);
    assert.equal((await other.page.request.get(href)).status(), 404);
    assert.equal((await other.page.request.get(maskUrl)).status(), 404);
    await other.page.context().close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const client = await login(portal, brand.email, brand.password);
    const submitted = await submitShade(client, defaultFields({ shadeCode: SHADE_CODE }), [{ view: 'front', bytes: small.bytes, fileName: fileName('front') }]);
    const verdictPath = submitted.headers.location as string;
    const { page, problems } = await brandPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    for (const path of ['/dashboard', '/submissions/new', '/guidelines', verdictPath]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} is ${overflow} px wider than the screen`);
    }
    await screenshot(page, 'phone-verdict-refused');
    await page.goto('/submissions/new');
    await dropFiles(page, '#dropzone', [{ name: fileName('front'), bytes: clean.bytes, type: 'image/jpeg' }]);
    await page.locator('#eyedropper-canvas').waitFor({ state: 'visible' });
    await screenshot(page, 'phone-upload');
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

describe('the other pages', { skip: !chromiumInstalled() && 'chromium is not installed' }, () => {
  it('pass the automated accessibility check with no serious or critical findings', async () => {
    const visitor = await openPage(browser, baseUrl);
    for (const path of ['/login', '/no-such-page']) {
      await visitor.page.goto(path);
      assert.deepEqual(await seriousAxeViolations(visitor.page), [], path);
    }
    await screenshot(visitor.page, 'not-found');
    await visitor.page.goto('/login');
    await screenshot(visitor.page, 'login');
    await visitor.page.context().close();
    const { page, problems } = await brandPage();
    for (const path of ['/dashboard', '/guidelines']) {
      await page.goto(path);
      assert.deepEqual(await seriousAxeViolations(page), [], path);
      await screenshot(page, path.slice(1));
    }
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

async function assertCount(locator: ReturnType<Page['locator']>, n: number) {
  await locator.nth(n - 1).waitFor();
  assert.equal(await locator.count(), n);
}
