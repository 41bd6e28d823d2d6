import type { Knex } from 'knex';
import type { Db } from '../db/database.ts';
import type { DbRow } from '../db/db-row.ts';

/** The mail outbox (`emails`), as plain objects. */
export type EmailKind = 'rejection' | 'upheld' | 'new_photo_requested' | 'overridden';
export type EmailStatus = 'queued' | 'sent' | 'captured' | 'dead' | 'no_recipients';

export interface Email {
  id: string;
  kind: EmailKind;
  submissionId: string;
  brandId: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  thumbnailPhotoId: string | null;
  recipients: string[] | null;
  refusedRecipients: Array<{ address: string; reason: string }>;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  messageId: string;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export type NewEmail = Pick<Email, 'id' | 'kind' | 'submissionId' | 'brandId' | 'subject' | 'textBody' | 'htmlBody' | 'thumbnailPhotoId' | 'messageId'>;

function toEmail(r: DbRow): Email {
  return {
    id: r.id,
    kind: r.kind,
    submissionId: r.submission_id,
    brandId: r.brand_id,
    subject: r.subject,
    textBody: r.text_body,
    htmlBody: r.html_body,
    thumbnailPhotoId: r.thumbnail_photo_id,
    recipients: r.recipients ? (JSON.parse(r.recipients) as string[]) : null,
    refusedRecipients: r.refused_recipients ? JSON.parse(r.refused_recipients) : [],
    status: r.status,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    messageId: r.message_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
  };
}

export function createEmailRepository(db: Db) {
  const now = () => new Date().toISOString();
  const update = (id: string, fields: Record<string, unknown>) => db('emails').where({ id }).update({ ...fields, updated_at: now() });

  return {
    async insert(trx: Knex.Transaction, email: NewEmail): Promise<void> {
      const t = now();
      await trx('emails').insert({
        id: email.id,
        kind: email.kind,
        submission_id: email.submissionId,
        brand_id: email.brandId,
        subject: email.subject,
        text_body: email.textBody,
        html_body: email.htmlBody,
        thumbnail_photo_id: email.thumbnailPhotoId,
        status: 'queued',
        attempts: 0,
        message_id: email.messageId,
        created_at: t,
        updated_at: t,
      });
    },
    async find(id: string): Promise<Email | null> {
      const row = await db('emails').where({ id }).first();
      return row ? toEmail(row) : null;
    },
    async list(filter: { status?: string; submissionId?: string; limit: number; offset: number }): Promise<{ items: Email[]; total: number }> {
      const base = () => {
        const q = db('emails');
        if (filter.status) q.where({ status: filter.status });
        if (filter.submissionId) q.where({ submission_id: filter.submissionId });
        return q;
      };
      const [{ n }] = await base().count({ n: '*' });
      const rows = await base().select('*').orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset);
      return { items: rows.map(toEmail), total: Number(n) };
    },
    async countByStatus(): Promise<Record<string, number>> {
      const rows = (await db('emails').select('status').count({ n: '*' }).groupBy('status')) as Array<{ status: string; n: number | string }>;
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    setRecipients: (id: string, recipients: string[], refused: Array<{ address: string; reason: string }>) =>
      update(id, { recipients: JSON.stringify(recipients), refused_recipients: JSON.stringify(refused) }),
    markAttempt: (id: string, attempts: number, error: string) => update(id, { attempts, last_error: error.slice(0, 2000) }),
    markDelivered: (id: string, status: 'sent' | 'captured', attempts: number) =>
      update(id, { status, attempts, sent_at: now(), last_error: null }),
    markDead: (id: string, attempts: number, error: string) => update(id, { status: 'dead', attempts, last_error: error.slice(0, 2000) }),
    markNoRecipients: (id: string) => update(id, { status: 'no_recipients' }),
  };
}

export type EmailRepository = ReturnType<typeof createEmailRepository>;
