import path from 'node:path';
import type { Knex } from 'knex';
import type { Db } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import { createLocalisation, DEFAULT_LANGUAGE, isLanguage, type Language, type Localisation } from '../i18n/i18n.ts';
import type { Logger } from '../logger.ts';
import type { NewPhoto, Photo, Submission, SubmissionRepository } from '../repositories/submission-repository.ts';
import type { UserRepository } from '../repositories/user-repository.ts';
import type { PhotoCopies } from '../storage/photo-copies.ts';
import type { DecisionHook } from '../submissions/submission-service.ts';
import { createEmailRepository, type EmailKind } from './email-repository.ts';
import { createMailComposer } from './mail-composer.ts';
import { createMailDispatcher, MAIL_JOB } from './mail-dispatcher.ts';
import { createMailTemplates } from './mail-templates.ts';
import { createSmtpTransport } from './mail-transport.ts';

/**
 * Mail to brands, end to end: an email is an outbox row plus a `mail.send` job, both written inside the
 * transaction of the decision that causes it (so an SMTP outage never fails an upload and a rolled-back
 * decision sends nothing); the job handler delivers it.
 */
export interface MailDeps {
  db: Db;
  jobs: JobQueue;
  users: UserRepository;
  submissions: SubmissionRepository;
  photoCopies: PhotoCopies;
  logger: Logger;
  viewsDir: string;
  /** The catalogs the mails are written from; by default views/locales (a test may inject its own). */
  localisation?: Localisation;
  baseUrl: string;
  smtpUrl?: string;
  from: string;
  maxAttempts: number;
}

export function createMail(deps: MailDeps) {
  const emails = createEmailRepository(deps.db);
  const localisation = deps.localisation ?? createLocalisation({ localesDir: path.join(deps.viewsDir, 'locales') });
  const composer = createMailComposer({
    templates: createMailTemplates(path.join(deps.viewsDir, 'emails'), localisation),
    localisation,
    baseUrl: deps.baseUrl,
  });
  const transport = deps.smtpUrl ? createSmtpTransport(deps.smtpUrl) : null;
  const dispatcher = createMailDispatcher({
    emails,
    users: deps.users,
    submissions: deps.submissions,
    copies: deps.photoCopies,
    transport,
    from: deps.from,
    logger: deps.logger,
  });

  /** Writes the email and its job in the caller's transaction; returns the outbox id. */
  async function enqueue(trx: Knex.Transaction, kind: EmailKind, submission: Submission, photos: Array<NewPhoto | Photo>, note: string | null = null): Promise<string> {
    const email = composer.compose(kind, submission, photos, note, await recipientLanguage(trx, submission));
    await emails.insert(trx, email);
    await deps.jobs.enqueue(trx, { type: MAIL_JOB, payload: { emailId: email.id }, dedupeKey: email.id, maxAttempts: deps.maxAttempts });
    return email.id;
  }

  /**
   * The language the mail is written in: the chosen language of the brand user who submitted the shade
   * (the brand's contact for it), else English. Read in the decision's transaction: on SQLite it holds
   * the only connection.
   */
  async function recipientLanguage(trx: Knex.Transaction, submission: Submission): Promise<Language> {
    const row = (await trx('users').where({ id: submission.createdBy }).first('language')) as { language?: unknown } | undefined;
    return isLanguage(row?.language) ? row.language : DEFAULT_LANGUAGE;
  }

  /** Registered as a decision hook: a refused submission mails the brand what to fix. */
  const onRejection: DecisionHook = async (trx, submission, photos) => {
    if (submission.verdict === 'rejected') await enqueue(trx, 'rejection', submission, photos);
  };

  const handlers: Record<string, JobHandler> = { [MAIL_JOB]: dispatcher.send };

  return { emails, enqueue, onRejection, handlers, thumbnailOf: dispatcher.thumbnailOf, capturing: transport === null, close: () => transport?.close() };
}

export type Mail = ReturnType<typeof createMail>;
