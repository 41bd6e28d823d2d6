import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { verifyCsrfToken } from '../../auth/csrf.ts';
import { AppError } from '../../http/errors.ts';
import { csrfBeforeFiles } from '../../http/security/csrf-before-files.ts';
import { hasValidBoundary } from '../../http/security/multipart-boundary.ts';
import type { BulkUploads } from './bulk-uploads.ts';
import type { BulkPhoto } from './photo-matching.ts';
import { finiteLimits } from '../../http/security/runtime-checks.ts';

/**
 * The bulk multipart parser: a `csv` file and up to `maxFiles` `photos`. Unlike the single-shade form,
 * files are spooled to a per-upload temp folder under generated names (hundreds of photos must not sit
 * in memory); every limit is still finite, and the folder is removed when the request fails.
 */
export interface BulkSpool {
  dir: string;
  csvPath: string;
  photos: BulkPhoto[];
}

declare module 'express-serve-static-core' {
  interface Request {
    bulkSpool?: BulkSpool;
  }
}

export function createBulkMultipart(deps: { bulk: BulkUploads; maxBytes: number; maxFiles: number; maxTotalBytes: number }) {
  const tooLarge = () =>
    new AppError('BULK_TOO_LARGE', `A bulk upload may carry at most ${Math.round(deps.maxTotalBytes / 1024 ** 2)} MB in all.`, {
      help: 'Split the catalogue into several uploads (a CSV and the photos of its rows each).',
      text: { message: 'errors:api.bulkTooLarge', help: 'errors:api.helpBulkTooLarge', values: { megabytes: Math.round(deps.maxTotalBytes / 1024 ** 2) } },
    });
  return async function bulkMultipart(req: Request, res: Response, next: NextFunction) {
    if (!req.is('multipart/form-data')) return next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the upload as multipart/form-data.', { text: { message: 'errors:api.sendMultipart' } }));
    const declared = Number(req.get('content-length'));
    if (Number.isFinite(declared) && declared > deps.maxTotalBytes) return next(tooLarge());
    if (!hasValidBoundary(req.get('content-type'))) return next(mapError(null));
    const dir = await deps.bulk.spoolDir();
    const parser = multer({
      storage: multer.diskStorage({
        destination: dir,
        filename: (_req, _file, cb) => cb(null, `${crypto.randomUUID()}.part`),
      }),
      defParamCharset: 'utf8',
      // A session's CSRF token is checked before the first file byte is spooled.
      fileFilter: csrfBeforeFiles,
      limits: finiteLimits({
        fileSize: deps.maxBytes,
        files: deps.maxFiles + 1,
        fields: 10,
        parts: deps.maxFiles + 11,
        fieldNameSize: 64,
        fieldSize: 16 * 1024,
        headerPairs: 100,
        fieldNestingDepth: 0,
        fieldArrayIndexLimit: 0,
      }),
    }).fields([
      { name: 'csv', maxCount: 1 },
      { name: 'photos', maxCount: deps.maxFiles },
    ]);
    let received = 0;
    let overLimit = false;
    parser(req, res, async (err?: unknown) => {
      if (err || overLimit) {
        await fsp.rm(dir, { recursive: true, force: true });
        return next(overLimit ? tooLarge() : mapError(err));
      }
      try {
        // A form without files never met the file filter: its token is checked before anything else.
        if (req.ctx?.sessionId) verifyCsrfToken(req);
      } catch (csrfError) {
        await fsp.rm(dir, { recursive: true, force: true });
        return next(csrfError);
      }
      const files = (req.files ?? {}) as Record<string, Express.Multer.File[]>;
      const csv = files.csv?.[0];
      if (!csv) {
        await fsp.rm(dir, { recursive: true, force: true });
        return next(new AppError('VALIDATION_FAILED', 'A CSV file is required.', { context: { field: 'csv', fields: { csv: 'is required' } }, text: { message: 'errors:api.csvRequired' } }));
      }
      req.bulkSpool = {
        dir,
        csvPath: csv.path,
        photos: (files.photos ?? []).map((f) => ({ originalName: f.originalname.slice(0, 255), path: f.path })),
      };
      next();
    });
    // A body without a (truthful) Content-Length is counted as it streams and cut off past the limit.
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > deps.maxTotalBytes && !overLimit) {
        overLimit = true;
        req.destroy();
      }
    });
  };
}

function mapError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError) {
    return new AppError(err.code, `${err.message}${err.field ? ` (${String(err.field).slice(0, 64)})` : ''}.`, { context: { field: err.field } });
  }
  return new AppError('MALFORMED_MULTIPART', 'The upload was not a well-formed multipart form.', { text: { message: 'errors:api.malformedMultipart' } });
}

/** Removes a spooled upload that will not be processed (refused after parsing, e.g. a bad CSRF token). */
export async function discardSpool(req: Request): Promise<void> {
  if (req.bulkSpool) await fsp.rm(req.bulkSpool.dir, { recursive: true, force: true });
}
