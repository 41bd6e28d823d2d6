import express, { Router } from 'express';
import { z } from 'zod';
import { clearSessionCookie, setSessionCookie } from '../../auth/cookies.ts';
import { requireCsrf } from '../../auth/csrf.ts';
import type { PasswordHasher } from '../../auth/passwords.ts';
import type { RateLimitRepository } from '../../repositories/rate-limit-repository.ts';
import type { SessionRepository } from '../../repositories/session-repository.ts';
import type { UserRepository } from '../../repositories/user-repository.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { handler } from '../async-handler.ts';
import { createRateLimiter } from '../rate-limit.ts';
import { homePathFor, safeNextPath } from '../safe-redirect.ts';
import { formBody } from '../body-parsers.ts';
import { pageText } from '../page-text.ts';

const loginSchema = z.object({
  email: z.string().trim().max(254),
  password: z.string().max(200),
  next: z.string().max(300).optional(),
});

export function createAuthRoutes(deps: {
  users: UserRepository;
  sessions: SessionRepository;
  passwords: PasswordHasher;
  views: ViewRenderer;
  crossSiteGuard: express.RequestHandler;
  rateLimits: RateLimitRepository;
  loginLimit?: { windowMs: number; max: number };
}): Router {
  const router = Router();
  const form = formBody('8kb', 20);
  const limiter = createRateLimiter({
    ...(deps.loginLimit ?? { windowMs: 15 * 60 * 1000, max: 20 }),
    counter: { hit: (bucket, windowMs) => deps.rateLimits.hit('login', bucket, windowMs) },
  });
  // A fixed hash to compare against when the email is unknown, so timing does not reveal which emails exist.
  const dummyHash = deps.passwords.hash('not-a-real-password');
  const textOf = pageText(deps.views);

  router.get('/login', (req, res) => {
    if (req.ctx.user) return res.redirect(303, homePathFor(req.ctx.user));
    res.send(deps.views.render('login', { ...res.locals, title: textOf(res)('auth:login.title'), next: safeNextPath(req.query.next) }));
  });

  router.post(
    '/login',
    deps.crossSiteGuard,
    limiter,
    form,
    handler(async (req, res) => {
      const parsed = loginSchema.safeParse(req.body);
      const next = safeNextPath(parsed.success ? parsed.data.next : undefined);
      const fail = () =>
        res.status(401).send(
          deps.views.render('login', {
            ...res.locals,
            title: textOf(res)('auth:login.title'),
            error: textOf(res)('auth:login.failed'),
            email: parsed.success ? parsed.data.email : '',
            next,
          }),
        );
      if (!parsed.success) return fail();
      const found = await deps.users.findCredentials(parsed.data.email);
      const ok = await deps.passwords.verify(parsed.data.password, found?.passwordHash ?? (await dummyHash));
      if (!found || !ok) return fail();
      // A new session id on every login (no fixation); the old one, if any, is destroyed.
      if (req.ctx.sessionId) await deps.sessions.destroy(req.ctx.sessionId);
      const { sessionId } = await deps.sessions.create(found.user.id);
      setSessionCookie(res, sessionId);
      res.redirect(303, next || homePathFor(found.user));
    }),
  );

  router.post(
    '/logout',
    deps.crossSiteGuard,
    form,
    requireCsrf,
    handler(async (req, res) => {
      if (req.ctx.sessionId) await deps.sessions.destroy(req.ctx.sessionId);
      clearSessionCookie(res);
      res.redirect(303, '/login');
    }),
  );

  return router;
}
