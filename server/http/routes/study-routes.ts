import crypto from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireCsrf } from '../../auth/csrf.ts';
import type { RateLimitRepository } from '../../repositories/rate-limit-repository.ts';
import type { SubmissionRepository } from '../../repositories/submission-repository.ts';
import { AGE_BANDS, UNDERTONES, type StudyService } from '../../studies/study-service.ts';
import { presentSummary, resultsCsv } from '../../studies/study-presenter.ts';
import type { TryOnPreview } from '../../studies/try-on-preview.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { handler } from '../async-handler.ts';
import { formBody } from '../body-parsers.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { pageTranslator } from '../page-text.ts';
import { createRateLimiter } from '../rate-limit.ts';
import { requireUser, viewerOf } from '../request-context.ts';
import { receivedFiles } from '../upload.ts';

const blank = (v: unknown) => (v === '' ? undefined : v);
const titleSchema = z.object({ title: z.string().trim().min(2).max(120) });
const shadeSchema = z.object({ photoId: z.uuid() });
const GENDERS = ['woman', 'man', 'non-binary', 'prefer-not-to-say'] as const;
/** The catalog's word for each gender offered on the form; a self-described gender is shown as written. */
const GENDER_KEYS: Record<string, string> = { woman: 'studies:gender.woman', man: 'studies:gender.man', 'non-binary': 'studies:gender.nonBinary', 'prefer-not-to-say': 'studies:gender.preferNot' };
const modelSchema = z.object({
  monk: z.preprocess(blank, z.coerce.number().int().min(1).max(10).optional()),
  undertone: z.preprocess(blank, z.enum(UNDERTONES).optional()),
  ageBand: z.preprocess(blank, z.enum(AGE_BANDS).optional()),
  gender: z.preprocess(blank, z.enum([...GENDERS, 'self']).optional()),
  genderText: z.string().trim().max(60).optional(),
  consent: z.literal('yes').optional(),
});
const pointsSchema = z.object({ points: z.string().max(20_000) });

/** "x,y x,y …" (spaces, semicolons or new lines between points) → points; null when malformed. */
export function parsePoints(text: string): Array<[number, number]> | null {
  const parts = text.trim().split(/[\s;]+/).filter(Boolean);
  const points = parts.map((p) => /^(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)$/.exec(p)).map((m) => (m ? ([Number(m[1]), Number(m[2])] as [number, number]) : null));
  return points.length >= 3 && points.length <= 500 && points.every(Boolean) ? (points as Array<[number, number]>) : null;
}

/** Someone logged in (401 otherwise), before an upload is read. */
function requireLogin(req: Request, _res: Response, next: NextFunction): void {
  try {
    requireUser(req);
    next();
  } catch (err) {
    next(err);
  }
}

/** Researchers only: a visitor is sent to log in (401), anyone else is refused (403). */
export function requireResearcher(req: Request, _res: Response, next: NextFunction): void {
  try {
    if (requireUser(req).role !== 'researcher') throw forbidden('Only researchers can open studies.');
    next();
  } catch (err) {
    next(err);
  }
}

/**
 * The researcher's study pages (`/studies…`) and the raters' pages (`/rate/:token…`). Rater pages name
 * nothing but opaque ids: no source, no file name, no ETag; a source is shown only on a closed study's
 * results.
 */
