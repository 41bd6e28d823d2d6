import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { verifyCsrfToken } from '../../auth/csrf.ts';
import type { ApiServices } from '../../api/api-services.ts';
import { createBulkMultipart, discardSpool } from '../../api/bulk/bulk-multipart.ts';
import { CSV_HEADER_EXAMPLE } from '../../api/bulk/shade-csv.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { handler } from '../async-handler.ts';
import { AppError, notFound } from '../errors.ts';
import { requireUser } from '../request-context.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { englishTranslator } from '../../views/english.ts';
import { sayBulkReason } from '../../i18n/bulk-reason-text.ts';
import { pageTranslator } from '../page-text.ts';
import { bulkJson, sendReportCsv } from './api-bulk-routes.ts';

const OUTCOMES = new Set(['pending', 'accepted', 'rejected', 'invalid', 'no_photo', 'duplicate', 'unmatched_photo', 'failed']);
const BULK_STATUSES = new Set(['processing', 'done', 'failed', 'interrupted']);

const outcomeLabel = (outcome: string, tr: Translator) => (OUTCOMES.has(outcome) ? tr.t(`bulk:outcome.${outcome}`) : outcome);
const bulkStatusLabel = (status: string, tr: Translator) => (BULK_STATUSES.has(status) ? tr.t(`bulk:status.${status}`) : status);

export function presentPastUploads(
  uploads: Array<{ id: string; status: string; totalRows: number; processedRows: number; createdAt: string }>,
  tr: Translator = englishTranslator(),
) {
  return uploads.map((u) => ({ ...u, statusLabel: bulkStatusLabel(u.status, tr), url: `/bulk/${u.id}` }));
}

/** What the upload page's script writes, in the page's language; `{name}` placeholders are left for it to fill. */
function scriptText(tr: Translator): string {
  const keep = (...names: string[]) => Object.fromEntries(names.map((n) => [n, `{${n}}`]));
  const text: Record<string, string> = {
    uploading: tr.t('bulk:script.uploading'),
    uploadingPercent: tr.t('bulk:script.uploadingPercent', keep('percent')),
    uploaded: tr.t('bulk:script.uploaded'),
    failed: tr.t('bulk:script.failed', keep('status')),
    broke: tr.t('bulk:script.broke'),
    done: tr.t('bulk:script.done', keep('processed', 'total')),
    checking: tr.t('bulk:script.checking', keep('processed', 'total')),
    line: tr.t('bulk:script.line', keep('line', 'code')),
    photo: tr.t('bulk:script.photo'),
  };
  for (const outcome of OUTCOMES) text[`outcome.${outcome}`] = outcomeLabel(outcome, tr);
  return JSON.stringify(text);
}

/** Bulk upload in the portal: the form (with upload progress), then a live per-row report. */
export function createBulkRoutes(deps: { api: ApiServices; views: ViewRenderer; crossSiteGuard: express.RequestHandler }): Router {
  const router = Router();
  const spool = createBulkMultipart({ bulk: deps.api.bulk, maxBytes: deps.api.limits.maxBytes, maxFiles: deps.api.limits.bulkMaxFiles, maxTotalBytes: deps.api.limits.bulkMaxTotalBytes });
  const requireLogin = (req: Request, res: Response, next: NextFunction) =>
    req.ctx.user ? next() : res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  const requireBrand = (req: Request, _res: Response, next: NextFunction) =>
    next(requireUser(req).role === 'brand' ? undefined : new AppError('FORBIDDEN', 'Only brand users upload shades.'));

  router.get('/bulk', requireLogin, requireBrand, handler(async (req, res) => {
    const tr = pageTranslator(deps.views, res);
    res.send(
      deps.views.render('bulk', {
        ...res.locals,
        title: tr.t('bulk:title'),
        pastUploads: presentPastUploads(await deps.api.bulk.list(requireUser(req)), tr),
        scriptText: scriptText(tr),
        csvHeader: CSV_HEADER_EXAMPLE,
        maxFiles: deps.api.limits.bulkMaxFiles,
        maxMegabytes: Math.round(deps.api.limits.maxBytes / (1024 * 1024)),
        scripts: ['/assets/bulk-upload.js'],
      }),
    );
  }));
  router.post('/bulk', deps.crossSiteGuard, requireLogin, requireBrand, spool, handler(start));
  router.get('/bulk/:id', requireLogin, handler(report));
  router.get('/bulk/:id/report.csv', requireLogin, handler(reportCsv));

  async function start(req: Request, res: Response) {
    try {
      verifyCsrfToken(req);
    } catch (err) {
      await discardSpool(req);
      throw err;
    }
    const upload = req.bulkSpool!;
    const id = await deps.api.bulk.start(requireUser(req), { csvPath: upload.csvPath, photos: upload.photos, spoolDir: upload.dir });
    if (req.accepts(['html', 'json']) === 'json') res.status(202).json({ id, url: `/bulk/${id}` });
    else res.redirect(303, `/bulk/${id}`);
  }

  async function report(req: Request, res: Response) {
    const found = await deps.api.bulk.report(String(req.params.id), requireUser(req));
    if (!found) throw notFound('That bulk upload');
    const tr = pageTranslator(deps.views, res);
    if (req.accepts(['html', 'json']) === 'json') {
      res.json(bulkJson(found, tr));
      return;
    }
    res.send(
      deps.views.render('bulk-report', {
        ...res.locals,
        title: tr.t('bulk:report.title'),
        report: found,
        statusLabel: bulkStatusLabel(found.status, tr),
        processing: found.status === 'processing',
        summary: Object.entries(found.counts)
          .filter(([, n]) => n > 0)
          .map(([outcome, n]) => ({ outcome, label: outcomeLabel(outcome, tr), n })),
        items: found.items.map((i) => ({ ...i, label: outcomeLabel(i.outcome, tr), reasons: i.reasons.map((r) => sayBulkReason(tr, r)) })),
        scripts: found.status === 'processing' ? ['/assets/bulk-report.js'] : [],
      }),
    );
  }

  async function reportCsv(req: Request, res: Response) {
    const found = await deps.api.bulk.report(String(req.params.id), requireUser(req));
    if (!found) throw notFound('That bulk upload');
    sendReportCsv(res, deps.api.bulk.reportCsv(found, pageTranslator(deps.views, res)), found.id);
  }

  return router;
}
