import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../http/errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses cross-site state-changing requests before any body byte is read (mount it before multer):
 * Sec-Fetch-Site first, then Origin, then Referer. A request carrying none of them must still pass the
 * session token check that runs after the body is parsed.
 */
export function createCrossSiteGuard(allowedOrigins: string[]) {
  const allowed = new Set(allowedOrigins.map((o) => new URL(o).origin));
  const sameOrigin = (req: Request, origin: string) =>
    allowed.has(origin) || origin === `${req.protocol}://${req.get('host')}`;

  return function crossSiteGuard(req: Request, _res: Response, next: NextFunction) {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get('sec-fetch-site');
    // The browser itself vouches for same-origin; Origin may then be "null" (e.g. under a no-referrer policy).
    if (site === 'same-origin') return next();
    if (site && site !== 'none') return next(crossSite());
    const origin = req.get('origin');
    if (origin !== undefined) return next(sameOrigin(req, origin) ? undefined : crossSite());
    const referer = req.get('referer');
    if (referer !== undefined) {
      let refOrigin: string;
      try {
        refOrigin = new URL(referer).origin;
      } catch {
        return next(crossSite());
      }
      return next(sameOrigin(req, refOrigin) ? undefined : crossSite());
    }
    next();
  };
}

const crossSite = () => new AppError('CROSS_SITE_REQUEST', 'This request came from another site and was refused.');

/** Checks the session-bound token from the form field `_csrf` or the `X-CSRF-Token` header. */
export function verifyCsrfToken(req: Request): void {
  const expected = req.ctx.csrfToken;
  const body = req.body as Record<string, unknown> | undefined;
  const supplied = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? req.get('x-csrf-token');
  if (!expected || typeof supplied !== 'string' || !timingSafeEqualText(supplied, expected)) {
    throw new AppError('CSRF_FAILED', 'Your form expired or did not come from this site. Reload the page and try again.');
  }
}

export function requireCsrf(req: Request, _res: Response, next: NextFunction): void {
  try {
    verifyCsrfToken(req);
    next();
  } catch (err) {
    next(err);
  }
}

function timingSafeEqualText(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}
