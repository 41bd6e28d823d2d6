import type { Request } from 'express';
import type { User } from '../repositories/user-repository.ts';
import type { Viewer } from '../repositories/submission-repository.ts';
import { AppError } from './errors.ts';

/** What the session middleware attaches to a request. */
export interface RequestContext {
  requestId: string;
  user: User | null;
  sessionId: string | null;
  csrfToken: string | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    ctx: RequestContext;
  }
}

export function requireUser(req: Request): User {
  if (!req.ctx.user) throw new AppError('UNAUTHENTICATED', 'Please log in.');
  return req.ctx.user;
}

export function viewerOf(user: User): Viewer {
  // Only reviewers see every brand; anyone else (a researcher too) is scoped to their own brand, if any.
  return { userId: user.id, role: user.role === 'reviewer' ? 'reviewer' : 'brand', brandId: user.brandId };
}
