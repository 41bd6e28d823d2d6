import crypto from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { PortalMetrics } from '../../metrics/portal-metrics.ts';
import type { createReconciler } from '../../storage/reconciler.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { handler } from '../async-handler.ts';
import { AppError, forbidden } from '../errors.ts';
import { requireUser } from '../request-context.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { pageTranslator } from '../page-text.ts';

/**
 * Times every request (mount first), by route pattern so ids never become label values.
 */
export function createHttpTimer(metrics: PortalMetrics) {
  return function httpTimer(req: Request, res: Response, next: NextFunction) {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.path.startsWith('/assets/') ? '/assets' : 'unmatched';
      metrics.recordHttp(req.method, route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/**
 * `/metrics` for Prometheus: with METRICS_TOKEN set it needs `Authorization: Bearer <token>`; without,
 * only loopback clients (the socket's address, not X-Forwarded-For) may scrape.
 * `/ops/integrity`: the storage reconciler's latest report and the flagged photos, for reviewers.
 */
export function createMetricsRoutes(deps: {
  metrics: PortalMetrics;
  reconciler?: Pick<ReturnType<typeof createReconciler>, 'latest'>;
  token?: string;
  /** Renders the integrity page for people; without it (or for Accept: application/json) the report is JSON. */
  views?: ViewRenderer;
}): Router {
  const router = Router();
  router.get(
    '/metrics',
    handler(async (req, res) => {
      if (!scrapeAllowed(req, deps.token)) throw forbidden('Metrics need a scrape token.');
      res.type('text/plain; version=0.0.4; charset=utf-8').send(await deps.metrics.render());
    }),
  );
  router.get(
    '/ops/integrity',
    handler(async (req, res) => {
      const user = requireUser(req);
      if (user.role !== 'reviewer') throw forbidden();
      if (!deps.reconciler) throw new AppError('NOT_FOUND', 'The storage reconciler is not running here.');
      const latest = await deps.reconciler.latest();
      if (!deps.views || req.accepts(['html', 'json']) === 'json') {
        res.json(latest);
        return;
      }
      const tr = pageTranslator(deps.views, res);
      res.send(deps.views.render('ops-integrity', { ...res.locals, title: tr.t('ops:title'), styles: ['/assets/review.css'], ...presentIntegrity(latest, tr) }));
    }),
  );
  return router;
}

const PROBLEMS = new Set(['missing', 'checksum_mismatch']);

/** The reconciler's counts in the order the page lists them; each is worded by `ops:count.<key>`. */
const COUNT_KEYS = ['photosChecked', 'verified', 'missing', 'checksumMismatch', 'restored', 'orphansRemoved', 'orphansWithinGrace', 'tempFilesSwept', 'spoolsSwept'];

/** The reconciler's report for the page: counts in words (lists shown by their length), flagged photos with links. */
function presentIntegrity(
  latest: { lastRun: Record<string, unknown> | null; flagged: Array<{ photoId: string; problem: string; detectedAt: string }> },
  tr: Translator,
) {
  const run = latest.lastRun;
  const count = (v: unknown) => (Array.isArray(v) ? v.length : typeof v === 'number' ? v : null);
  return {
    lastRun: run
      ? {
          startedAt: String(run.startedAt ?? ''),
          finishedAt: String(run.finishedAt ?? ''),
          counts: COUNT_KEYS.filter((key) => count(run[key]) !== null).map((key) => ({ key, label: tr.t(`ops:count.${key}`), n: count(run[key]) })),
        }
      : null,
    flagged: latest.flagged.map((f) => ({ ...f, problemLabel: PROBLEMS.has(f.problem) ? tr.t(`ops:problem.${f.problem}`) : f.problem })),
  };
}

function scrapeAllowed(req: Request, token: string | undefined): boolean {
  if (token) {
    const supplied = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    const a = crypto.createHash('sha256').update(supplied).digest();
    const b = crypto.createHash('sha256').update(token).digest();
    return crypto.timingSafeEqual(a, b);
  }
  const address = req.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
