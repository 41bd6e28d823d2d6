import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { PHOTO_VIEWS } from '../../validators/submission-schema.ts';
import { AppError } from './errors.ts';
import { csrfBeforeFiles } from './security/csrf-before-files.ts';
import { hasValidBoundary } from './security/multipart-boundary.ts';
import { finiteLimits } from './security/runtime-checks.ts';

/**
 * multer only moves bytes, into memory: a refused or aborted upload leaves no file behind.
 * Every limit is finite; the service decides what is allowed. Mounted per route, never globally.
 */
export function createPhotoUpload(opts: { maxBytes: number; extraFields?: string[] }) {
  const parser = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8',
    fileFilter: csrfBeforeFiles,
    limits: finiteLimits({
      fileSize: opts.maxBytes,
      files: PHOTO_VIEWS.length,
      fields: 30,
      parts: 40,
      fieldNameSize: 64,
      fieldSize: 16 * 1024,
      headerPairs: 100,
      // Our forms use flat field names: `a[b]` and `a[1]` (nested objects, sparse arrays) are refused.
      fieldNestingDepth: 0,
      fieldArrayIndexLimit: 0,
    }),
  }).fields(PHOTO_VIEWS.map((name) => ({ name, maxCount: 1 })));

  return function photoUpload(req: Request, res: Response, next: NextFunction) {
    if (!req.is('multipart/form-data')) {
      return next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the form as multipart/form-data.'));
    }
    if (!hasValidBoundary(req.get('content-type'))) {
      return next(new AppError('MALFORMED_MULTIPART', 'The upload was not a well-formed multipart form.'));
    }
    parser(req, res, (err?: unknown) => {
      if (!err) return next();
      next(mapMultipartError(err));
    });
  };
}

function mapMultipartError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError) {
    const field = err.field ? ` (${String(err.field).slice(0, 64)})` : '';
    return new AppError(err.code, `${err.message}${field}.`, { context: { field: err.field } });
  }
  return new AppError('MALFORMED_MULTIPART', 'The upload was not a well-formed multipart form.');
}

export interface ReceivedFile {
  view: string;
  originalName: string;
  bytes: Buffer;
}

export function receivedFiles(req: Request): ReceivedFile[] {
  const files = (req.files ?? {}) as Record<string, Express.Multer.File[]>;
  return Object.entries(files).flatMap(([view, list]) =>
    list.map((f) => ({ view, originalName: f.originalname, bytes: f.buffer })),
  );
}
