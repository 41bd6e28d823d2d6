import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { PHOTO_VIEWS } from '../../validators/submission-schema.ts';
import { AppError } from './errors.ts';
import { csrfBeforeFiles } from './security/csrf-before-files.ts';
import { hasValidBoundary } from './security/multipart-boundary.ts';
import { finiteLimits } from './security/runtime-checks.ts';
import { mapStorageError } from '../storage/local-storage.ts';
import { UPLOAD_RETRY_AFTER_SECONDS, type UploadBudget } from './upload-budget.ts';

/**
 * The photo upload of the shade form and the brand API. multer only moves bytes, to disk: each request
 * streams into a folder of its own under the data dir (generated names), removed when its response
 * closes, however the request ended (refused, failed, aborted or done); folders a crash left behind are
 * swept by the storage reconciler. Before a byte is read the upload reserves its size from the budget
 * of bytes in flight. Every limit is finite; the service decides what is allowed. Mounted per route.
 */

/** Where single-shade uploads stream their files, one folder per request. */
export function uploadSpoolRoot(dataDir: string): string {
  return path.join(dataDir, 'tmp', 'uploads');
}

/** Room for the text fields and multipart framing of a shade form, beside its photos. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;

export function createPhotoUpload(opts: { maxBytes: number; spoolRoot: string; budget: UploadBudget }) {
  const maxRequestBytes = PHOTO_VIEWS.length * opts.maxBytes + FORM_OVERHEAD_BYTES;
  const limits = finiteLimits({
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
  });

  return async function photoUpload(req: Request, res: Response, next: NextFunction) {
    if (!req.is('multipart/form-data')) {
      return next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the form as multipart/form-data.'));
    }
    if (!hasValidBoundary(req.get('content-type'))) {
      return next(new AppError('MALFORMED_MULTIPART', 'The upload was not a well-formed multipart form.'));
    }
    const declared = Number(req.get('content-length'));
    if (Number.isFinite(declared) && declared > maxRequestBytes) {
      return next(new AppError('REQUEST_TOO_LARGE', `A shade form may carry at most ${Math.round(maxRequestBytes / 1024 ** 2)} MB.`));
    }
    let release: () => void;
    try {
      release = opts.budget.reserve(uploaderKey(req), Number.isFinite(declared) && declared > 0 ? declared : maxRequestBytes);
    } catch (err) {
      res.setHeader('Retry-After', String(UPLOAD_RETRY_AFTER_SECONDS));
      // The body is not read: close the connection after the answer rather than drain what may be 100 MB.
      res.setHeader('Connection', 'close');
      return next(err);
    }
    const dir = path.join(opts.spoolRoot, crypto.randomUUID());
    const removeSpool = () => fsp.rm(dir, { recursive: true, force: true });
    res.once('close', () => {
      release();
      void removeSpool();
    });
    try {
      await fsp.mkdir(dir, { recursive: true });
    } catch (err) {
      return next(mapStorageError(err));
    }
    const parser = multer({
      storage: multer.diskStorage({ destination: dir, filename: (_req, _file, cb) => cb(null, `${crypto.randomUUID()}.part`) }),
      defParamCharset: 'utf8',
      fileFilter: csrfBeforeFiles,
      limits,
    }).fields(PHOTO_VIEWS.map((name) => ({ name, maxCount: 1 })));
    parser(req, res, async (err?: unknown) => {
      if (!err) return next();
      await removeSpool();
      next(mapMultipartError(err));
    });
  };
}

/** Whose budget an upload counts against: the logged-in user, or the API token's user. */
function uploaderKey(req: Request): string {
  const id = req.apiCaller?.user.id ?? req.ctx?.user?.id;
  return id ? `user:${id}` : `ip:${req.ip}`;
}

function mapMultipartError(err: unknown): Error {
  if (err instanceof AppError) return err;
  // Spooling to disk failed (no descriptor left, disk full): the portal's fault, not the form's.
  if (typeof (err as NodeJS.ErrnoException)?.errno === 'number') return mapStorageError(err);
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

/** The uploaded photos, read from their spooled files (each within the per-file limit). */
export async function receivedFiles(req: Request): Promise<ReceivedFile[]> {
  const files = (req.files ?? {}) as Record<string, Express.Multer.File[]>;
  return Promise.all(
    Object.entries(files).flatMap(([view, list]) =>
      list.map(async (f) => ({ view, originalName: f.originalname, bytes: await fsp.readFile(f.path) })),
    ),
  );
}
