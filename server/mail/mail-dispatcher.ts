import { PermanentJobError, type Job } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';
import type { SubmissionRepository } from '../repositories/submission-repository.ts';
import type { UserRepository } from '../repositories/user-repository.ts';
import type { PhotoCopies } from '../storage/photo-copies.ts';
import { checkAddress } from './mail-address.ts';
import { thumbnailCid } from './mail-composer.ts';
import type { Email, EmailRepository } from './email-repository.ts';
import { isPermanentMailError, type MailTransport, type OutgoingMail } from './mail-transport.ts';

export const MAIL_JOB = 'mail.send';

export interface MailDispatcherDeps {
  emails: EmailRepository;
  users: UserRepository;
  submissions: SubmissionRepository;
  /** The stored thumbnail of a photo (no original is decoded to send a mail). */
  copies: Pick<PhotoCopies, 'size'>;
  /** Null when no SMTP server is configured: mail is captured in the database instead. */
  transport: MailTransport | null;
  from: string;
  logger: Logger;
}

const FINISHED = new Set(['sent', 'captured', 'dead', 'no_recipients']);
const SYSTEM_VIEWER = { userId: 'mail-dispatcher', role: 'reviewer', brandId: null } as const;

/**
 * The `mail.send` job: one outbox row → one SMTP transaction. A row already delivered is never sent
 * again (a redelivered job is a no-op), retries reuse the row's Message-ID and recipients, a 5xx reply
 * dead-letters at once and an exhausted 4xx/connection failure dead-letters after the last attempt —
 * both logged as alerts.
 */
export function createMailDispatcher(deps: MailDispatcherDeps) {
  async function send(payload: { emailId: string }, job: Job): Promise<void> {
    const email = await deps.emails.find(String(payload?.emailId ?? ''));
    if (!email) throw new PermanentJobError(`No outbox email ${String(payload?.emailId)}`);
    if (FINISHED.has(email.status)) return;

    const recipients = email.recipients ?? (await fixRecipients(email));
    if (recipients.length === 0) {
      await deps.emails.markNoRecipients(email.id);
      deps.logger.warn('mail has no valid recipient', { alert: true, emailId: email.id, submissionId: email.submissionId });
      return;
    }
    if (!deps.transport) {
      await deps.emails.markDelivered(email.id, 'captured', job.attempts);
      return;
    }
    try {
      const result = await deps.transport.send(await outgoing(email, recipients));
      await deps.emails.markDelivered(email.id, 'sent', job.attempts);
      if (result.rejected.length) deps.logger.warn('mail partly refused by the server', { emailId: email.id, rejected: result.rejected });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const permanent = isPermanentMailError(err);
      if (permanent || job.attempts >= job.maxAttempts) {
        await deps.emails.markDead(email.id, job.attempts, message);
        deps.logger.error('mail dead-lettered', { alert: true, emailId: email.id, submissionId: email.submissionId, attempts: job.attempts, error: message });
        if (permanent) throw new PermanentJobError(message);
      } else {
        await deps.emails.markAttempt(email.id, job.attempts, message);
      }
      throw err;
    }
  }

  /** The brand's contacts at the first attempt, validated; kept on the row so every retry goes to the same people. */
  async function fixRecipients(email: Email): Promise<string[]> {
    const contacts = await deps.users.listBrandContacts(email.brandId);
    const accepted: string[] = [];
    const refused: Array<{ address: string; reason: string }> = [];
    for (const c of contacts) {
      const check = checkAddress(c.email);
      if (check.ok) {
        if (!accepted.includes(check.address)) accepted.push(check.address);
      } else refused.push({ address: c.email.slice(0, 254), reason: check.reason });
    }
    await deps.emails.setRecipients(email.id, accepted, refused);
    if (refused.length) deps.logger.warn('mail recipients refused by validation', { emailId: email.id, refused });
    return accepted;
  }

  async function outgoing(email: Email, to: string[]): Promise<OutgoingMail> {
    const attachments: OutgoingMail['attachments'] = [];
    const thumbnail = email.thumbnailPhotoId ? await renderThumbnail(email.thumbnailPhotoId) : null;
    if (thumbnail) {
      attachments.push({ filename: 'photo.jpg', content: thumbnail, contentType: 'image/jpeg', cid: thumbnailCid(email.id, messageDomainOf(email)) });
    }
    return { from: deps.from, to, subject: email.subject, text: email.textBody, html: email.htmlBody, messageId: email.messageId, attachments };
  }

  /** A metadata-free copy of the photo; a photo that cannot be read leaves the mail without a thumbnail rather than unsent. */
  async function renderThumbnail(photoId: string): Promise<Buffer | null> {
    try {
      const photo = await deps.submissions.findPhotoForViewer(photoId, SYSTEM_VIEWER);
      if (!photo) return null;
      return await deps.copies.size(photo, 'thumb');
    } catch (err) {
      deps.logger.warn('mail thumbnail could not be rendered', { photoId, error: err instanceof Error ? err.message : String(err) });
      return null;
    }
  }

  /** The inline thumbnail of an email and its Content-ID, as the brand's mail client shows it (the mail preview uses it). */
  async function thumbnailOf(email: Email): Promise<{ cid: string; jpeg: Buffer } | null> {
    const jpeg = email.thumbnailPhotoId ? await renderThumbnail(email.thumbnailPhotoId) : null;
    return jpeg ? { cid: thumbnailCid(email.id, messageDomainOf(email)), jpeg } : null;
  }

  return { send, thumbnailOf };
}

const messageDomainOf = (email: Email) => /@([^>]+)>$/.exec(email.messageId)?.[1] ?? 'shadegate.local';
