import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumInstalled, launchBrowser, localhostUrl, logIn, openPage, seriousAxeViolations } from '../../browser/browser-harness.ts';
import { createBrandUser, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { createAnalyseOnceInspector, photoBytes, photoName } from './api-test-kit.ts';

/** The bulk page in headless Chromium, with its real CSP: upload progress, then the per-row status list. */
let portal: TestPortal;
let browser: Browser;

describe('the bulk upload page', { skip: !chromiumInstalled() && 'Chromium is not installed' }, () => {
  before(async () => {
    portal = await startTestPortal({ UPLOAD_MAX_BYTES: 3_000_000 }, { inspector: createAnalyseOnceInspector() });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await portal?.cleanup();
  });

  it('shows upload progress, then each row’s outcome as it is checked, with no script or CSP errors', async () => {
    const user = await createBrandUser(portal, 'Browser Bulk');
    const clean = await photoBytes();
    const { page, problems } = await openPage(browser, localhostUrl(portal.port));
    await logIn(page, user.email, user.password);
    await page.goto('/bulk');
    const csv = 'line,shade_code,shade_name,category,finish,swatch_hex\nSilk Matte,br-1,Rose Petal,lipstick,matte,#b22146\nSilk Matte,br-2,Deep Plum,lipstick,matte,#b22146\n';
    await page.getByLabel('CSV file').setInputFiles({ name: 'shades.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('Photos').setInputFiles([
      { name: photoName('br-1'), mimeType: 'image/jpeg', buffer: clean },
      { name: photoName('zz-9'), mimeType: 'image/jpeg', buffer: clean },
    ]);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText(/^Done: 2 of 2 shades checked\.$/).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('#bulk-upload-bar').evaluate((el) => (el as HTMLProgressElement).value), 100);
    assert.equal(await page.locator('#bulk-rows-bar').evaluate((el) => (el as HTMLProgressElement).value), 2);
    const rows = await page.locator('#bulk-rows > li').allTextContents();
    assert.equal(rows.length, 3, rows.join('\n'));
    assert.match(rows[0], /^Line 2 · br-1: Accepted/);
    assert.match(rows[1], /^Line 3 · br-2: Row without photo/);
    assert.match(rows[2], /zz-9_front\.jpg: Unmatched photo/);
    // Each reason is an item of its own, never sentences glued with "; " ("must be.; …").
    const reasons = await page.locator('#bulk-rows > li > ul > li').allTextContents();
    assert.ok(reasons.some((r) => /No CSV row has the shade code zz-9/.test(r)), reasons.join('\n'));
    assert.doesNotMatch((await page.locator('#bulk-rows').innerText()), /\.;/);
    assert.deepEqual(problems, []);
    assert.deepEqual(await seriousAxeViolations(page), []);

    await page.getByRole('link', { name: 'Open the full report' }).click();
    await page.waitForURL(/\/bulk\/[0-9a-f-]{36}$/);
    const reportUrl = page.url();
    assert.equal(await page.locator('tr[data-outcome="accepted"]').count(), 1);
    assert.deepEqual(await seriousAxeViolations(page), []);
    const csvReport = await (await page.request.get(`${reportUrl}/report.csv`)).text();
    assert.doesNotMatch(csvReport, /\.;/);

    // After leaving, the report is found again: from the dashboard to /bulk, and from there to the report.
    await page.goto('/dashboard');
    await Promise.all([page.waitForURL(/\/bulk$/), page.getByRole('link', { name: 'Bulk upload and earlier reports' }).click()]);
    const earlier = page.getByRole('region', { name: 'Your earlier bulk uploads' }).getByRole('link');
    assert.equal(await earlier.count(), 1);
    await Promise.all([page.waitForURL(reportUrl), earlier.first().click()]);
    assert.deepEqual(await seriousAxeViolations(page), []);
  });

  it('shows a new token once on the settings page, which passes the accessibility checks', async () => {
    const user = await createBrandUser(portal, 'Browser Tokens');
    const { page, problems } = await openPage(browser, localhostUrl(portal.port));
    await logIn(page, user.email, user.password);
    await page.goto('/settings/tokens');
    await page.getByLabel('Name (what uses it)').fill('PIM');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.getByLabel('Token', { exact: true }).inputValue();
    assert.match(token, /^sg_brand_/);
    assert.deepEqual(await seriousAxeViolations(page), []);
    await page.goto('/settings/tokens');
    assert.equal((await page.content()).includes(token), false);
    assert.deepEqual(problems, []);
  });
});
