import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade } from '../support/browserless-client.ts';
import { named, submissionIdFrom } from '../support/submission-helpers.ts';
import { createBrandUser, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { chromiumInstalled, launchBrowser, localhostUrl, logIn, openPage, screenshot, seriousAxeViolations, type WatchedPage } from './browser-harness.ts';

/**
 * The dashboard and a verdict in Japanese and in Arabic, in a real browser: the language is chosen with
 * the header's picker (a plain form), the page says its language and direction, Arabic is laid out right
 * to left, and the accessibility check stays clean in both.
 */
let portal: TestPortal;
let browser: Browser;
let baseUrl: string;

interface Brand {
  email: string;
  password: string;
  submissionId: string;
}
const brands: Record<'ja' | 'ar', Brand> = {} as Record<'ja' | 'ar', Brand>;

before(async () => {
  if (!chromiumInstalled()) return;
  portal = await startTestPortal();
  baseUrl = localhostUrl(portal.port);
  // 600 × 800: below the resolution floor, so the verdict lists a failure to fix.
  const small = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 600, height: 800 }))).bytes;
  for (const language of ['ja', 'ar'] as const) {
    const b = await createBrandUser(portal, `Lumiere ${language}`);
    const client = await login(portal, b.email, b.password);
    const res = await submitShade(client, defaultFields({ shadeCode: `lo-${language}` }), [named(small, `lo-${language}`)]);
    assert.equal(res.status, 303, res.text);
    brands[language] = { email: b.email, password: b.password, submissionId: submissionIdFrom(res.headers.location) };
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.cleanup();
});

/** Logs in (the login page is English for a new visitor) and picks the language in the header. */
async function inLanguage(language: 'ja' | 'ar', languageName: string): Promise<WatchedPage> {
  const watched = await openPage(browser, baseUrl);
  await logIn(watched.page, brands[language].email, brands[language].password);
  await watched.page.locator('#language-select').selectOption(language);
  await Promise.all([watched.page.waitForLoadState('load'), watched.page.locator('.language-picker button[type="submit"]').click()]);
  assert.equal(await watched.page.locator('#language-select option:checked').innerText(), languageName);
  return watched;
}

/** Where the brand name and the main navigation sit across the header, left to right. */
async function headerLayout(page: Page) {
  const brand = await page.locator('header.top a.brand').boundingBox();
  const nav = await page.getByRole('navigation').first().boundingBox();
  assert.ok(brand && nav, 'the header shows the brand and the navigation');
  return { brandX: brand.x, navX: nav.x, navRight: nav.x + nav.width, width: page.viewportSize()!.width };
}

async function expectClean(watched: WatchedPage) {
  assert.deepEqual(await seriousAxeViolations(watched.page), []);
  assert.deepEqual(watched.problems, []);
}

describe('pages in Japanese and Arabic', { skip: !chromiumInstalled() && 'chromium is not installed' }, () => {
  it('shows the dashboard and the verdict in Japanese, left to right', async () => {
    const watched = await inLanguage('ja', '日本語');
    const { page } = watched;
    await page.goto('/dashboard');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
    assert.equal(await page.getByRole('link', { name: 'シェードを登録' }).first().isVisible(), true);
    assert.match(await page.locator('table.list thead').innerText(), /ステータス/);
    const layout = await headerLayout(page);
    assert.ok(layout.brandX < layout.navX, 'the brand name comes first, on the left');
    await screenshot(page, 'localised-dashboard-ja');
    await expectClean(watched);

    await page.goto(`/submissions/${brands.ja.submissionId}`);
    assert.match(await page.locator('.verdict').innerText(), /^不承認：/);
    assert.equal(await page.getByRole('link', { name: '修正して再提出' }).count(), 1);
    await screenshot(page, 'localised-verdict-ja');
    await expectClean(watched);
    await page.context().close();
  });

  it('shows the dashboard and the verdict in Arabic, right to left', async () => {
    const watched = await inLanguage('ar', 'العربية');
    const { page } = watched;
    await page.goto('/dashboard');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
    assert.equal(await page.getByRole('link', { name: 'إرسال درجة لونية' }).first().isVisible(), true);
    // Right to left: the brand name starts the header at the right edge, the navigation follows to its left.
    const layout = await headerLayout(page);
    assert.ok(layout.brandX > layout.navX, 'the brand name sits to the right of the navigation');
    assert.ok(layout.navRight > layout.width / 2, 'the navigation starts from the right half');
    // Table cells read from the right too (text-align: start).
    const cellAlign = await page.locator('table.list th').first().evaluate((th) => getComputedStyle(th).textAlign);
    assert.equal(cellAlign, 'start');
    await screenshot(page, 'localised-dashboard-ar');
    await expectClean(watched);

    await page.goto(`/submissions/${brands.ar.submissionId}`);
    assert.match(await page.locator('.verdict').innerText(), /^مرفوضة:/);
    assert.equal(await page.getByRole('link', { name: 'أصلِح وأعد الإرسال' }).count(), 1);
    await screenshot(page, 'localised-verdict-ar');
    await expectClean(watched);
    await page.context().close();
  });
});
