/**
 * Whether an error means the database could not be reached or is restarting, rather than that the
 * request was wrong or the code is: the request was not carried out, and the same request may succeed
 * in a moment. The HTTP layer answers such errors 503 with Retry-After instead of 500.
 */

/** Socket errors, and PostgreSQL's shutdown (57P0x), connection (08xxx) and too-many-connections classes. */
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  'SQLITE_BUSY',
]);

/** What node-postgres and knex say when a connection drops or none can be had (these carry no code). */
const MESSAGES =
  /Connection terminated|Connection ended unexpectedly|terminating connection due to administrator command|Timeout acquiring a connection|has encountered a connection error and is not queryable|Client was closed and is not queryable/;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, name, message } = err as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && CODES.has(code)) return true;
  if (name === 'KnexTimeoutError') return true;
  return typeof message === 'string' && MESSAGES.test(message);
}

/** Seconds a client is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;
