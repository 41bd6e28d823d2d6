import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Handlebars from 'handlebars';
import { defaultSpec, renderPhoto } from '../../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../../support/browserless-client.ts';
import { createBrandUser, createReviewer, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { named, submissionIdFrom, waitFor } from '../../support/submission-helpers.ts';
import { partOfType, readMime, type MimeMessage } from './mime-reader.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';

let smtp: SmtpSink;
let portal: TestPortal;
let brand: Client;
let reviewer: Client;
let contacts: string[];
let smallPhoto: Buffer;

/** 300 × 400 is below the 1000 px resolution floor, and a green declared colour is far from the red shade: two failed rules. */
const REFUSED_FIELDS = { swatchHex: '#2a8f3c' };


const emailOf = async (submissionId: string) => portal.db('emails').where({ submission_id: submissionId }).first();
const jobOf = async (emailId: string) => portal.db('jobs').where({ dedupe_key: emailId }).first();
const messagesWithId = (messageId: string) => smtp.received.filter((m) => readMime(m.raw).headers['message-id'] === messageId);

async function refuse(shadeCode: string, shadeName = 'Nude Kiss'): Promise<string> {
  const res = await submitShade(brand, defaultFields({ shadeCode, shadeName, ...REFUSED_FIELDS }), [named(smallPhoto, shadeCode)]);
  assert.equal(res.status, 303, res.text);
  const id = submissionIdFrom(res.headers.location);
  assert.equal((await portal.db('submissions').where({ id }).first()).status, 'rejected');
  return id;
}

before(async () => {
  smtp = await startSmtpSink();
  portal = await startTestPortal({ SMTP_URL: smtp.url, JOB_BACKOFF_BASE_MS: 40, MAIL_MAX_ATTEMPTS: 30, BASE_URL: 'https://portal.example' });
  const a = await createBrandUser(portal, 'Lumiere');
  const second = await portal.users.createUser({
    email: 'second.contact@lumiere.example',
    name: 'Second contact',
    role: 'brand',
    brandId: a.brand.id,
    passwordHash: await portal.passwords.hash('pw-second'),
  });
  // A stored address that tries to smuggle a second recipient: validation must refuse it.
  await portal.users.createUser({
    email: 'x@lumiere.example, attacker@evil.example',
    name: 'Hostile',
    role: 'brand',
    brandId: a.brand.id,
    passwordHash: await portal.passwords.hash('pw-hostile'),
  });
  contacts = [a.email.toLowerCase(), second.email].sort();
  const r = await createReviewer(portal);
  [brand, reviewer] = await Promise.all([login(portal, a.email, a.password), login(portal, r.email, r.password)]);
  smallPhoto = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 300, height: 400 }))).bytes;
});

after(async () => {
  await portal.cleanup();
  await smtp.stop();
});

