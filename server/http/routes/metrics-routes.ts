import crypto from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { PortalMetrics } from '../../metrics/portal-metrics.ts';
import type { createReconciler } from '../../storage/reconciler.ts';
import { handler } from '../async-handler.ts';
import { AppError, forbidden } from '../errors.ts';
import { requireUser } from '../request-context.ts';

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
      res.json(await deps.reconciler.latest());
    }),
  );
  return router;
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
