import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { verifyCsrfToken } from '../../auth/csrf.ts';
import type { ApiServices } from '../../api/api-services.ts';
import { createBulkMultipart, discardSpool } from '../../api/bulk/bulk-multipart.ts';
import { CSV_HEADER_EXAMPLE } from '../../api/bulk/shade-csv.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { handler } from '../async-handler.ts';
import { AppError, notFound } from '../errors.ts';
import { requireUser } from '../request-context.ts';
import { bulkJson, sendReportCsv } from './api-bulk-routes.ts';

const OUTCOME_LABELS: Record<string, string> = {
  pending: 'Waiting',
  accepted: 'Accepted',
  rejected: 'Refused',
  invalid: 'Not submitted',
  no_photo: 'Row without photo',
  duplicate: 'Already submitted',
  unmatched_photo: 'Unmatched photo',
  failed: 'Failed',
};

const BULK_STATUS_LABELS: Record<string, string> = { processing: 'Checking', done: 'Done', failed: 'Failed', interrupted: 'Interrupted' };

export function presentPastUploads(uploads: Array<{ id: string; status: string; totalRows: number; processedRows: number; createdAt: string }>) {
  return uploads.map((u) => ({ ...u, statusLabel: BULK_STATUS_LABELS[u.status] ?? u.status, url: `/bulk/${u.id}` }));
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
    res.send(
      deps.views.render('bulk', {
        ...res.locals,
        title: 'Bulk upload',
        pastUploads: presentPastUploads(await deps.api.bulk.list(requireUser(req))),
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
    if (req.accepts(['html', 'json']) === 'json') {
      res.json(bulkJson(found));
      return;
    }
    res.send(
      deps.views.render('bulk-report', {
        ...res.locals,
        title: 'Bulk upload report',
        report: found,
        processing: found.status === 'processing',
        summary: Object.entries(found.counts)
          .filter(([, n]) => n > 0)
          .map(([outcome, n]) => ({ outcome, label: OUTCOME_LABELS[outcome] ?? outcome, n })),
        items: found.items.map((i) => ({ ...i, label: OUTCOME_LABELS[i.outcome] ?? i.outcome })),
        scripts: found.status === 'processing' ? ['/assets/bulk-report.js'] : [],
      }),
    );
  }

  async function reportCsv(req: Request, res: Response) {
    const found = await deps.api.bulk.report(String(req.params.id), requireUser(req));
    if (!found) throw notFound('That bulk upload');
    sendReportCsv(res, deps.api.bulk.reportCsv(found), found.id);
  }

  return router;
}
