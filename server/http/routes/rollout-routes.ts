import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { requireCsrf } from '../../auth/csrf.ts';
import type { Db } from '../../db/database.ts';
import { isMarketplaceCode } from '../../marketplaces/marketplaces.ts';
import { compareExtractors } from '../../rollout/rollout-comparison.ts';
import type { RolloutService } from '../../rollout/rollout-service.ts';
import { presentComparison, presentHistory, presentRolloutForm, presentRollouts } from '../../rollout/rollout-presenter.ts';
import { DEFAULT_LANGUAGE, type Translator } from '../../i18n/i18n.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { handler } from '../async-handler.ts';
import { formBody } from '../body-parsers.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { requireUser } from '../request-context.ts';

/** The rollout form's fields, each with a sentence in the `marketplaces` catalog for when it is refused. */
const ROLLOUT_FIELDS = new Set(['serving', 'challenger', 'challengerPercent', 'mode']);

/**
 * The extractor rollouts: `/ops/rollouts` lists every marketplace's, `/ops/rollouts/:marketplace` shows
 * one with the comparison of its extractors and its audit trail. Reviewers and operators may look;
 * only operators change a rollout.
 */
export function createRolloutRoutes(deps: { db: Db; rollout: RolloutService; views: ViewRenderer; crossSiteGuard: express.RequestHandler }): Router {
  const router = Router();
  const form = formBody('4kb', 10);
  const requireLogin = (req: Request, res: Response, next: NextFunction) =>
    req.ctx.user ? next() : res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  const requireViewer = (req: Request, _res: Response, next: NextFunction) =>
    ['reviewer', 'operator'].includes(requireUser(req).role) ? next() : next(forbidden('Only the review and operations teams can open this page.'));
  const requireOperator = (req: Request, _res: Response, next: NextFunction) =>
    requireUser(req).role === 'operator' ? next() : next(forbidden('Only operators change a rollout.'));
  const marketplaceParam = (req: Request) => {
    const code = String(req.params.marketplace).toUpperCase();
    if (!isMarketplaceCode(code)) throw notFound('That marketplace');
    return code;
  };
  const languageOf = (res: Response) => deps.views.localisation.negotiate(String(res.locals.locale ?? ''), undefined);

  router.get(
    '/ops/rollouts',
    requireLogin,
    requireViewer,
    handler(async (_req, res) => {
      const language = languageOf(res);
      res.send(
        deps.views.render('ops-rollouts', {
          ...res.locals,
          title: deps.views.localisation.translator(language).t('marketplaces:rollouts.title'),
          styles: ['/assets/review.css'],
          rollouts: presentRollouts(await deps.rollout.list(), language),
        }),
      );
    }),
  );

  router.get('/ops/rollouts/:marketplace', requireLogin, requireViewer, handler(async (req, res) => res.send(await detail(req, res, {}))));

  router.post(
    '/ops/rollouts/:marketplace',
    deps.crossSiteGuard,
    requireLogin,
    form,
    requireCsrf,
    requireOperator,
    handler(async (req, res) => {
      const marketplace = marketplaceParam(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const note = typeof body.note === 'string' && body.note.trim() ? body.note.trim().slice(0, 500) : null;
      try {
        await deps.rollout.change(requireUser(req).id, marketplace, body, note);
      } catch (err) {
        if (err instanceof AppError && err.code === 'VALIDATION_FAILED') {
          res.status(422).send(await detail(req, res, (err.context.fields ?? {}) as Record<string, string>, body));
          return;
        }
        throw err;
      }
      res.redirect(303, `/ops/rollouts/${marketplace}`);
    }),
  );

  /**
   * A refused change's field messages in the page's language. English keeps the rollout service's own
   * words (they name the extractors to choose from); another language says each field's catalog sentence.
   */
  function fieldErrorsIn(tr: Translator, errors: Record<string, string>): Record<string, string> {
    if (tr.language === DEFAULT_LANGUAGE) return errors;
    return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, ROLLOUT_FIELDS.has(field) ? tr.t(`marketplaces:error.${field}`) : message]));
  }

  async function detail(req: Request, res: Response, errors: Record<string, string>, submitted?: Record<string, unknown>) {
    const marketplace = marketplaceParam(req);
    const language = languageOf(res);
    const rollout = await deps.rollout.get(marketplace);
    const [comparison, history] = await Promise.all([compareExtractors(deps.db, marketplace), deps.rollout.history(marketplace)]);
    const view = presentRolloutForm(rollout, language, deps.rollout.extractorNames(), submitted);
    return deps.views.render('ops-rollout-detail', {
      ...res.locals,
      title: view.heading,
      styles: ['/assets/review.css'],
      csrfToken: req.ctx.csrfToken,
      canChange: requireUser(req).role === 'operator',
      errors: fieldErrorsIn(deps.views.localisation.translator(language), errors),
      ...view,
      comparison: presentComparison(comparison, language),
      history: presentHistory(history, language),
    });
  }

  return router;
}
