import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../http/errors.ts';
import type { User, UserRepository } from '../repositories/user-repository.ts';
import { tokenKindOf, TOKEN_PREFIX, type ApiToken, type ApiTokenRepository, type TokenKind } from './api-tokens.ts';

/** What bearer authentication attaches to an API request. */
export interface ApiCaller {
  token: ApiToken;
  user: User;
}

declare module 'express-serve-static-core' {
  interface Request {
    apiCaller?: ApiCaller;
  }
}

/**
 * `Authorization: Bearer sg_<kind>_…` for /api routes. Cookies are ignored here, so there is nothing for
 * a cross-site request to ride on and no CSRF token is needed. A missing, malformed, unknown, revoked or
 * wrong-kind token is a 401 JSON error, and only an accepted token updates last_used_at.
 */
export function createBearerAuth(deps: { tokens: ApiTokenRepository; users: UserRepository }) {
  return function requireToken(kind: TokenKind) {
    return async function bearerAuth(req: Request, res: Response, next: NextFunction) {
      try {
        req.apiCaller = await authenticate(req, kind);
        next();
      } catch (err) {
        res.setHeader('WWW-Authenticate', `Bearer realm="shadegate", error="invalid_token"`);
        next(err);
      }
    };
  };

  async function authenticate(req: Request, kind: TokenKind): Promise<ApiCaller> {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
    if (!match) throw unauthenticated('Send an API token as "Authorization: Bearer <token>".', 'errors:api.sendToken');
    const value = match[1];
    const claimed = tokenKindOf(value);
    if (!claimed) throw unauthenticated('That is not a Shadegate API token.', 'errors:api.notAToken');
    if (claimed !== kind) throw unauthenticated(`This endpoint needs a ${TOKEN_PREFIX[kind]}… token.`, 'errors:api.wrongTokenKind', { prefix: TOKEN_PREFIX[kind] });
    const token = await deps.tokens.findLive(value);
    if (!token || token.kind !== kind) throw unauthenticated('That token is unknown or has been revoked.', 'errors:api.unknownToken');
    const user = await deps.users.findById(token.userId);
    if (!user || (kind === 'brand' && (user.role !== 'brand' || user.brandId !== token.brandId))) {
      throw unauthenticated('That token no longer belongs to an active account.', 'errors:api.inactiveAccount');
    }
    await deps.tokens.touch(token);
    return { token, user };
  }
}

const unauthenticated = (message: string, key: string, values?: Record<string, string>) =>
  new AppError('UNAUTHENTICATED', message, {
    help: 'Create a token under Settings → API tokens and send it as a Bearer token.',
    text: { message: key, help: 'errors:api.helpToken', values },
  });

export function requireApiCaller(req: Request): ApiCaller {
  if (!req.apiCaller) throw new AppError('UNAUTHENTICATED', 'An API token is required.', { text: { message: 'errors:api.tokenRequired' } });
  return req.apiCaller;
}
