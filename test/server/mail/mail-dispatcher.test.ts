import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openDatabase, type Db } from '../../../server/db/database.ts';
import { runMigrations } from '../../../server/db/migrate.ts';
import { PermanentJobError, type Job } from '../../../server/jobs/job-queue.ts';
import { createLogger } from '../../../server/logger.ts';
import { createEmailRepository, type EmailRepository } from '../../../server/mail/email-repository.ts';
import { createMailDispatcher } from '../../../server/mail/mail-dispatcher.ts';
import type { MailTransport, OutgoingMail } from '../../../server/mail/mail-transport.ts';
import { createSubmissionRepository } from '../../../server/repositories/submission-repository.ts';
import { createUserRepository } from '../../../server/repositories/user-repository.ts';

/**
 * The dispatcher's decisions, one SMTP outcome at a time, against a real (in-memory) database and a
 * transport that answers as told. The end-to-end behaviour over real SMTP is in rejection-mail.test.ts.
 */
let db: Db;
let emails: EmailRepository;
let brandId: string;
let submissionId: string;
const sent: OutgoingMail[] = [];
let answer: () => Promise<void> = async () => {};

const transport: MailTransport = {
  async send(mail) {
    await answer();
    sent.push(mail);
    return { accepted: mail.to, rejected: [], response: '250 OK' };
  },
  close() {},
};

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode, code: 'EENVELOPE' });
const job = (attempts: number, maxAttempts = 3): Job => ({ id: 'j', type: 'mail.send', payload: null, attempts, maxAttempts, leaseToken: 't' });

async function newEmail(): Promise<string> {
  const id = crypto.randomUUID();
  await db.transaction((trx) =>
    emails.insert(trx, { id, kind: 'rejection', submissionId, brandId, subject: 'Refused: x', textBody: 't', htmlBody: '<p>h</p>', thumbnailPhotoId: null, messageId: `<${id}@test>` }),
  );
  return id;
}

let dispatcher: ReturnType<typeof createMailDispatcher>;

before(async () => {
  db = openDatabase('sqlite::memory:');
  await runMigrations(db);
  const users = createUserRepository(db);
  const brand = await users.createBrand({ name: 'Lumiere', slug: 'lumiere' });
  brandId = brand.id;
  const user = await users.createUser({ email: 'camille@lumiere.example', name: 'Camille', role: 'brand', brandId, passwordHash: 'x' });
  submissionId = crypto.randomUUID();
  await db('submissions').insert({
    id: submissionId, brand_id: brandId, created_by: user.id, product_line: 'Silk Matte', shade_code: 'nu-12', shade_name: 'Nude Kiss',
    category: 'lipstick', declared_finish: 'matte', swatch_hex: '#b22146', status: 'rejected', verdict: 'rejected',
    created_at: new Date().toISOString(), updated_at: new Date().toISOString(),
  });
  emails = createEmailRepository(db);
  dispatcher = createMailDispatcher({
    emails,
    users,
    submissions: createSubmissionRepository(db),
    copies: { size: async () => Buffer.alloc(0) },
    transport,
    from: 'Shadegate <no-reply@shadegate.example>',
    logger: createLogger('silent'),
  });
});

after(() => db.destroy());

beforeEach(() => {
  sent.length = 0;
  answer = async () => {};
});

describe('the mail.send job', () => {
  it('sends once and does nothing when the same job runs again', async () => {
    const id = await newEmail();
    await dispatcher.send({ emailId: id }, job(1));
    await dispatcher.send({ emailId: id }, job(2));
    assert.equal(sent.length, 1);
    assert.equal(sent[0].messageId, `<${id}@test>`);
    assert.deepEqual(sent[0].to, ['camille@lumiere.example']);
    assert.equal((await emails.find(id))!.status, 'sent');
  });

  it('keeps a 4xx for a retry and keeps the same Message-ID', async () => {
    const id = await newEmail();
    answer = async () => {
      throw smtpError(451, '451 4.3.0 try again later');
    };
    await assert.rejects(dispatcher.send({ emailId: id }, job(1)), (err) => !(err instanceof PermanentJobError));
    const queued = (await emails.find(id))!;
    assert.equal(queued.status, 'queued');
    assert.match(queued.lastError!, /451/);
    answer = async () => {};
    await dispatcher.send({ emailId: id }, job(2));
    assert.equal(sent.length, 1);
    assert.equal(sent[0].messageId, `<${id}@test>`);
  });

  it('dead-letters a 5xx at once', async () => {
    const id = await newEmail();
    answer = async () => {
      throw smtpError(550, '550 5.1.1 mailbox unavailable');
    };
    await assert.rejects(dispatcher.send({ emailId: id }, job(1)), PermanentJobError);
    assert.equal((await emails.find(id))!.status, 'dead');
  });

  it('dead-letters a connection failure on the last allowed attempt', async () => {
    const id = await newEmail();
    answer = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' });
    };
    await assert.rejects(dispatcher.send({ emailId: id }, job(3, 3)));
    const row = (await emails.find(id))!;
    assert.equal(row.status, 'dead');
    assert.equal(row.attempts, 3);
  });

  it('sends nothing when the brand has no valid address', async () => {
    await db('users').where({ brand_id: brandId }).update({ email: 'camille@lumiere.example\r\nBcc: x@evil.example' });
    try {
      const id = await newEmail();
      await dispatcher.send({ emailId: id }, job(1));
      assert.equal(sent.length, 0);
      const row = (await emails.find(id))!;
      assert.equal(row.status, 'no_recipients');
      assert.equal(row.refusedRecipients.length, 1);
    } finally {
      await db('users').where({ brand_id: brandId }).update({ email: 'camille@lumiere.example' });
    }
  });
});
