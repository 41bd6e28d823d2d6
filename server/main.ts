import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { lockImageLoaders } from '../extraction/index.ts';
import { createAnalysisPool, createLazyRenderer, type PhotoInspector } from './analysis/analysis-pool.ts';
import { createApiServices } from './api/api-services.ts';
import { bulkSpoolRoot } from './api/bulk/bulk-uploads.ts';
import { createApp, VIEWS_DIR } from './app.ts';
import { assertSafeRuntime } from './http/security/runtime-checks.ts';
import { uploadSpoolRoot } from './http/upload.ts';
import { createMail } from './mail/mail-outbox.ts';
import { createReview } from './review/review-feature.ts';
import { createStudies } from './studies/studies-feature.ts';
import { createPasswordHasher } from './auth/passwords.ts';
import { loadConfig, type Config } from './config.ts';
import { openDatabase } from './db/database.ts';
import { runMigrations } from './db/migrate.ts';
import { createJobQueue } from './jobs/job-queue.ts';
import { createJobRunner, runTogether, type JobHandler } from './jobs/job-runner.ts';
import { createLogger } from './logger.ts';
import { createMarketplaceRepository } from './marketplaces/marketplace-repository.ts';
import { createPortalMetrics } from './metrics/portal-metrics.ts';
import { createRateLimitRepository } from './repositories/rate-limit-repository.ts';
import { createSessionRepository } from './repositories/session-repository.ts';
import { createSubmissionRepository } from './repositories/submission-repository.ts';
import { createUserRepository } from './repositories/user-repository.ts';
import { seedDemo } from './seed.ts';
import { createLocalStorage } from './storage/local-storage.ts';
import { createPhotoCopies } from './storage/photo-copies.ts';
import { createRolloutService } from './rollout/rollout-service.ts';
import { createReconciler, RECONCILE_JOB, reconcileSchedule } from './storage/reconciler.ts';
import { assertBucketReachable, createS3Storage } from './storage/s3-storage.ts';
import { createShadeEvents } from './submissions/shade-events.ts';
import { createSubmissionService, type DecisionHook } from './submissions/submission-service.ts';
import { createViewRenderer, type ViewRenderer } from './views/renderer.ts';

/**
 * The one composition root: config → database (migrated) → services → app → listen.
 * `start` is also what integration tests call, on port 0, with `stop` to shut down.
 */
export interface StartOptions {
  /** bcrypt cost; tests lower it. */
  passwordCost?: number;
  /** Replace the analysis pool of child processes (a test of durability may want a slow one). */
  inspector?: PhotoInspector;
  loginLimit?: { windowMs: number; max: number };
  /** The rater pages' limit per client and invitation link (tests lower it). */
  raterLimit?: { windowMs: number; max: number };
  /** Replace the views (a test renders every page in a pseudo-locale). */
  views?: ViewRenderer;
}

