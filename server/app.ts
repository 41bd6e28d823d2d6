import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Config } from './config.ts';
import { createCrossSiteGuard } from './auth/csrf.ts';
import type { PasswordHasher } from './auth/passwords.ts';
import { parseCookies } from './auth/cookies.ts';
import { createSessionMiddleware } from './auth/session-middleware.ts';
import type { Db } from './db/database.ts';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './db/unavailable.ts';
import { parserError } from './http/body-parsers.ts';
import { pageTranslator } from './http/page-text.ts';
import { AppError, statusForCode } from './http/errors.ts';
import { errorHelpIn, errorMessageIn, errorTranslator } from './http/error-text.ts';
import { createPhotoUpload, uploadSpoolRoot } from './http/upload.ts';
import { createUploadBudget } from './http/upload-budget.ts';
import { createAuthRoutes } from './http/routes/auth-routes.ts';
import { createLanguageRoutes, LANGUAGE_COOKIE } from './http/routes/language-routes.ts';
import { LANGUAGE_NAMES, LANGUAGES } from './i18n/i18n.ts';
import { createGuidelineRoutes } from './http/routes/guideline-routes.ts';
import { createHealthRoutes } from './http/routes/health-routes.ts';
import type { ApiServices } from './api/api-services.ts';
import { createApiRoutes } from './http/routes/api-routes.ts';
import { createBulkRoutes } from './http/routes/bulk-routes.ts';
import { createTokenRoutes } from './http/routes/token-routes.ts';
import { createHttpTimer, createMetricsRoutes } from './http/routes/metrics-routes.ts';
import { createPhotoRoutes } from './http/routes/photo-routes.ts';
import { createMailRoutes } from './http/routes/mail-routes.ts';
import { createReviewRoutes } from './http/routes/review-routes.ts';
import type { Mail } from './mail/mail-outbox.ts';
import type { MarketplaceRepository } from './marketplaces/marketplace-repository.ts';
import { createRolloutRoutes } from './http/routes/rollout-routes.ts';
import type { RolloutService } from './rollout/rollout-service.ts';
import type { Review } from './review/review-feature.ts';
import { createSubmissionRoutes } from './http/routes/submission-routes.ts';
import { createStudyRoutes, createTryOnRoutes } from './http/routes/study-routes.ts';
import type { Studies } from './studies/studies-feature.ts';
import type { Logger } from './logger.ts';
import { PROJECT_ROOT } from './project-root.ts';
import type { PortalMetrics } from './metrics/portal-metrics.ts';
import type { RateLimitRepository } from './repositories/rate-limit-repository.ts';
import type { SessionRepository } from './repositories/session-repository.ts';
import type { SubmissionRepository } from './repositories/submission-repository.ts';
import type { UserRepository } from './repositories/user-repository.ts';
import type { PhotoStorage } from './storage/local-storage.ts';
import type { PhotoCopies } from './storage/photo-copies.ts';
import type { createReconciler } from './storage/reconciler.ts';
import type { SubmissionService } from './submissions/submission-service.ts';
import type { ViewRenderer } from './views/renderer.ts';

export const VIEWS_DIR = path.join(PROJECT_ROOT, 'views');

export interface AppDeps {
  config: Config;
  db: Db;
  logger: Logger;
  views: ViewRenderer;
  storage: PhotoStorage;
  /** The stored display copies the photo routes serve. */
  photoCopies: PhotoCopies;
  users: UserRepository;
  sessions: SessionRepository;
  submissions: SubmissionRepository;
  submissionService: SubmissionService;
  /** Where brands sell (the shade form's marketplace picker); absent: no picker. */
  marketplaces?: MarketplaceRepository;
  /** Extractor rollouts per marketplace (the /ops/rollouts pages); absent: no such pages. */
  rollout?: RolloutService;
  passwords: PasswordHasher;
  /** Counts of the rate limits, shared by every process on the database. */
  rateLimits: RateLimitRepository;
  loginLimit?: { windowMs: number; max: number };
  raterLimit?: { windowMs: number; max: number };
  metrics?: PortalMetrics;
  reconciler?: Pick<ReturnType<typeof createReconciler>, 'latest'>;
  /** Brand API, export, webhooks, bulk upload and API tokens (absent in apps built without them). */
  api?: ApiServices;
  /** Mail outbox (the reviewers' mail page) and the review queue (absent in apps built without them). */
  mail?: Mail;
  review?: Review;
  /** Realism studies and the verdict page's try-on (absent in apps built without them). */
  studies?: Studies;
}

