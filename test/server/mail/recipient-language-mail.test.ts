import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultSpec, renderPhoto } from '../../fixtures/index.ts';
import { defaultFields, login, submitShade } from '../../support/browserless-client.ts';
import { createBrandUser, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { named, submissionIdFrom, waitFor } from '../../support/submission-helpers.ts';
import type { Language } from '../../../server/i18n/i18n.ts';
import { partOfType, readMime, type MimeMessage } from './mime-reader.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';

let smtp: SmtpSink;
let portal: TestPortal;
let smallPhoto: Buffer;

/** A brand whose one user chose `language` submits a photo that is refused; the mail the SMTP server received. */
async function refusalMailFor(language: Language | null, shadeCode: string): Promise<MimeMessage> {
  const a = await createBrandUser(portal);
  if (language) await portal.users.setLanguage(a.user.id, language);
  const client = await login(portal, a.email, a.password);
  // 300 × 400 is below the resolution floor and green is far from the red shade: two failed rules.
  const res = await submitShade(client, defaultFields({ shadeCode, swatchHex: '#2a8f3c' }), [named(smallPhoto, shadeCode)]);
  assert.equal(res.status, 303, res.text);
  const submissionId = submissionIdFrom(res.headers.location);
  const email = await waitFor(
    portal,
    async () => {
      const row = await portal.db('emails').where({ submission_id: submissionId }).first();
      return row?.status === 'sent' ? row : null;
    },
    'the email to be sent',
  );
  const sent = smtp.received.find((m) => readMime(m.raw).headers['message-id'] === email.message_id);
  assert.ok(sent, 'the SMTP server received the mail');
  return readMime(sent.raw);
}

const textOf = (m: MimeMessage) => partOfType(m, 'text/plain')!.body.toString('utf8');
const htmlOf = (m: MimeMessage) => partOfType(m, 'text/html')!.body.toString('utf8');

before(async () => {
  smtp = await startSmtpSink();
  portal = await startTestPortal({ SMTP_URL: smtp.url, JOB_BACKOFF_BASE_MS: 40, BASE_URL: 'https://portal.example' });
  smallPhoto = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 300, height: 400 }))).bytes;
});

after(async () => {
  await portal.cleanup();
  await smtp.stop();
});

describe('a refusal mail in the recipient’s language', () => {
  it('reaches a brand user who chose Japanese in Japanese: subject, text and HTML, rule ids unchanged', async () => {
    const mail = await refusalMailFor('ja', 'ja-1');
    assert.match(mail.headers.subject, /^却下：ja-1 · .+ — 修正点 2 件$/);
    const text = textOf(mail);
    assert.match(text, /修正が必要な項目（2）/);
    assert.match(text, /解像度/);
    assert.match(text, /申告カラー/);
    assert.match(text, /ルール resolution/);
    assert.doesNotMatch(text, /What to fix|How to fix|Refused/);
    const html = htmlOf(mail);
    assert.match(html, /<html lang="ja" dir="ltr">/);
    assert.match(html, /修正して再提出/);
    assert.match(html, /写真基準：/);
  });

  it('reaches a brand user who chose Arabic right to left, in Arabic', async () => {
    const mail = await refusalMailFor('ar', 'ar-1');
    assert.match(mail.headers.subject, /^مرفوض: ar-1/);
    const html = htmlOf(mail);
    assert.match(html, /<html lang="ar" dir="rtl">/);
    assert.match(html, /الدقة/);
    assert.match(textOf(mail), /عالج وأعد الإرسال/);
  });

  it('stays in English for a user who chose no language', async () => {
    const mail = await refusalMailFor(null, 'en-1');
    assert.match(mail.headers.subject, /^Refused: en-1 · .+ — 2 points to fix$/);
    assert.match(htmlOf(mail), /<html lang="en" dir="ltr">/);
  });
});
