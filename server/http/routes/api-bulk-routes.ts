import { Router, type Request, type Response } from 'express';
import type { ApiServices } from '../../api/api-services.ts';
import { requireApiCaller } from '../../api/bearer-auth.ts';
import { createBulkMultipart } from '../../api/bulk/bulk-multipart.ts';
import type { StoredReason } from '../../api/bulk/bulk-reasons.ts';
import { bulkReasonCode, sayBulkReason } from '../../i18n/bulk-reason-text.ts';
import type { Localisation, Translator } from '../../i18n/i18n.ts';
import { handler } from '../async-handler.ts';
import { AppError, notFound } from '../errors.ts';

/** Bulk upload through the brand API: 202 at once, then poll the report, its reasons in the caller's Accept-Language. */
export function createApiBulkRoutes(api: ApiServices, localisation: Localisation): Router {
  const router = Router();
  const callerLanguage = (req: Request): Translator => localisation.translator(localisation.negotiate(null, req.headers['accept-language']));
  const brandToken = api.bearerAuth('brand');
  const spool = createBulkMultipart({ bulk: api.bulk, maxBytes: api.limits.maxBytes, maxFiles: api.limits.bulkMaxFiles, maxTotalBytes: api.limits.bulkMaxTotalBytes });

  router.post('/api/v1/bulk', brandToken, spool, handler(start));
  router.get('/api/v1/bulk/:id', brandToken, handler(report));
  router.get('/api/v1/bulk/:id/report.csv', brandToken, handler(reportCsv));

  async function start(req: Request, res: Response) {
    const { user } = requireApiCaller(req);
    const upload = req.bulkSpool;
    if (!upload) throw new AppError('BAD_REQUEST', 'No upload was received.');
    const id = await api.bulk.start(user, { csvPath: upload.csvPath, photos: upload.photos, spoolDir: upload.dir });
    res.status(202).location(`/api/v1/bulk/${id}`).json(bulkJson((await api.bulk.report(id, user))!, callerLanguage(req)));
  }

  async function report(req: Request, res: Response) {
    const found = await api.bulk.report(String(req.params.id), requireApiCaller(req).user);
    if (!found) throw notFound('That bulk upload');
    res.json(bulkJson(found, callerLanguage(req)));
  }

  async function reportCsv(req: Request, res: Response) {
    const found = await api.bulk.report(String(req.params.id), requireApiCaller(req).user);
    if (!found) throw notFound('That bulk upload');
    sendReportCsv(res, api.bulk.reportCsv(found, callerLanguage(req)), found.id);
  }

  return router;
}

/** A bulk report as JSON: each line's reasons said in `tr`'s language, with their codes (the same in every language). */
export function bulkJson<T extends { id: string; items: Array<{ reasons: StoredReason[] }> }>(report: T, tr: Translator) {
  return {
    ...report,
    items: report.items.map((item) => ({ ...item, reasons: item.reasons.map((r) => sayBulkReason(tr, r)), reasonCodes: item.reasons.map(bulkReasonCode) })),
    links: { self: `/api/v1/bulk/${report.id}`, reportCsv: `/api/v1/bulk/${report.id}/report.csv` },
  };
}

export function sendReportCsv(res: Response, csv: string, id: string) {
  res.set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="bulk-report-${id.slice(0, 8)}.csv"`,
    'X-Content-Type-Options': 'nosniff',
  });
  res.send(csv);
}
