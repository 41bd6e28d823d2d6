import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { SessionRepository } from '../repositories/session-repository.ts';
import type { UserRepository } from '../repositories/user-repository.ts';
import { clearSessionCookie, parseCookies, SESSION_COOKIE } from './cookies.ts';

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so page views do not each cost a write. */
const TOUCH_EVERY_MS = 60 * 1000;

/**
 * Loads the session and user for every request; expired sessions are destroyed server-side. A
 * session's age is judged on the database's clock (the one its times were written on).
 */
export function createSessionMiddleware(deps: { sessions: SessionRepository; users: UserRepository }) {
  return async function sessionMiddleware(req: Request, res: Response, next: NextFunction) {
    req.ctx = { requestId: String(res.locals.requestId ?? crypto.randomUUID()), user: null, sessionId: null, csrfToken: null };
    const sessionId = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (!sessionId || sessionId.length > 100) return next();
    const session = await deps.sessions.find(sessionId);
    if (!session) {
      clearSessionCookie(res);
      return next();
    }
    const t = Date.parse(session.readAt);
    const expired =
      t - Date.parse(session.lastSeenAt) > SESSION_IDLE_MS || t - Date.parse(session.createdAt) > SESSION_ABSOLUTE_MS;
    const user = expired ? null : await deps.users.findById(session.userId);
    if (!user) {
      await deps.sessions.destroy(sessionId);
      clearSessionCookie(res);
      return next();
    }
    if (t - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) await deps.sessions.touch(sessionId);
    req.ctx.user = user;
    req.ctx.sessionId = sessionId;
    req.ctx.csrfToken = session.csrfToken;
    res.locals.currentUser = { name: user.name, email: user.email, role: user.role, brandName: user.brandName };
    res.locals.csrfToken = session.csrfToken;
    next();
  };
}