/** Builds the HTTP application. It never listens: server/main.ts (or a test) does. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY_HOPS);
  app.set('query parser', 'simple');

  if (deps.metrics) app.use(createHttpTimer(deps.metrics));
  app.use((req, res, next) => {
    const requestId = crypto.randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () =>
      deps.logger.info('request', {
        requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      }),
    );
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      strictTransportSecurity: deps.config.NODE_ENV === 'production',
      // Under `no-referrer` Chromium sends `Origin: null` on same-origin form posts, which the cross-site
      // guard refuses; `same-origin` keeps the real Origin for our own forms and sends nothing elsewhere.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  const assetsDir = path.join(VIEWS_DIR, 'static');
  app.use('/assets', express.static(assetsDir, { index: false, dotfiles: 'deny', maxAge: '1h' }));
  app.use(createHealthRoutes({ db: deps.db }));
  app.use(createSessionMiddleware({ sessions: deps.sessions, users: deps.users }));
  app.use((req, res, next) => {
    // The page language: the user's saved choice, else the visitor's (cookie `lang`), else Accept-Language.
    const language = deps.views.localisation.negotiate(req.ctx.user?.language ?? parseCookies(req.headers.cookie)[LANGUAGE_COOKIE], req.headers['accept-language']);
    res.locals.locale = language;
    res.locals.dir = deps.views.localisation.translator(language).dir;
    // The header's language picker: each language in its own name, and the page to come back to.
    res.locals.languageOptions = LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value], selected: value === language }));
    res.locals.currentPath = req.method === 'GET' ? req.originalUrl : '';
    next();
  });

  const crossSiteGuard = createCrossSiteGuard([deps.config.baseUrl]);
  app.use(
    createAuthRoutes({
      users: deps.users,
      sessions: deps.sessions,
      passwords: deps.passwords,
      views: deps.views,
      crossSiteGuard,
      rateLimits: deps.rateLimits,
      loginLimit: deps.loginLimit,
    }),
  );
  app.use(createLanguageRoutes({ users: deps.users, crossSiteGuard }));
  app.use(createGuidelineRoutes({ views: deps.views, exampleNames: listExamples(path.join(assetsDir, 'guidelines')) }));
  // One budget of upload bytes in flight for every route that takes a shade form's photos.
  const photoUpload = createPhotoUpload({
    maxBytes: deps.config.UPLOAD_MAX_BYTES,
    spoolRoot: uploadSpoolRoot(deps.config.dataDir),
    budget: createUploadBudget({ processBytes: deps.config.UPLOAD_INFLIGHT_BYTES, userBytes: deps.config.UPLOAD_INFLIGHT_USER_BYTES }),
  });
  if (deps.studies) app.use(createTryOnRoutes({ submissions: deps.submissions, preview: deps.studies.preview }));
  app.use(
    createSubmissionRoutes({
      submissions: deps.submissions,
      service: deps.submissionService,
      views: deps.views,
      crossSiteGuard,
      maxBytes: deps.config.UPLOAD_MAX_BYTES,
      upload: photoUpload,
      masks: deps.review?.masks,
      submitOnce: deps.api?.submissionApi.submitOnce,
      marketplaces: deps.marketplaces,
    }),
  );
  app.use(createPhotoRoutes({ submissions: deps.submissions, copies: deps.photoCopies }));
  if (deps.metrics) app.use(createMetricsRoutes({ metrics: deps.metrics, reconciler: deps.reconciler, token: deps.config.METRICS_TOKEN, views: deps.views }));

  if (deps.api) {
    app.use(createApiRoutes(deps.api, { views: deps.views, baseUrl: deps.config.baseUrl, photoUpload }));
    app.use(createTokenRoutes({ tokens: deps.api.tokens, views: deps.views, crossSiteGuard }));
    app.use(createBulkRoutes({ api: deps.api, views: deps.views, crossSiteGuard }));
  }

  if (deps.review) {
    app.use(createReviewRoutes({ ...deps.review, submissions: deps.submissions, users: deps.users, views: deps.views, crossSiteGuard }));
  }
  if (deps.rollout) app.use(createRolloutRoutes({ db: deps.db, rollout: deps.rollout, views: deps.views, crossSiteGuard }));
  if (deps.studies) app.use(createStudyRoutes({ studies: deps.studies.service, views: deps.views, crossSiteGuard, upload: photoUpload, rateLimits: deps.rateLimits, raterLimit: deps.raterLimit }));
  if (deps.mail) app.use(createMailRoutes({ emails: deps.mail.emails, views: deps.views, capturing: deps.mail.capturing, thumbnailOf: deps.mail.thumbnailOf }));

  app.use((_req, _res, next) => next(new AppError('NOT_FOUND', 'That page does not exist.', { text: { message: 'errors:pageNotFound' } })));
  app.use(createErrorHandler(deps));
  return app;
}

/** Example picture names: `good` for the lipstick ones at the top, `nail-polish/good` for a category's own folder. */
function listExamples(dir: string): Set<string> {
  if (!fs.existsSync(dir)) return new Set();
  const names = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.png')) names.add(entry.name.slice(0, -4));
    if (!entry.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(dir, entry.name))) if (f.endsWith('.png')) names.add(`${entry.name}/${f.slice(0, -4)}`);
  }
  return names;
}