export function createStudyRoutes(deps: {
  studies: StudyService;
  views: ViewRenderer;
  crossSiteGuard: express.RequestHandler;
  upload: express.RequestHandler;
  rateLimits: RateLimitRepository;
  /** Every rater page of one client, whatever the link (guessing links is a run of misses). */
  rateLimit?: { windowMs: number; max: number };
  /** The rater pages of one client on one link: tighter, a person scoring a few pictures a minute. */
  raterLimit?: { windowMs: number; max: number };
}): Router {
  const router = Router();
  const form = formBody('16kb', 20);
  // CSRF before the role: a forged request is refused as forged, whoever's session it rides on.
  const formGuard = [deps.crossSiteGuard, form, requireCsrf, requireResearcher];
  // Uploads: the upload middleware checks the token before the first file byte; the role after the body.
  const uploadGuard = [deps.crossSiteGuard, requireLogin, deps.upload, requireCsrf, requireResearcher];
  const limiter = createRateLimiter({
    ...(deps.rateLimit ?? { windowMs: 15 * 60 * 1000, max: 1000 }),
    counter: { hit: (bucket, windowMs) => deps.rateLimits.hit('rate-link', bucket, windowMs) },
  });
  // Keyed by the client and the link's fingerprint (never the token itself: bucket names are stored). An
  // item is a page, its pictures and a post, about eight requests; a person needs well under a minute for one.
  const linkLimiter = createRateLimiter({
    ...(deps.raterLimit ?? { windowMs: 5 * 60 * 1000, max: 200 }),
    counter: { hit: (bucket, windowMs) => deps.rateLimits.hit('rate-token', bucket, windowMs) },
    keyOf: (req) => crypto.createHash('sha256').update(String(req.params.token)).digest('hex').slice(0, 32),
  });
  const raterLimits = [limiter, linkLimiter];

  router.get('/studies', requireResearcher, handler(listStudies));
  router.post('/studies', ...formGuard, handler(createStudy));
  router.get('/studies/history', requireResearcher, handler(showHistory));
  router.get('/studies/:id', requireResearcher, handler(showStudy));
  router.post('/studies/:id/shades', ...formGuard, handler(addShade));
  router.post('/studies/:id/models', ...formGuard, handler(addModel));
  router.post('/studies/:id/models/:modelId/withdraw', ...formGuard, handler(withdraw));
  router.post('/studies/:id/models/:modelId/bare', ...uploadGuard, handler(uploadBare));
  router.get('/studies/:id/models/:modelId/lips', requireResearcher, handler(showLips));
  router.post('/studies/:id/models/:modelId/lips', ...formGuard, handler(saveLips));
  router.get('/studies/:id/models/:modelId/bare.jpg', requireResearcher, handler(sendBare));
  router.post('/studies/:id/models/:modelId/shades/:shadeId/reference', ...uploadGuard, handler(uploadPhoto('reference')));
  router.post('/studies/:id/models/:modelId/shades/:shadeId/outside', ...uploadGuard, handler(uploadPhoto('outside')));
  router.post('/studies/:id/render', ...formGuard, handler(render));
  router.post('/studies/:id/raters', ...formGuard, handler(invite));
  router.post('/studies/:id/close', ...formGuard, handler(close));
  router.get('/studies/:id/results', requireResearcher, handler(showResults));
  router.get('/studies/:id/results.json', requireResearcher, handler(resultsJson));
  router.get('/studies/:id/results.csv', requireResearcher, handler(resultsCsvExport));

  router.post('/studies/:id/raters/:raterId/revoke', ...formGuard, handler(revoke));

  router.get('/rate/:token', ...raterLimits, handler(showRating));
  router.get('/rate/:token/img/:imageId', ...raterLimits, handler(sendRaterImage));
  router.post('/rate/:token', deps.crossSiteGuard, ...raterLimits, formBody('16kb', 40), handler(saveRating));

  const id = (req: Request) => String(req.params.id);
  const back = (res: Response, req: Request, anchor = '') => res.redirect(303, `/studies/${id(req)}${anchor}`);

  async function listStudies(_req: Request, res: Response) {
    const studies = await deps.studies.list();
    res.send(deps.views.render('study-list', { ...res.locals, title: pageTranslator(deps.views, res).t('studies:list.title'), studies: studies.map((s) => ({ ...s, closed: s.status === 'closed' })) }));
  }

  async function createStudy(req: Request, res: Response) {
    const body = titleSchema.safeParse(req.body);
    if (!body.success) throw new AppError('VALIDATION_FAILED', 'A study needs a title of 2 to 120 characters.', { context: { field: 'title' } });
    const study = await deps.studies.create(requireUser(req), body.data.title);
    res.redirect(303, `/studies/${study.id}`);
  }

  async function showStudy(req: Request, res: Response) {
    const study = await deps.studies.find(id(req));
    const [shades, models, accepted, counts, raters, invitations] = await Promise.all([
      deps.studies.shadesOf(study.id),
      deps.studies.modelsOf(study.id),
      deps.studies.acceptedShades(),
      deps.studies.candidateCounts(study.id),
      deps.studies.raterCount(study.id),
      deps.studies.invitations(study.id),
    ]);
    const picked = new Set(shades.map((s) => s.photoId));
    res.send(
      deps.views.render('study-detail', {
        ...res.locals,
        title: study.title,
        styles: ['/assets/study.css'],
        study: { ...study, open: study.status === 'open' },
        shades,
        available: accepted.filter((a) => !picked.has(a.photoId)),
        models: models.map((m, i) => ({
          ...m,
          number: i + 1,
          undertoneKey: m.undertone ? `studies:undertone.${m.undertone}` : null,
          genderKey: m.gender ? (GENDER_KEYS[m.gender] ?? null) : null,
          lipPoints: m.lips?.outer.length ?? 0,
          shades: shades.map((s) => ({ ...s, modelId: m.id, hasReference: m.references.includes(s.id), outside: m.outside.filter((x) => x === s.id).length, candidates: counts.get(`${m.id}/${s.id}`) ?? 0 })),
        })),
        undertones: UNDERTONES.map((u) => ({ value: u, key: `studies:undertone.${u}` })),
        ageBands: AGE_BANDS,
        monkScale: Array.from({ length: 10 }, (_, i) => i + 1),
        raters,
        invitations,
        csrfToken: req.ctx.csrfToken,
      }),
    );
  }

  async function addShade(req: Request, res: Response) {
    const body = shadeSchema.safeParse(req.body);
    if (!body.success) throw new AppError('VALIDATION_FAILED', 'Pick an accepted shade.', { context: { field: 'photoId' } });
    await deps.studies.addShade(id(req), body.data.photoId);
    back(res, req, '#shades');
  }

  async function addModel(req: Request, res: Response) {
    const body = modelSchema.safeParse(req.body);
    if (!body.success) throw new AppError('VALIDATION_FAILED', 'Check the model’s details: Monk 1–10, an undertone and age band from the lists.', { context: { field: String(body.error.issues[0]?.path[0] ?? '') } });
    const d = body.data;
    const gender = d.gender === 'self' ? d.genderText || null : (d.gender ?? null);
    await deps.studies.addModel(id(req), { monk: d.monk ?? null, undertone: d.undertone ?? null, ageBand: d.ageBand ?? null, gender }, { given: d.consent === 'yes' });
    back(res, req, '#models');
  }

  async function withdraw(req: Request, res: Response) {
    await deps.studies.withdrawConsent(id(req), String(req.params.modelId));
    back(res, req, '#models');
  }

  /** The one photo of a study upload form (the upload middleware's `front` field). */
  async function onePhoto(req: Request): Promise<Buffer> {
    const files = await receivedFiles(req);
    if (files.length !== 1 || files[0].view !== 'front') throw new AppError('VALIDATION_FAILED', 'Choose one photo.', { context: { field: 'front' } });
    return files[0].bytes;
  }

  async function uploadBare(req: Request, res: Response) {
    const found = await deps.studies.uploadBare(id(req), String(req.params.modelId), await onePhoto(req));
    res.redirect(303, `/studies/${id(req)}/models/${String(req.params.modelId)}/lips${found ? '' : '?notFound=1'}`);
  }

  function uploadPhoto(kind: 'reference' | 'outside') {
    return async (req: Request, res: Response) => {
      const [modelId, shadeId] = [String(req.params.modelId), String(req.params.shadeId)];
      const bytes = await onePhoto(req);
      if (kind === 'reference') await deps.studies.uploadReference(id(req), modelId, shadeId, bytes);
      else await deps.studies.uploadOutside(id(req), modelId, shadeId, bytes);
      back(res, req, `#model-${modelId}`);
    };
  }

  async function showLips(req: Request, res: Response) {
    const study = await deps.studies.find(id(req));
    const model = (await deps.studies.modelsOf(study.id)).find((m) => m.id === String(req.params.modelId));
    if (!model || !model.hasBare) throw notFound('That photo');
    const outer = model.lips?.outer ?? [];
    res.send(
      deps.views.render('study-lips', {
        ...res.locals,
        title: study.title,
        styles: ['/assets/study.css'],
        scripts: ['/assets/study-lips.js'],
        study,
        model,
        notFound: req.query.notFound === '1',
        points: outer.map(([x, y]) => `${Math.round(x)},${Math.round(y)}`).join(' '),
        imageUrl: `/studies/${study.id}/models/${model.id}/bare.jpg`,
        csrfToken: req.ctx.csrfToken,
      }),
    );
  }

  async function saveLips(req: Request, res: Response) {
    const body = pointsSchema.safeParse(req.body);
    const points = body.success ? parsePoints(body.data.points) : null;
    if (!points) throw new AppError('VALIDATION_FAILED', 'Write the lip outline as at least 3 points "x,y", separated by spaces.', { context: { field: 'points' } });
    await deps.studies.setLips(id(req), String(req.params.modelId), points);
    back(res, req, `#model-${String(req.params.modelId)}`);
  }

  async function sendBare(req: Request, res: Response) {
    const jpeg = await deps.studies.bareImage(id(req), String(req.params.modelId));
    res.set({ 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, no-store' });
    res.end(jpeg);
  }

  async function render(req: Request, res: Response) {
    await deps.studies.renderCandidates(id(req));
    back(res, req, '#candidates');
  }

  async function invite(req: Request, res: Response) {
    const study = await deps.studies.find(id(req));
    const { token, raterId } = await deps.studies.inviteRater(study.id);
    const number = (await deps.studies.invitations(study.id)).find((i) => i.id === raterId)?.number ?? 0;
    res.status(201).set('Cache-Control', 'no-store');
    res.send(deps.views.render('study-invite', { ...res.locals, title: study.title, study, number, link: `${req.protocol}://${req.get('host')}/rate/${token}` }));
  }

  async function revoke(req: Request, res: Response) {
    await deps.studies.revokeRater(requireUser(req), id(req), String(req.params.raterId));
    back(res, req, '#raters');
  }

  async function close(req: Request, res: Response) {
    await deps.studies.close(id(req));
    res.redirect(303, `/studies/${id(req)}/results`);
  }

  async function closedResults(req: Request) {
    const study = await deps.studies.find(id(req));
    // Nobody sees which source is which until the study is closed.
    if (study.status !== 'closed') throw new AppError('CONFLICT', 'Results are shown once the study is closed.');
    const results = await deps.studies.results(study.id);
    if (!results) throw notFound('Those results');
    return { study, ...results };
  }

  async function showResults(req: Request, res: Response) {
    const { study, summary, extractorVersion, computedAt } = await closedResults(req);
    res.send(deps.views.render('study-results', { ...res.locals, title: study.title, styles: ['/assets/study.css'], study, extractorVersion, computedAt, results: presentSummary(summary) }));
  }

  async function resultsJson(req: Request, res: Response) {
    const { study, summary, extractorVersion, computedAt } = await closedResults(req);
    res.set('Content-Disposition', 'attachment; filename="study-results.json"');
    res.json({ study: { id: study.id, title: study.title, closedAt: study.closedAt }, extractorVersion, computedAt, ...summary });
  }

  async function resultsCsvExport(req: Request, res: Response) {
    const { summary, extractorVersion } = await closedResults(req);
    res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="study-results.csv"' });
    res.send(resultsCsv(summary, extractorVersion));
  }

  async function showHistory(_req: Request, res: Response) {
    const history = await deps.studies.history();
    res.send(
      deps.views.render('study-history', {
        ...res.locals,
        title: pageTranslator(deps.views, res).t('studies:history.title'),
        rows: history.map((h) => {
          const robust = h.summary.overall.find((s) => s.source === 'robust');
          const rank = [...h.summary.overall].sort((a, b) => b.ci.estimate - a.ci.estimate).findIndex((s) => s.source === 'robust');
          return { ...h, robust: robust ? { mean: robust.ci.estimate.toFixed(2), low: robust.ci.low.toFixed(2), high: robust.ci.high.toFixed(2) } : null, rank: rank >= 0 ? rank + 1 : null, sources: h.summary.overall.length };
        }),
      }),
    );
  }

  async function rater(req: Request) {
    const session = await deps.studies.rater(String(req.params.token));
    if (!session) throw notFound('That invitation');
    return session;
  }

  /** Rater pages: never cached, never indexed (the app's same-origin referrer policy keeps the link from other sites). */
  const raterHeaders = (res: Response) => res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' });

  /** A revoked link: 410 Gone, with a page that says so (the study's title, nothing else of it). */
  function sendRevoked(res: Response, studyTitle: string) {
    raterHeaders(res);
    res.status(410).send(deps.views.render('rate', { locale: res.locals.locale, dir: res.locals.dir, title: studyTitle, styles: ['/assets/study.css'], studyTitle, revoked: true, item: null }));
  }

  async function showRating(req: Request, res: Response) {
    const session = await rater(req);
    if (session.revoked) return sendRevoked(res, session.studyTitle);
    const item = session.open ? await session.next() : null;
    const base = `/rate/${String(req.params.token)}`;
    raterHeaders(res);
    res.send(
      deps.views.render('rate', {
        locale: res.locals.locale,
        dir: res.locals.dir,
        title: session.studyTitle,
        styles: ['/assets/study.css'],
        studyTitle: session.studyTitle,
        open: session.open,
        item: item
          ? {
              ...item,
              referenceUrl: `${base}/img/${item.referenceId}`,
              candidates: item.candidateIds.map((cid, i) => ({ id: cid, number: i + 1, url: `${base}/img/${cid}`, scores: Array.from({ length: 10 }, (_, k) => k + 1) })),
            }
          : null,
        action: base,
        formToken: session.formToken,
        error: req.query.error === '1',
      }),
    );
  }

  async function sendRaterImage(req: Request, res: Response) {
    const session = await rater(req);
    if (session.revoked) return void raterHeaders(res).status(410).end();
    const jpeg = await session.image(String(req.params.imageId));
    if (!jpeg) throw notFound('That picture');
    raterHeaders(res);
    // res.end, not res.send: no ETag (a hash of the bytes would tell two pictures apart by more than their looks).
    res.set('Content-Type', 'image/jpeg');
    res.end(jpeg);
  }

  async function saveRating(req: Request, res: Response) {
    // A form for an unknown invitation cannot carry that invitation's form token: refused as forged.
    const session = await deps.studies.rater(String(req.params.token));
    if (!session) throw new AppError('CSRF_FAILED', 'Your form expired. Reload the page and try again.');
    const body = (req.body ?? {}) as Record<string, unknown>;
    session.checkFormToken(body._csrf);
    if (session.revoked) return sendRevoked(res, session.studyTitle);
    const scores: Record<string, number> = {};
    for (const [k, v] of Object.entries(body)) if (k.startsWith('score-') && typeof v === 'string' && /^\d{1,2}$/.test(v)) scores[k.slice(6)] = Number(v);
    try {
      await session.score(String(body.item ?? ''), scores);
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION_FAILED') return res.redirect(303, `/rate/${String(req.params.token)}?error=1`);
      throw err;
    }
    res.redirect(303, `/rate/${String(req.params.token)}`);
  }

  return router;
}

/**
 * The verdict page's try-on: `/submissions/:id/photos/:photoId/try-on.png`, and `tryOnFace` in the
 * page model when a sample face is installed (the partial shows nothing otherwise).
 */
export function createTryOnRoutes(deps: { submissions: SubmissionRepository; preview: TryOnPreview }): Router {
  const router = Router();
  router.get('/submissions/:id', (_req, res, next) => {
    res.locals.tryOnFace = deps.preview.available();
    next();
  });
  router.get(
    '/submissions/:id/photos/:photoId/try-on.png',
    handler(async (req, res) => {
      const submission = await deps.submissions.findForViewer(String(req.params.id), viewerOf(requireUser(req)));
      const photo = submission ? (await deps.submissions.photosOf(submission.id)).find((p) => p.id === String(req.params.photoId)) : null;
      const png = photo?.extraction ? deps.preview.render(photo.id, photo.extraction) : null;
      if (!png) throw notFound('That try-on');
      res.set({ 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=3600' });
      res.send(await png);
    }),
  );
  return router;
}
