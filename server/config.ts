import path from 'node:path';
import { z } from 'zod';
import { REVIEW_BELOW } from '../extraction/colour-trust.ts';
import type { S3StorageOptions } from './storage/s3-storage.ts';

/**
 * The one place the environment is read. Everything else receives a typed `Config`.
 * Defaults make `npm start` work on a fresh clone: SQLite under ./data, local disk, mail captured locally.
 */
const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public origin used in links (emails) and for the same-origin check on state-changing requests. */
  BASE_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('data'),
  /** `postgres://…` for the scale-out path; unset means SQLite at DATA_DIR/shadegate.sqlite. */
  DATABASE_URL: z.string().regex(/^(postgres(ql)?|sqlite):/, 'must start with postgres:// or sqlite:').optional(),
  /**
   * `s3://bucket/prefix` keeps photos in S3-compatible object storage (path-style addressing), so web
   * and worker processes need no shared disk; unset means local disk under DATA_DIR/photos.
   */
  STORAGE_URL: z
    .string()
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9._/-]*)?$/, 'must look like s3://bucket or s3://bucket/prefix')
    .optional(),
  /** The S3-compatible server's URL (unset: AWS's endpoint for S3_REGION). */
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** `smtp://user:pass@host:port`; unset means mail is captured in the database and shown on the mail page. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().default('Shadegate <no-reply@shadegate.local>'),
  /**
   * Attempts per email before it goes to the dead letter (4xx and connection errors are retried with backoff):
   * 20 rides out about two hours of SMTP outage at the default backoff.
   */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(20),
  /** First retry delay of failed jobs (doubles each attempt, capped at 10 min); tests shorten it. */
  JOB_BACKOFF_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(2000),
  /**
   * Accepted submissions whose extraction colour confidence (0–1) is below this also go to the review
   * queue: the doubtful cases go to people, the rest flow on. Rejected submissions always do. The
   * default is the threshold behind `extraction.review` (the confidence is a calibrated probability of
   * ΔE00 ≤ 5), so the queue holds exactly the measurements marked for review.
   */
  REVIEW_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(REVIEW_BELOW),
  EXTRACTOR: z.string().default('robust'),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().max(100 * 1024 * 1024).default(25 * 1024 * 1024),
  UPLOAD_MAX_PIXELS: z.coerce.number().int().positive().default(64_000_000),
  /**
   * Bytes of shade-form uploads in flight in one process (reserved from each request's Content-Length
   * as it starts, given back when it ends): beyond it uploads are refused with 503 and Retry-After.
   */
  UPLOAD_INFLIGHT_BYTES: z.coerce.number().int().positive().default(512 * 1024 * 1024),
  /** The same, per user (must hold one full form: 4 × UPLOAD_MAX_BYTES + 1 MB); beyond it 429 with Retry-After. */
  UPLOAD_INFLIGHT_USER_BYTES: z.coerce.number().int().positive().default(128 * 1024 * 1024),
  /** Analysis child processes for pixel work (at least one: photos wait for a child); default one per core, at most 8. */
  ANALYSIS_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  SEED_DEMO: booleanFromEnv.default(true),
  /** Run the job workers inside the web process (one-machine default). */
  RUN_WORKERS: booleanFromEnv.default(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Trust X-Forwarded-* from this many proxy hops (never `true`). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /**
   * Let webhooks point at loopback/private addresses. Off by default (a registered URL must not reach
   * internal services); tests and single-machine setups with a local receiver turn it on.
   */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: booleanFromEnv.default(false),
  /** Webhook deliveries run at once per process, on their own queue: a slow receiver never holds up mail or other jobs. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Live webhook subscriptions one token may hold; registering more is refused with 409. */
  WEBHOOK_MAX_PER_TOKEN: z.coerce.number().int().min(1).max(1000).default(10),
  /** Failed deliveries in a row after which a subscription's deliveries are paused (its circuit breaker opens). */
  WEBHOOK_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  /** How long an open breaker pauses a subscription; then one delivery is tried again. */
  WEBHOOK_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(1000).max(24 * 60 * 60 * 1000).default(10 * 60 * 1000),
  /** Photos one bulk upload may carry (each within UPLOAD_MAX_BYTES); finite on purpose. */
  BULK_MAX_FILES: z.coerce.number().int().min(1).max(5000).default(1200),
  /** Bytes one bulk upload may carry in all (spooled to disk); refused with 413 beyond it. */
  BULK_MAX_TOTAL_BYTES: z.coerce.number().int().positive().default(4 * 1024 * 1024 * 1024),
  /** Bulk rows submitted at once (each row's photos go through the analysis pool). */
  BULK_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** How often the storage reconciler compares the photo store with the database. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).default(60 * 60 * 1000),
  /** Files younger than this are left alone by the reconciler (an upload may be between rename and commit). */
  RECONCILE_GRACE_MS: z.coerce.number().int().min(0).default(60 * 60 * 1000),
  /** Also reconcile once when a process starts (after a crash, before serving); off by default as it hashes every photo. */
  RECONCILE_ON_START: booleanFromEnv.default(false),
  /** Bearer token for /metrics; unset means only loopback clients may scrape. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** How long a claimed job is held before another worker may take it over (a crashed worker's jobs wait this long). */
  JOB_LEASE_MS: z.coerce.number().int().min(500).max(60 * 60 * 1000).default(60_000),
  /** A client must send its request headers within this (slowloris); a proxy in front may cut sooner. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).max(10 * 60 * 1000).default(20_000),
  /** A client must send its whole request, body included, within this (a slow drip is cut off). */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(60 * 60 * 1000).default(120_000),
  /** An idle keep-alive connection is closed after this. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(10 * 60 * 1000).default(5_000),
  /** On shutdown, requests in flight get this long to finish before every connection is closed. */
  HTTP_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(10 * 60 * 1000).default(10_000),
}).refine((c) => !c.STORAGE_URL || (c.S3_ACCESS_KEY_ID && c.S3_SECRET_ACCESS_KEY), {
  path: ['STORAGE_URL'],
  message: 'needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY',
}).refine((c) => c.HTTP_HEADERS_TIMEOUT_MS <= c.HTTP_REQUEST_TIMEOUT_MS, {
  path: ['HTTP_HEADERS_TIMEOUT_MS'],
  message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS',
}).refine((c) => c.UPLOAD_INFLIGHT_USER_BYTES >= 4 * c.UPLOAD_MAX_BYTES + 1024 * 1024, {
  path: ['UPLOAD_INFLIGHT_USER_BYTES'],
  message: 'must hold one full shade form (4 × UPLOAD_MAX_BYTES + 1 MB)',
}).refine((c) => c.UPLOAD_INFLIGHT_BYTES >= c.UPLOAD_INFLIGHT_USER_BYTES, {
  path: ['UPLOAD_INFLIGHT_BYTES'],
  message: 'must not be below UPLOAD_INFLIGHT_USER_BYTES',
});

