import express, { Router } from 'express';
import { z } from 'zod';
import { verifyCsrfToken } from '../../auth/csrf.ts';
import { isLanguage, type Language } from '../../i18n/i18n.ts';
import type { UserRepository } from '../../repositories/user-repository.ts';
import { handler } from '../async-handler.ts';
import { formBody } from '../body-parsers.ts';
import { AppError } from '../errors.ts';
import { safeNextPath } from '../safe-redirect.ts';

export const LANGUAGE_COOKIE = 'lang';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

const languageFormSchema = z.object({
  lang: z.string().max(16).refine(isLanguage),
  next: z.string().max(300).optional(),
  _csrf: z.string().max(200).optional(),
});

/**
 * The language picker in the page header posts here (a plain form, so it works without JavaScript).
 * The choice is kept in the `lang` cookie for every visitor and, for a logged-in user, also saved on the
 * account (pages and mail then follow it on any device); the visitor goes back to the page they were on.
 */
export function createLanguageRoutes(deps: { users: UserRepository; crossSiteGuard: express.RequestHandler }): Router {
  const router = Router();
  router.post(
    '/settings/language',
    deps.crossSiteGuard,
    formBody('2kb', 5),
    handler(async (req, res) => {
      // Anonymous visitors have no session token; the cross-site guard above is their protection, as on /login.
      if (req.ctx.user) verifyCsrfToken(req);
      const parsed = languageFormSchema.safeParse(req.body);
      if (!parsed.success) throw new AppError('BAD_REQUEST', 'That language is not offered.');
      const language = parsed.data.lang as Language;
      res.cookie(LANGUAGE_COOKIE, language, { maxAge: ONE_YEAR_MS, sameSite: 'lax', path: '/', secure: req.secure });
      if (req.ctx.user) await deps.users.setLanguage(req.ctx.user.id, language);
      res.redirect(303, safeNextPath(parsed.data.next, '/'));
    }),
  );
  return router;
}
