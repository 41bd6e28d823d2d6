/**
 * One error family for the whole server: a stable `code`, optional `context` (safe to show) and `help`.
 * Pure modules throw their own coded errors (ImageError, …); this table is the only place codes become
 * HTTP statuses.
 *
 * `message` and `help` are English. In another language the error handler says the `text` keys of the
 * `errors` catalog when the error has them, else the catalog's words for its code (`errors:code.<CODE>`).
 */
export interface ErrorText {
  /** `errors:…` key of the message and of the help. */
  message?: string;
  help?: string;
  values?: Record<string, string | number>;
}

export class AppError extends Error {
  readonly code: string;
  readonly context: Record<string, unknown>;
  readonly help: string | undefined;
  readonly text: ErrorText | undefined;
  constructor(code: string, message: string, opts: { context?: Record<string, unknown>; help?: string; text?: ErrorText } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.context = opts.context ?? {};
    this.help = opts.help;
    this.text = opts.text;
  }
}

const STATUS_BY_CODE: Record<string, number> = {
  // request shape
  VALIDATION_FAILED: 422,
  BAD_REQUEST: 400,
  BAD_JSON: 400,
  BODY_TOO_LARGE: 413,
  TOO_MANY_FIELDS: 413,
  INVALID_FIELD_NAME: 400,
  MALFORMED_MULTIPART: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  // auth
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  CROSS_SITE_REQUEST: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  BULK_TOO_LARGE: 413,
  REQUEST_TOO_LARGE: 413,
  /** Bytes of uploads in flight: the user's share (429) or the process's (503), both with Retry-After. */
  UPLOADS_IN_FLIGHT: 429,
  UPLOAD_CAPACITY: 503,
  WEBHOOK_LIMIT_REACHED: 409,
  // images (thrown by extraction/)
  UNSUPPORTED_TYPE: 415,
  FILE_TOO_LARGE: 413,
  TOO_MANY_PIXELS: 413,
  TOO_MANY_CHANNELS: 422,
  CORRUPT_IMAGE: 422,
  UNKNOWN_EXTRACTOR: 400,
  // multer limits
  LIMIT_FILE_SIZE: 413,
  LIMIT_PART_COUNT: 413,
  LIMIT_FILE_COUNT: 400,
  LIMIT_FIELD_KEY: 400,
  LIMIT_FIELD_VALUE: 413,
  LIMIT_FIELD_COUNT: 413,
  LIMIT_UNEXPECTED_FILE: 400,
  MISSING_FIELD_NAME: 400,
  LIMIT_FIELD_NESTING: 400,
  LIMIT_FIELD_ARRAY_INDEX: 400,
  // infrastructure
  STORAGE_FULL: 507,
  /** A stored photo is missing or fails its SHA-256 check: an explicit server-side fault, never served. */
  PHOTO_DAMAGED: 500,
  UNAVAILABLE: 503,
};

/** Every code the table knows, for the catalog's words per code. */
export const ERROR_CODES: readonly string[] = Object.keys(STATUS_BY_CODE);

export function statusForCode(code: unknown): number {
  return typeof code === 'string' && code in STATUS_BY_CODE ? STATUS_BY_CODE[code] : 500;
}

export const notFound = (what = 'That page') =>
  new AppError('NOT_FOUND', `${what} does not exist or is not yours.`);
export const forbidden = (message = 'You are not allowed to do that.') => new AppError('FORBIDDEN', message);