export type Config = z.infer<typeof configSchema> & {
  dataDir: string;
  storageDir: string;
  /** Object storage for photos (from STORAGE_URL), or null for local disk at `storageDir`. */
  objectStorage: S3StorageOptions | null;
  databaseUrl: string;
  baseUrl: string;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return resolveConfig(parsed.data);
}

export function resolveConfig(values: z.infer<typeof configSchema>): Config {
  const dataDir = path.resolve(values.DATA_DIR);
  return {
    ...values,
    dataDir,
    storageDir: path.join(dataDir, 'photos'),
    objectStorage: objectStorageOf(values),
    databaseUrl: values.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'shadegate.sqlite')}`,
    baseUrl: values.BASE_URL ?? `http://localhost:${values.PORT}`,
  };
}

function objectStorageOf(values: z.infer<typeof configSchema>): S3StorageOptions | null {
  if (!values.STORAGE_URL) return null;
  const [bucket, ...prefix] = values.STORAGE_URL.slice('s3://'.length).split('/');
  return {
    bucket,
    prefix: prefix.filter(Boolean).join('/'),
    endpoint: values.S3_ENDPOINT,
    region: values.S3_REGION,
    accessKeyId: values.S3_ACCESS_KEY_ID!,
    secretAccessKey: values.S3_SECRET_ACCESS_KEY!,
  };
}

/** Config for tests and tools: defaults plus overrides, never reading process.env. */
export function testConfig(overrides: Partial<z.input<typeof configSchema>> = {}): Config {
  const stringified = Object.fromEntries(
    Object.entries(overrides).map(([k, v]) => [k, v === undefined ? undefined : String(v)]),
  );
  return loadConfig({ NODE_ENV: 'test', SEED_DEMO: 'false', LOG_LEVEL: 'silent', ...stringified });
}
