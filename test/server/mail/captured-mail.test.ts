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

describe('the mail preview of a refusal whose front photo was refused and whose swatch photo passed', () => {
  let email: { id: string; thumbnail_photo_id: string };
  let frontId: string;

  before(async () => {
    const [small, swatch] = await Promise.all([
      renderPhoto(defaultSpec({ width: 300, height: 400 })),
      // 750 × 1000: meets the resolution floor, so the swatch photo is accepted (and is the best photo).
      renderPhoto(defaultSpec({ kind: 'swatch', width: 750, height: 1000 })),
    ]);
    const res = await submitShade(brand, defaultFields({ shadeCode: 'cp-2' }), [named(small.bytes, 'cp-2'), named(swatch.bytes, 'cp-2', 'swatch')]);
    assert.equal(res.status, 303, res.text);
    const submissionId = submissionIdFrom(res.headers.location);
    const photos = await portal.db('photos').where({ submission_id: submissionId });
    frontId = photos.find((p) => p.view === 'front').id;
    assert.equal(photos.find((p) => p.view === 'swatch').verdict, 'accepted');
    email = await waitFor(portal, async () => portal.db('emails').where({ submission_id: submissionId }).first(), 'the email');
  });

  it('shows the refused front photo, not the accepted swatch', () => {
    assert.equal(email.thumbnail_photo_id, frontId);
  });

  it('shows the thumbnail inline as a data: image, the only kind of image its policy allows', async () => {
    const html = await reviewer.get(`/admin/mail/${email.id}/html`);
    assert.equal(html.status, 200);
    assert.match(html.text, /<img src="data:image\/jpeg;base64,[A-Za-z0-9+/=]{100,}"/);
    assert.doesNotMatch(html.text, /src="cid:/);
    const csp = String(html.headers['content-security-policy']);
    assert.match(csp, /img-src data:(;|$)/);
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src|allow-same-origin|unsafe-eval/);
  });
});