/** The error page's heading per status, in `error-page` (`heading.<status>`); any other status reads `heading.other`. */
const HEADED_STATUSES = new Set([400, 401, 403, 404, 413, 415, 422, 429, 503, 507]);

/** One error middleware: coded errors become their status; anything else a 500 with a request id and no internals. */
function createErrorHandler(deps: AppDeps) {
  return function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
    const requestId = String(res.locals.requestId ?? '');
    const databaseUnavailable = isDatabaseUnavailable(err);
    if (databaseUnavailable) {
      deps.logger.warn('database unavailable', { requestId, err: err instanceof Error ? err.message : String(err) });
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      err = new AppError('UNAVAILABLE', 'The portal cannot reach its database right now; nothing was saved. Please try again in a moment.', {
        text: { message: 'errors:databaseUnavailable' },
      });
    }
    // An uncoded error with a 4xx status comes from a body parser mounted outside body-parsers.ts: its
    // message may quote the body, so it gets the same fixed, coded replacement.
    const parserStatus = (err as { status?: unknown })?.status;
    if (!(err instanceof AppError) && statusForCode((err as { code?: unknown })?.code) === 500 && typeof parserStatus === 'number' && parserStatus >= 400 && parserStatus < 500) {
      err = parserError(err);
    }
    const code = (err as { code?: unknown })?.code;
    const status = statusForCode(code);
    const known = status < 500 || err instanceof AppError;
    // The words in the reader's language (the API: Accept-Language); the code stays the same.
    const localisation = deps.views.localisation;
    const tr = errorTranslator(localisation, req, res);
    const message = known && err instanceof Error ? errorMessageIn(localisation, tr, err) : tr.t('errors:internal');
    const help = err instanceof AppError ? errorHelpIn(localisation, tr, err) : undefined;
    if (status >= 500 && !databaseUnavailable) deps.logger.error('request failed', { requestId, err: err instanceof Error ? err.stack : String(err) });
    if (status === 401 && !req.path.startsWith('/api/') && req.accepts(['html', 'json']) === 'html' && req.method === 'GET') {
      return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    }
    if (res.headersSent) return;
    res.status(status);
    const context = err instanceof AppError ? err.context : {};
    const wantsJson = req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
    if (wantsJson) {
      res.json({ error: { code: typeof code === 'string' && known ? code : 'INTERNAL', message, help, ...safeContext(context), requestId } });
    } else {
      const t = pageTranslator(deps.views, res);
      const heading = t.t(HEADED_STATUSES.has(status) ? `error-page:heading.${status}` : 'error-page:heading.other');
      res.send(
        deps.views.render('error', {
          ...res.locals,
          title: heading,
          heading,
          message,
          help,
          requestId,
        }),
      );
    }
  };
}

function safeContext(context: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof context.field === 'string') out.field = context.field;
  if (context.fields && typeof context.fields === 'object') out.fields = context.fields;
  return out;
}
