import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireCsrf } from '../../auth/csrf.ts';
import type { ApiToken, ApiTokenRepository, TokenKind } from '../../api/api-tokens.ts';
import type { User } from '../../repositories/user-repository.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { handler } from '../async-handler.ts';
import { forbidden, notFound } from '../errors.ts';
import { requireUser } from '../request-context.ts';
import { formBody } from '../body-parsers.ts';
import { pageTranslator } from '../page-text.ts';

/** The name's problems are catalog keys (`tokens:error.*`), worded in the page's language. */
const createSchema = z.object({ name: z.string().trim().min(1, 'required').max(80, 'tooLong') });

/**
 * Settings → API tokens. A brand user manages the brand's `sg_brand_` tokens; a reviewer manages the
 * 3D team's read-only `sg_export_` tokens (the bridge team hands them over). A new token is shown once,
 * on the response to its creation, never again.
 */
export function createTokenRoutes(deps: { tokens: ApiTokenRepository; views: ViewRenderer; crossSiteGuard: express.RequestHandler }): Router {
  const router = Router();
  const form = formBody('4kb', 10);
  // Tokens belong to brands (brand users) or to the 3D team (handed over by reviewers); operators have none.
  const requireLogin = (req: Request, res: Response, next: NextFunction) =>
    !req.ctx.user ? res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`) : req.ctx.user.role === 'operator' ? next(forbidden()) : next();

  router.get('/settings/tokens', requireLogin, handler(async (req, res) => res.send(await page(req, res, {}))));
  router.post('/settings/tokens', deps.crossSiteGuard, requireLogin, form, requireCsrf, handler(create));
  router.post('/settings/tokens/:id/revoke', deps.crossSiteGuard, requireLogin, form, requireCsrf, handler(revoke));

  async function create(req: Request, res: Response) {
    const user = tokenOwner(req);
    const parsed = createSchema.safeParse(req.body);
    if (!parsed.success) {
      const tr = pageTranslator(deps.views, res);
      const problem = parsed.error.issues[0]?.message === 'tooLong' ? 'tooLong' : 'required';
      res.status(422).send(await page(req, res, { error: tr.t('tokens:error.name', { problem: tr.t(`tokens:error.${problem}`) }) }));
      return;
    }
    const { value, token } = await deps.tokens.create({ kind: kindFor(user), name: parsed.data.name, userId: user.id, brandId: user.brandId });
    res.status(201).set('Cache-Control', 'no-store').send(await page(req, res, { created: { value, name: token.name } }));
  }

  async function revoke(req: Request, res: Response) {
    const user = tokenOwner(req);
    if (!(await deps.tokens.revoke(String(req.params.id), user))) throw notFound('That token');
    res.redirect(303, '/settings/tokens');
  }

  async function page(req: Request, res: Response, extra: { created?: { value: string; name: string }; error?: string }) {
    const user = tokenOwner(req);
    const kind = kindFor(user);
    const tokens = await deps.tokens.listFor(user);
    return deps.views.render('tokens', {
      ...res.locals,
      title: pageTranslator(deps.views, res).t('tokens:title'),
      isExport: kind === 'export',
      prefix: kind === 'export' ? 'sg_export_' : 'sg_brand_',
      prefixShown: kind === 'export' ? 'sg_export_…' : 'sg_brand_…',
      tokens: tokens.map(presentToken),
      ...extra,
    });
  }

  return router;
}

/** The signed-in brand user or reviewer: operators and researchers have no API tokens. */
function tokenOwner(req: Request): User & { role: 'brand' | 'reviewer' } {
  const user = requireUser(req);
  if (user.role === 'operator' || user.role === 'researcher') throw forbidden();
  return user as User & { role: 'brand' | 'reviewer' };
}

const kindFor = (user: User): TokenKind => (user.role === 'reviewer' ? 'export' : 'brand');

function presentToken(t: ApiToken) {
  return {
    id: t.id,
    name: t.name,
    displayPrefix: `${t.displayPrefix}…`,
    createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt,
    revoked: Boolean(t.revokedAt),
    revokedAt: t.revokedAt,
  };
}
