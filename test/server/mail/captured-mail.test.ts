import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultSpec, renderPhoto } from '../../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../../support/browserless-client.ts';
import { createBrandUser, createReviewer, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { named, submissionIdFrom, waitFor } from '../../support/submission-helpers.ts';

let portal: TestPortal;
let brand: Client;
let reviewer: Client;
let brandEmail: string;



before(async () => {
  // No SMTP_URL: mail is captured in the database and shown to reviewers.
  portal = await startTestPortal();
  const a = await createBrandUser(portal, 'Lumiere');
  brandEmail = a.email.toLowerCase();
  const r = await createReviewer(portal);
  [brand, reviewer] = await Promise.all([login(portal, a.email, a.password), login(portal, r.email, r.password)]);
});

after(() => portal.cleanup());

describe('mail without an SMTP server', () => {
  let emailId: string;

  before(async () => {
    // 300 × 400 is below the 1000 px resolution floor: refused.
    const bytes = (await renderPhoto(defaultSpec({ width: 300, height: 400 }))).bytes;
    const res = await submitShade(brand, defaultFields({ shadeCode: 'cp-1' }), [named(bytes, 'cp-1')]);
    assert.equal(res.status, 303);
    const submissionId = submissionIdFrom(res.headers.location);
    const row = await waitFor(portal, async () => {
      const email = await portal.db('emails').where({ submission_id: submissionId }).first();
      return email?.status === 'captured' ? email : null;
    }, 'the email to be captured');
    emailId = row.id;
    assert.deepEqual(JSON.parse(row.recipients), [brandEmail]);
  });

  it('is listed on the reviewers mail page as captured', async () => {
    const res = await reviewer.get('/admin/mail');
    assert.equal(res.status, 200);
    assert.match(res.text, /No SMTP server is configured/);
    assert.ok(res.text.includes('Refused: cp-1 · Nude Kiss — 1 point to fix'));
    assert.match(res.text, /Captured \(no SMTP server configured\)/);
  });

  it('shows the plain-text part and serves the HTML part sandboxed', async () => {
    const page = await reviewer.get(`/admin/mail/${emailId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /WHAT TO FIX \(1\)/);
    assert.ok(page.text.includes(brandEmail));
    const html = await reviewer.get(`/admin/mail/${emailId}/html`);
    assert.equal(html.status, 200);
    assert.match(html.headers['content-security-policy'], /^sandbox;/);
    assert.match(html.text, /What to fix \(1\)/);
  });
});
