import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Email, EmailRepository } from '../../mail/email-repository.ts';
import { presentEmail } from '../../review/review-presenter.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { handler } from '../async-handler.ts';
import { pageTranslator } from '../page-text.ts';
import { AppError, notFound } from '../errors.ts';
import { requireReviewer } from './review-routes.ts';

const PAGE_SIZE = 50;
const STATUSES = ['queued', 'sent', 'captured', 'dead', 'no_recipients'] as const;
const querySchema = z.object({
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(STATUSES).optional()),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/**
 * The reviewers' mail page: every outgoing email with its status — captured mail when no SMTP server is
 * configured, and the dead letter (mail the SMTP server refused for good) to act on.
 */
export function createMailRoutes(deps: {
  emails: EmailRepository;
  views: ViewRenderer;
  capturing: boolean;
  /** The email's inline thumbnail (absent: the preview shows none). */
  thumbnailOf?: (email: Email) => Promise<{ cid: string; jpeg: Buffer } | null>;
}): Router {
  const router = Router();
  router.get('/admin/mail', requireReviewer, handler(showList));
  router.get('/admin/mail/:id', requireReviewer, handler(showOne));
  router.get('/admin/mail/:id/html', requireReviewer, handler(showHtml));

  async function showList(req: Request, res: Response) {
    const query = querySchema.safeParse(req.query);
    if (!query.success) throw new AppError('BAD_REQUEST', 'That filter is not valid.');
    const { status, page } = query.data;
    const [{ items, total }, counts] = await Promise.all([
      deps.emails.list({ status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      deps.emails.countByStatus(),
    ]);
    const href = (p: number) => `/admin/mail?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) })}`;
    const tr = pageTranslator(deps.views, res);
    res.send(
      deps.views.render('mail-outbox', {
        ...res.locals,
        title: tr.t('mail-admin:title'),
        styles: ['/assets/review.css'],
        capturing: deps.capturing,
        emails: items.map((e) => presentEmail(e, tr)),
        deadCount: counts.dead ?? 0,
        statusOptions: [{ value: '', label: tr.t('mail-admin:filter.any'), selected: !status }].concat(
          STATUSES.map((s) => ({ value: s, label: tr.t('mail-admin:filter.option', { status: tr.t(`mail-admin:filter.${s}`), count: counts[s] ?? 0 }), selected: s === status })),
        ),
        rangeLabel: total ? tr.t('common:pager.range', { from: tr.number((page - 1) * PAGE_SIZE + 1), to: tr.number(Math.min(total, page * PAGE_SIZE)), total: tr.number(total) }) : '',
        prevHref: page > 1 ? href(page - 1) : null,
        nextHref: page * PAGE_SIZE < total ? href(page + 1) : null,
      }),
    );
  }

  async function showOne(req: Request, res: Response) {
    const email = await deps.emails.find(String(req.params.id));
    if (!email) throw notFound('That email');
    const tr = pageTranslator(deps.views, res);
    res.send(
      deps.views.render('mail-detail', {
        ...res.locals,
        title: tr.t('mail-admin:detail.title', { subject: email.subject }),
        styles: ['/assets/review.css'],
        email: presentEmail(email, tr),
      }),
    );
  }

  /**
   * The HTML part as the brand sees it, sandboxed: no scripts, no requests, no forms. The inline
   * thumbnail (a `cid:` reference to the attachment in the real mail) is put in as a data: URL, the one
   * kind of image the policy allows; nothing else is loaded.
   */
  async function showHtml(req: Request, res: Response) {
    const email = await deps.emails.find(String(req.params.id));
    if (!email) throw notFound('That email');
    const thumbnail = deps.thumbnailOf ? await deps.thumbnailOf(email) : null;
    const html = thumbnail
      ? email.htmlBody.split(`src="cid:${thumbnail.cid}"`).join(`src="data:image/jpeg;base64,${thumbnail.jpeg.toString('base64')}"`)
      : email.htmlBody;
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'self'",
    });
    res.send(html);
  }

  return router;
}