/** Everything but HTTP: shared by the web process and `npm run worker` processes. */
async function compose(config: Config, options: StartOptions) {
  const logger = createLogger(config.LOG_LEVEL);
  // Before anything is opened: a photo store that cannot be reached stops the start with a clear message.
  if (config.objectStorage) await assertBucketReachable(config.objectStorage);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const db = openDatabase(config.databaseUrl);
  await runMigrations(db);
  const jobs = createJobQueue(db, { backoffBaseMs: config.JOB_BACKOFF_BASE_MS });
  /** Job handlers by type; features register theirs here. Webhook deliveries have a queue and slots of their own. */
  const jobHandlers: Record<string, JobHandler> = {};
  const webhookJobHandlers: Record<string, JobHandler> = {};
  /** Work that must commit with a submission's decision (outbox rows, jobs): called inside its transaction. */
  const onDecision: DecisionHook[] = [];
  const shadeEvents = createShadeEvents();

  const users = createUserRepository(db);
  const sessions = createSessionRepository(db);
  const submissions = createSubmissionRepository(db);
  const marketplaces = createMarketplaceRepository(db);
  const rollout = createRolloutService({ db, defaultExtractor: config.EXTRACTOR });
  const storage = config.objectStorage ? createS3Storage(config.objectStorage) : createLocalStorage(config.storageDir);
  const passwords = createPasswordHasher(options.passwordCost);
  const metrics = createPortalMetrics({ db, jobs });
  onDecision.push(metrics.onDecision);
  const pool = options.inspector ? null : createAnalysisPool(config.ANALYSIS_THREADS);
  const inspector = metrics.instrumentInspector(options.inspector ?? pool!);
  // Display copies are rendered by the analysis children too (a portal given its own inspector starts them on first use).
  const renderer = pool ?? createLazyRenderer(() => createAnalysisPool(config.ANALYSIS_THREADS));
  const uploadLimits = { maxBytes: config.UPLOAD_MAX_BYTES, maxPixels: config.UPLOAD_MAX_PIXELS };
  const photoCopies = createPhotoCopies({ db, storage, renderer, limits: uploadLimits, logger });
  /** Ends the analysis children (the inspector's and the renderer's, one pool or two). */
  const closeAnalysis = () => Promise.all([inspector.close(), renderer.close()]).then(() => undefined);
  const submissionService = createSubmissionService({
    db,
    submissions,
    storage,
    inspector,
    extractor: config.EXTRACTOR,
    limits: uploadLimits,
    copies: photoCopies,
    onDecision,
    shadeEvents,
    marketplaces,
    rollout,
  });

  // The storage reconciler runs once per interval slot, whichever process claims it.
  const reconciler = createReconciler({ db, storage, graceMs: config.RECONCILE_GRACE_MS, spoolRoots: [bulkSpoolRoot(config.dataDir), uploadSpoolRoot(config.dataDir)], logger });
  const reconcileSlots = reconcileSchedule(config.RECONCILE_INTERVAL_MS);
  jobHandlers[RECONCILE_JOB] = async (payload: { slot: number | null }) => {
    if (payload.slot !== null) await jobs.enqueue(db, reconcileSlots.next(payload.slot));
    await reconciler.run();
  };
  await jobs.enqueue(db, reconcileSlots.current());
  if (config.RECONCILE_ON_START) await jobs.enqueue(db, { type: RECONCILE_JOB, payload: { slot: null }, maxAttempts: 3 });

  // Registers its job handler (webhook delivery), decision hook and shade-event listener: before the runner.
  const api = createApiServices({ config, db, jobs, jobHandlers, webhookJobHandlers, onDecision, shadeEvents, users, submissions, submissionService, storage, photoCopies });

  // Mail to brands (outbox rows + the mail.send handler) and the review queue's index of every verdict: before the runner.
  const mail = createMail({
    db, jobs, users, submissions, photoCopies, logger, viewsDir: VIEWS_DIR, baseUrl: config.baseUrl,
    smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, maxAttempts: config.MAIL_MAX_ATTEMPTS,
  });
  onDecision.push(mail.onRejection);
  Object.assign(jobHandlers, mail.handlers);
  const review = createReview({
    db, submissions, storage, inspector, extractor: config.EXTRACTOR, mail, shadeEvents, onDecision, minConfidence: config.REVIEW_MIN_CONFIDENCE,
  });

  const studies = createStudies({ db, storage, submissions, inspector, limits: uploadLimits, staticDir: `${VIEWS_DIR}/static` });

  // Two runners over the one jobs table, each claiming only its own types: webhooks to a slow receiver
  // fill the webhook slots and never the ones that send mail or reconcile storage.
  const runner = runTogether([
    createJobRunner({ queue: jobs, handlers: jobHandlers, logger, onResult: metrics.recordJob, leaseMs: config.JOB_LEASE_MS }),
    createJobRunner({ queue: jobs, handlers: webhookJobHandlers, logger, onResult: metrics.recordJob, leaseMs: config.JOB_LEASE_MS, concurrency: config.WEBHOOK_CONCURRENCY }),
  ]);
  return { logger, db, jobs, runner, users, sessions, submissions, marketplaces, rollout, storage, passwords, inspector, closeAnalysis, photoCopies, submissionService, shadeEvents, metrics, reconciler, api, mail, review, studies };
}

