import type { Request } from 'express';
import { verifyCsrfToken } from '../../auth/csrf.ts';

/**
 * A multer `fileFilter` that checks the session's CSRF token before the first file byte is read.
 * Browsers serialise fields in document order and our forms put `_csrf` first, so the token has
 * arrived by the time a file part begins (or it came in the `X-CSRF-Token` header). Requests without
 * a session (bearer-token API clients) carry no ambient credentials and are left to their own guard.
 */
export function csrfBeforeFiles(req: Request, _file: unknown, cb: (err: Error | null, accept?: boolean) => void): void {
  if (!req.ctx?.sessionId) return cb(null, true);
  try {
    verifyCsrfToken(req);
    cb(null, true);
  } catch (err) {
    cb(err as Error);
  }
}
