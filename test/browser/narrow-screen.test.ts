import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade } from '../support/browserless-client.ts';
import { named, submissionIdFrom, waitFor } from '../support/submission-helpers.ts';
import { createBrandUser, createReviewer, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { chromiumInstalled, launchBrowser, localhostUrl, logIn, openPage, screenshot, seriousAxeViolations } from './browser-harness.ts';

/**
 * Every page at 390 px wide (a current phone held upright): nothing may scroll sideways, and the
 * accessibility check stays clean. Pages are reached as their users reach them: public, brand, reviewer.
 */
const WIDTH = 390;

let portal: TestPortal;
let browser: Browser;
let brand: { email: string; password: string };
let reviewer: { email: string; password: string };
let submissionId: string;
let bulkId: string;
let emailId: string;

before(async () => {
  if (!chromiumInstalled()) return;
  portal = await startTestPortal();
  brand = await createBrandUser(portal, 'Lumiere');
  reviewer = await createReviewer(portal);
  const client = await login(portal, brand.email, brand.password);
  // 300 × 400: below the 1000 px floor, so refused: a verdict with failures, a review case and a rejection email.
  const small = (await renderPhoto(defaultSpec({ width: 300, height: 400 }))).bytes;
  const res = await submitShade(client, defaultFields({ shadeCode: 'nw-1', shadeName: 'Narrow Window Rouge' }), [named(small, 'nw-1')]);
  assert.equal(res.status, 303, res.text);
  submissionId = submissionIdFrom(res.headers.location);
  const csv = 'line,shade_code,shade_name,category,finish,swatch_hex\nSilk Matte,nw-2,Rose Petal,lipstick,matte,#b22146\nSilk Matte,nw-3,Deep Plum,lipstick,matte,#b22146\n';
  const bulk = await client
    .post('/bulk')
    .set('Accept', 'application/json')
    .field('_csrf', client.csrf)
    .attach('csv', Buffer.from(csv), { filename: 'shades.csv', contentType: 'text/csv' })
    .attach('photos', small, { filename: 'lumiere_silk-matte_nw-2_front.jpg', contentType: 'image/jpeg' })
    .attach('photos', small, { filename: 'lumiere_silk-matte_zz-9_front.jpg', contentType: 'image/jpeg' });
  assert.equal(bulk.status, 202, bulk.text);
  bulkId = bulk.body.id;
  await waitFor(portal, async () => (await portal.db('bulk_uploads').where({ id: bulkId }).first())?.status !== 'processing', 'the bulk upload to finish');
  emailId = (await waitFor(portal, async () => portal.db('emails').where({ submission_id: submissionId }).first(), 'the rejection email')).id;
  await portal.reconciler.run();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.cleanup();
});

/** How far the page scrolls sideways, and the widest element (to say what to fix). */
async function sidewaysScroll(page: Page) {
  return page.evaluate(() => {
    const width = document.scrollingElement!.scrollWidth;
    let widest = '';
    let widestRight = 0;
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const right = el.getBoundingClientRect().right;
      if (right > widestRight) {
        widestRight = right;
        widest = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`;
      }
    }
    return { width, widest, widestRight: Math.round(widestRight) };
  });
}

async function checkPages(page: Page, paths: string[], who: string) {
  for (const path of paths) {
    const res = await page.goto(path);
    assert.ok(res && res.status() < 400 || path === '/no-such-page', `${who} ${path}: ${res?.status()}`);
    const seen = await sidewaysScroll(page);
    if (seen.width > WIDTH) await screenshot(page, `narrow-${who}-${path.replace(/[^a-z0-9]+/gi, '-')}`);
    assert.ok(seen.width <= WIDTH, `${who} ${path} scrolls sideways to ${seen.width} px (widest: ${seen.widest} to ${seen.widestRight} px)`);
    assert.deepEqual(await seriousAxeViolations(page), [], `${who} ${path}`);
  }
}

describe(`every page at ${WIDTH} px wide`, { skip: !chromiumInstalled() && 'chromium is not installed' }, () => {
  const phone = { viewport: { width: WIDTH, height: 844 }, isMobile: true, hasTouch: true };

  it('public pages fit without sideways scrolling', async () => {
    const { page, problems } = await openPage(browser, localhostUrl(portal.port), phone);
    await checkPages(page, ['/login', '/guidelines', '/guidelines?category=nail-polish', '/api/docs', '/no-such-page'], 'visitor');
    assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
    await page.context().close();
  });

  it("a brand's pages fit without sideways scrolling", async () => {
    const { page, problems } = await openPage(browser, localhostUrl(portal.port), phone);
    await logIn(page, brand.email, brand.password);
    await checkPages(page, ['/dashboard', '/submissions/new', `/submissions/${submissionId}`, `/submissions/new?replaces=${submissionId}`, '/bulk', `/bulk/${bulkId}`, '/settings/tokens'], 'brand');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("a reviewer's pages fit without sideways scrolling", async () => {
    const { page, problems } = await openPage(browser, localhostUrl(portal.port), phone);
    await logIn(page, reviewer.email, reviewer.password);
    await checkPages(
      page,
      ['/review', `/review/${submissionId}`, '/review?status=all', '/dashboard', `/submissions/${submissionId}`, '/admin/mail', `/admin/mail/${emailId}`, '/ops/integrity', '/settings/tokens', `/bulk/${bulkId}`],
      'reviewer',
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

describe('the mail preview in a browser', { skip: !chromiumInstalled() && 'chromium is not installed' }, () => {
  it("shows the email's thumbnail under the preview's own policy, with no refusal", async () => {
    const { page, problems } = await openPage(browser, localhostUrl(portal.port));
    await logIn(page, reviewer.email, reviewer.password);
    await page.goto(`/admin/mail/${emailId}`);
    await Promise.all([page.waitForURL(/\/html$/), page.getByRole('link', { name: 'Open the HTML part' }).click()]);
    const thumbnail = page.getByRole('img', { name: /The front photo you submitted/ });
    await thumbnail.waitFor();
    assert.ok(await thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the thumbnail is drawn');
    // A CSP refusal is reported on the console: none here.
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