export async function start(config: Config, options: StartOptions = {}) {
  const services = await compose(config, options);
  const { logger, db, jobs, runner, users, sessions, submissions, marketplaces, rollout, storage, passwords, closeAnalysis, photoCopies, submissionService, metrics, reconciler } = services;
  const demo = config.SEED_DEMO ? await seedDemo({ users, marketplaces, passwords, dataDir: config.dataDir }) : null;
  const app = createApp({
    config,
    db,
    logger,
    views: options.views ?? createViewRenderer(VIEWS_DIR),
    storage,
    photoCopies,
    users,
    sessions,
    submissions,
    submissionService,
    marketplaces,
    rollout,
    passwords,
    rateLimits: createRateLimitRepository(db),
    loginLimit: options.loginLimit,
    raterLimit: options.raterLimit,
    metrics,
    reconciler,
    api: services.api,
    mail: services.mail,
    review: services.review,
    studies: services.studies,
  });

  await assertSafeRuntime({ app, db });
  const server = createHttpServer(config, app);
  server.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;

  if (config.RUN_WORKERS) runner.start();

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await closeGracefully(server, config.HTTP_SHUTDOWN_GRACE_MS);
      await services.api.bulk.stop();
      await runner.stop();
      await closeAnalysis();
      await db.destroy();
    })());

  return { url, port, app, db, jobs, runner, storage, users, sessions, submissions, marketplaces, rollout, passwords, demo, logger, stop, metrics, reconciler, shadeEvents: services.shadeEvents };
}

/**
 * Slow or stalled clients are cut off instead of holding sockets forever: headers within
 * HTTP_HEADERS_TIMEOUT_MS, the whole request within HTTP_REQUEST_TIMEOUT_MS. Node checks those timers
 * every `connectionsCheckingInterval` (30 s by default, far beyond a short timeout), so the check runs
 * four times per headers timeout, at most every 5 s.
 */
function createHttpServer(config: Config, app: http.RequestListener): http.Server {
  const server = http.createServer(
    {
      headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(5_000, Math.max(100, Math.floor(config.HTTP_HEADERS_TIMEOUT_MS / 4))),
    },
    app,
  );
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  return server;
}

/**
 * Stops accepting, lets requests in flight finish, then cuts whatever is left. `server.close()` alone
 * waits for every connection, and also stops the headers-timeout checks: a client that connected and
 * never sent a byte would hold the shutdown forever.
 */
async function closeGracefully(server: http.Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearTimeout(deadline);
  }
}

/** A worker process: no HTTP, only the job runner (scale-out: run several beside the web processes). */
export async function startWorker(config: Config, options: StartOptions = {}) {
  const { runner, closeAnalysis, db, logger } = await compose(config, options);
  runner.start();
  const stop = async () => {
    await runner.stop();
    await closeAnalysis();
    await db.destroy();
  };
  return { logger, stop };
}

async function main(): Promise<void> {
  const config = loadConfig();
  // Only the accepted photo formats can be decoded in a serving process (tests render SVG fixtures in-process).
  lockImageLoaders();
  if (process.argv[2] === 'worker') {
    const worker = await startWorker(config);
    console.log('Shadegate worker is running');
    onSignals(worker.logger, worker.stop);
    return;
  }
  const running = await start(config);
  const shownUrl = config.HOST === '127.0.0.1' ? `http://localhost:${running.port}` : running.url;
  const lines = [`Shadegate is running on ${shownUrl}`, `  database: ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`, `  photos: ${running.storage.root}`];
  if (running.demo) {
    lines.push(
      `  demo brand user: ${running.demo.brand.email} / ${running.demo.brand.password}`,
      `  demo reviewer:   ${running.demo.reviewer.email} / ${running.demo.reviewer.password}`,
      `  demo operator:   ${running.demo.operator.email} / ${running.demo.operator.password}`,
      `  demo researcher: ${running.demo.researcher.email} / ${running.demo.researcher.password}`,
      `  (kept in ${config.dataDir}/demo-credentials.json)`,
    );
  }
  console.log(lines.join('\n'));
  onSignals(running.logger, running.stop);
}

function onSignals(logger: { info: (m: string, f?: Record<string, unknown>) => void }, stop: () => Promise<void>): void {
  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