describe('the rejection email', () => {
  let message: MimeMessage;
  let delivered: { to: string[] };
  let submissionId: string;
  let failed: Array<{ rule: string; message: string; threshold: string; fix: string }>;

  before(async () => {
    submissionId = await refuse('nu-12');
    const email = await waitFor(portal, async () => ((await emailOf(submissionId))?.status === 'sent' ? emailOf(submissionId) : null), 'the email to be sent');
    const copies = messagesWithId(email.message_id);
    assert.equal(copies.length, 1);
    delivered = copies[0];
    message = readMime(copies[0].raw);
    const photos = await portal.db('photos').where({ submission_id: submissionId });
    failed = photos.flatMap((p) => JSON.parse(p.findings)).filter((f: { status: string }) => f.status === 'fail');
  });

  it('goes to every valid brand contact and to nobody else', () => {
    assert.deepEqual([...delivered.to].sort(), contacts);
    assert.ok(!message.headers.to.includes('evil.example'));
    assert.ok(!message.headers.cc && !message.headers.bcc);
  });

  it('names the shade in the subject', () => {
    assert.equal(message.headers.subject, 'Refused: nu-12 · Nude Kiss — 2 points to fix');
  });

  it('lists every failed rule with its measured value, limit and fix in both the text and the HTML part', () => {
    // The fixture fails exactly these two rules (see REFUSED_FIELDS).
    assert.deepEqual(failed.map((f) => f.rule).sort(), ['resolution', 'swatch']);
    const text = partOfType(message, 'text/plain')!.body.toString('utf8');
    const html = partOfType(message, 'text/html')!.body.toString('utf8');
    for (const f of failed) {
      for (const words of [f.message, f.threshold, f.fix]) {
        assert.ok(text.includes(words), `text part lacks: ${words}`);
        assert.ok(html.includes(Handlebars.escapeExpression(words)), `HTML part lacks: ${words}`);
      }
    }
  });

  it('says the verdict in the same sentence as the verdict page', async () => {
    const page = await brand.get(`/submissions/${submissionId}`);
    const sentence = /<p class="verdict verdict-rejected">([^<]+)<\/p>/.exec(page.text)?.[1];
    assert.ok(sentence);
    const text = partOfType(message, 'text/plain')!.body.toString('utf8');
    const html = partOfType(message, 'text/html')!.body.toString('utf8');
    // The page shows the sentence HTML-escaped; so does the email's HTML part, the text part shows it raw.
    assert.ok(html.includes(sentence), sentence);
    assert.ok(text.includes(sentence.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')), sentence);
  });

  it('carries a resubmit link and an inline thumbnail referenced by the HTML part', () => {
    const text = partOfType(message, 'text/plain')!.body.toString('utf8');
    assert.ok(text.includes(`https://portal.example/submissions/new?replaces=${submissionId}`));
    const image = partOfType(message, 'image/jpeg');
    assert.ok(image, 'no JPEG part');
    const cid = /<([^>]+)>/.exec(image.headers['content-id'] ?? '')?.[1];
    assert.ok(cid);
    assert.ok(partOfType(message, 'text/html')!.body.toString('utf8').includes(`src="cid:${cid}"`));
    assert.deepEqual([...image.body.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  });

  it('records the refused hostile address instead of handing it to the mailer', async () => {
    const email = await emailOf(submissionId);
    assert.deepEqual(JSON.parse(email.recipients).sort(), contacts);
    assert.equal(JSON.parse(email.refused_recipients)[0].address, 'x@lumiere.example, attacker@evil.example');
  });
});

describe('hostile shade text', () => {
  it('cannot add a header or a recipient through the subject', async () => {
    const submissionId = await refuse('nu-15', 'Nude Kiss\r\nBcc: attacker@evil.example');
    const email = await waitFor(portal, async () => ((await emailOf(submissionId))?.status === 'sent' ? emailOf(submissionId) : null), 'the email to be sent');
    const [copy] = messagesWithId(email.message_id);
    assert.deepEqual([...copy.to].sort(), contacts);
    const message = readMime(copy.raw);
    assert.equal(message.headers.bcc, undefined);
    // The naming rule also fails on a shade name with a line break: three points.
    assert.equal(message.headers.subject, 'Refused: nu-15 · Nude Kiss Bcc: attacker@evil.example — 3 points to fix');
    assert.doesNotMatch(copy.raw.split('\r\n\r\n')[0], /^Bcc:/im);
  });
});

describe('an SMTP outage', () => {
  it('never fails the upload, and the mail is delivered exactly once when the server is back', async () => {
    await smtp.stop();
    const submissionId = await refuse('nu-13');
    const email = await emailOf(submissionId);
    // Connection refused: the job is retried with backoff while the server is down.
    await waitFor(portal, async () => ((await jobOf(email.id))?.attempts >= 2 ? true : null), 'two failed attempts');
    const during = await emailOf(submissionId);
    assert.equal(during.status, 'queued');
    assert.match(during.last_error, /ECONNREFUSED|connect/i);
    assert.equal(messagesWithId(email.message_id).length, 0);

    await smtp.restart();
    await waitFor(portal, async () => ((await jobOf(email.id))?.status === 'done' ? true : null), 'the job to finish');
    assert.equal((await emailOf(submissionId)).status, 'sent');
    assert.equal(messagesWithId(email.message_id).length, 1);
  });
});

describe('a permanent refusal (5xx)', () => {
  it('goes to the dead letter at once and shows on the reviewers mail page', async () => {
    smtp.mode = 'reject-550';
    try {
      const submissionId = await refuse('nu-14');
      const email = await emailOf(submissionId);
      await waitFor(portal, async () => ((await jobOf(email.id))?.status === 'dead' ? true : null), 'the job to be dead-lettered');
      const row = await emailOf(submissionId);
      assert.equal(row.status, 'dead');
      assert.equal((await jobOf(email.id)).attempts, 1);
      assert.match(row.last_error, /550|mailbox unavailable/);
      assert.equal(messagesWithId(email.message_id).length, 0);
      const page = await reviewer.get('/admin/mail?status=dead');
      assert.equal(page.status, 200);
      assert.ok(page.text.includes('Refused: nu-14 · Nude Kiss'));
      assert.match(page.text, /could not be delivered \(dead letter\)/);
    } finally {
      smtp.mode = 'accept';
    }
  });
});

describe('the mail page', () => {
  it('is refused to brand users', async () => {
    for (const path of ['/admin/mail', '/admin/mail/00000000-0000-4000-8000-000000000000', '/admin/mail/00000000-0000-4000-8000-000000000000/html']) {
      assert.equal((await brand.get(path)).status, 403, path);
    }
  });
});
