import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { SubmissionRepository } from '../repositories/submission-repository.ts';
import type { UserRepository } from '../repositories/user-repository.ts';
import type { PhotoStorage } from '../storage/local-storage.ts';
import type { PhotoCopies } from '../storage/photo-copies.ts';
import type { ShadeEvents } from '../submissions/shade-events.ts';
import type { DecisionHook, SubmissionService } from '../submissions/submission-service.ts';
import { createApiTokenRepository } from './api-tokens.ts';
import { createBearerAuth } from './bearer-auth.ts';
import { createBulkUploads } from './bulk/bulk-uploads.ts';
import { createShadeExport } from './shade-export.ts';
import { createSubmissionApi } from './submission-api.ts';
import { createWebhooks, WEBHOOK_JOB } from './webhooks.ts';

/**
 * Everything behind the brand API, the export and the webhooks, built once by the composition root.
 * Registers its shade-event listener, decision hook and webhook job handler; must run before the job
 * runners are created (a runner reads its handler list when it is built).
 */
export function createApiServices(deps: {
  config: Config;
  db: Db;
  jobs: JobQueue;
  jobHandlers: Record<string, JobHandler>;
  /** Handlers of the webhook queue, run by a runner of their own. */
  webhookJobHandlers: Record<string, JobHandler>;
  onDecision: DecisionHook[];
  shadeEvents: ShadeEvents;
  users: UserRepository;
  submissions: SubmissionRepository;
  submissionService: SubmissionService;
  storage: PhotoStorage;
  photoCopies: PhotoCopies;
}) {
  const tokens = createApiTokenRepository(deps.db);
  const submissionApi = createSubmissionApi(deps);
  const shadeExport = createShadeExport(deps);
  const webhooks = createWebhooks({
    db: deps.db,
    jobs: deps.jobs,
    allowPrivateTargets: deps.config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    limits: {
      maxPerToken: deps.config.WEBHOOK_MAX_PER_TOKEN,
      breaker: { failures: deps.config.WEBHOOK_BREAKER_FAILURES, cooldownMs: deps.config.WEBHOOK_BREAKER_COOLDOWN_MS },
    },
  });
  shadeExport.onExported((trx, change) => webhooks.enqueueFor(trx, change));
  deps.webhookJobHandlers[WEBHOOK_JOB] = (payload, job) => webhooks.deliver(payload, job);
  const bulk = createBulkUploads({
    db: deps.db,
    submissionApi,
    tempRoot: deps.config.dataDir,
    concurrency: deps.config.BULK_CONCURRENCY,
  });
  return {
    tokens,
    bearerAuth: createBearerAuth({ tokens, users: deps.users }),
    submissionApi,
    shadeExport,
    webhooks,
    bulk,
    storage: deps.storage,
    photoCopies: deps.photoCopies,
    limits: { maxBytes: deps.config.UPLOAD_MAX_BYTES, maxPixels: deps.config.UPLOAD_MAX_PIXELS, bulkMaxFiles: deps.config.BULK_MAX_FILES, bulkMaxTotalBytes: deps.config.BULK_MAX_TOTAL_BYTES },
  };
}

export type ApiServices = ReturnType<typeof createApiServices>;
