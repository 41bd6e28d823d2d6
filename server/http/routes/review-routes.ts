import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { isCategory, standardsFor } from '../../../validators/standards.ts';
import { RULE_IDS } from '../../../validators/types.ts';
import { requireCsrf } from '../../auth/csrf.ts';
import type { Submission, SubmissionRepository } from '../../repositories/submission-repository.ts';
import type { Brand, UserRepository } from '../../repositories/user-repository.ts';
import { toLabelCsv, toLabelRecords } from '../../review/label-export.ts';
import { maskToPng } from '../../review/mask-png.ts';
import { MASK_KINDS, type MaskKind, type OverlayMasks } from '../../review/overlay-masks.ts';
import { presentAudit, presentLabel, presentQueueItem, presentShadeColour, presentRuleCounts, queueStatusLabel } from '../../review/review-presenter.ts';
import { pageTranslator } from '../page-text.ts';
import { ruleTitle } from '../../i18n/finding-text.ts';
import { QUEUE_STATUSES, type QueueFilter, type ReviewRepository } from '../../review/review-repository.ts';
import type { ReviewService } from '../../review/review-service.ts';
import { presentExtraction, presentPhoto, presentSubmissionSummary, statusLabel, verdictSentence } from '../../views/submission-presenter.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { handler } from '../async-handler.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { requireUser } from '../request-context.ts';
import { formBody } from '../body-parsers.ts';

const PAGE_SIZE = 25;
const blankToUndefined = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)));

const queueQuerySchema = z.object({
  status: blankToUndefined(z.enum(QUEUE_STATUSES)),
  brand: blankToUndefined(z.uuid()),
  rule: blankToUndefined(z.enum(RULE_IDS)),
  from: blankToUndefined(isoDate),
  to: blankToUndefined(isoDate),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

const noteSchema = z.object({
  _csrf: z.string().optional(),
  note: z.string().max(2000).optional().transform((v) => (v && v.trim() ? v.trim() : null)),
});

const labelSchema = noteSchema.extend({
  photoId: z.uuid(),
  x: z.coerce.number().int().min(0).max(100_000),
  y: z.coerce.number().int().min(0).max(100_000),
  width: z.coerce.number().int().min(1).max(100_000),
  height: z.coerce.number().int().min(1).max(100_000),
  pickedHex: blankToUndefined(z.string().trim().regex(/^#?[0-9a-fA-F]{6}$/)).transform((v) => (v ? `#${v.replace('#', '').toLowerCase()}` : null)),
});

const TRANSPARENT_PIXEL = maskToPng(new Uint8Array(1), 1, 1, [0, 0, 0, 0]);

/**
 * The bridge team's pages: the queue, a submission's detail with overlays, the actions and the labelled
 * data set. Every route is reviewer-only (a brand user gets 403); every action is a CSRF-protected form.
 */
export function createReviewRoutes(deps: {
  reviews: ReviewRepository;
  service: ReviewService;
  submissions: SubmissionRepository;
  users: UserRepository;
  masks: OverlayMasks;
  views: ViewRenderer;
  crossSiteGuard: express.RequestHandler;
  minConfidence: number;
}): Router {
  const router = Router();
  const form = formBody('16kb', 20);
  const reviewerView = { userId: 'review', role: 'reviewer' as const, brandId: null };

  router.get('/review', requireReviewer, handler(showQueue));
  router.get('/review/labels.json', requireReviewer, handler(exportLabelsJson));
  router.get('/review/labels.csv', requireReviewer, handler(exportLabelsCsv));
  router.get('/review/:id', requireReviewer, handler(showDetail));
  router.get('/review/:id/photos/:photoId/masks/:kind.png', requireReviewer, handler(sendMask));
  router.post('/review/:id/override', deps.crossSiteGuard, form, requireReviewer, requireCsrf, handler(act('override')));
  router.post('/review/:id/uphold', deps.crossSiteGuard, form, requireReviewer, requireCsrf, handler(act('uphold')));
  router.post('/review/:id/request-photo', deps.crossSiteGuard, form, requireReviewer, requireCsrf, handler(act('requestNewPhoto')));
  router.post('/review/:id/label', deps.crossSiteGuard, form, requireReviewer, requireCsrf, handler(label));

  async function showQueue(req: Request, res: Response) {
    const query = queueQuerySchema.safeParse(req.query);
    if (!query.success) throw new AppError('BAD_REQUEST', 'That filter is not valid.');
    const { page, brand, rule, from, to } = query.data;
    const status = query.data.status ?? 'open';
    const filter: QueueFilter = { status, brandId: brand, rule, from, to, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
    const [{ items, total }, counts, brands] = await Promise.all([deps.reviews.queue(filter), deps.reviews.countsByRule(filter), deps.users.listBrands()]);
    const params = { status: query.data.status, brand, rule, from, to };
    const href = (overrides: Record<string, string | number | undefined>) => {
      const merged = { ...params, ...overrides };
      const clean = Object.entries(merged).filter(([, v]) => v !== undefined && v !== '') as Array<[string, string]>;
      return `/review?${new URLSearchParams(clean.map(([k, v]) => [k, String(v)]))}`;
    };
    const now = Date.now();
    const tr = pageTranslator(deps.views, res);
    res.send(
      deps.views.render('review-queue', {
        ...res.locals,
        title: tr.t('review:queue.title'),
        styles: ['/assets/review.css'],
        items: items.map((i) => presentQueueItem(i, now, deps.minConfidence, tr)),
        total,
        ruleCounts: presentRuleCounts(counts, rule, (r) => href({ rule: r, page: undefined }), tr),
        statusOptions: QUEUE_STATUSES.map((value) => ({ value, label: queueStatusLabel(value, tr), selected: value === status })),
        brandOptions: [{ value: '', label: tr.t('review:queue.anyBrand'), selected: !brand }].concat(brands.map((b: Brand) => ({ value: b.id, label: b.name, selected: b.id === brand }))),
        ruleOptions: [{ value: '', label: tr.t('review:queue.anyRule'), selected: !rule }].concat(RULE_IDS.map((r) => ({ value: r, label: ruleTitle(tr, r), selected: r === rule }))),
        from: from ?? '',
        to: to ?? '',
        minConfidence: tr.number(Math.round(deps.minConfidence * 100) / 100, { style: 'percent' }),
        rangeLabel: total ? tr.t('common:pager.range', { from: tr.number((page - 1) * PAGE_SIZE + 1), to: tr.number(Math.min(total, page * PAGE_SIZE)), total: tr.number(total) }) : '',
        prevHref: page > 1 ? href({ page: page - 1 }) : null,
        nextHref: page * PAGE_SIZE < total ? href({ page: page + 1 }) : null,
        clearRuleHref: rule ? href({ rule: undefined, page: undefined }) : null,
      }),
    );
  }

  async function showDetail(req: Request, res: Response) {
    const submission = await findSubmission(req);
    const [photos, history, audit, labels] = await Promise.all([
      deps.submissions.photosOf(submission.id),
      deps.reviews.shadeHistory(submission.brandId, submission.shadeCode),
      deps.reviews.auditOf(submission.id),
      deps.reviews.labelsOf(submission.id),
    ]);
    const currentLabel = (photoId: string) => [...labels].reverse().find((l) => l.photoId === photoId) ?? null;
    const tr = pageTranslator(deps.views, res);
    res.send(
      deps.views.render('review-detail', {
        ...res.locals,
        title: tr.t('review:detail.title', { shade: `${submission.shadeCode} · ${submission.shadeName}` }),
        styles: ['/assets/review.css'],
        scripts: ['/assets/review-label.js'],
        submission: presentSubmissionSummary(submission, tr),
        verdictSentence: verdictSentence(submission, photos, tr),
        extraction: presentExtraction(submission, photos, tr),
        shadeColour: presentShadeColour(
          labels,
          submission.swatchHex,
          standardsFor(isCategory(submission.category) ? submission.category : 'lipstick').swatch,
          (photoId) => {
            const photo = photos.find((p) => p.id === photoId);
            return photo ? tr.t(`submission:photoOf.${photo.view}`) : tr.t('review:photo');
          },
          tr,
        ),
        photos: photos.map((p) => {
          const current = currentLabel(p.id);
          const start = current?.region ?? p.extraction?.region ?? p.measurements?.framing.productBox ?? null;
          return {
            ...presentPhoto(p, tr),
            imageUrl: `/photos/${p.id}/image`,
            maskBase: `/review/${submission.id}/photos/${p.id}/masks`,
            label: current ? presentLabel(current, tr) : null,
            measurable: p.width !== null && p.height !== null,
            start: start ? { x: start.x, y: start.y, width: start.width, height: start.height } : { x: 0, y: 0, width: p.width ?? 0, height: p.height ?? 0 },
          };
        }),
        labels: labels.map((l) => presentLabel(l, tr)),
        history: history.map((h) => ({ ...h, statusLabel: statusLabel(h.status, tr), current: h.id === submission.id })),
        audit: audit.map((a) => presentAudit(a, tr)),
        can: {
          override: ['rejected', 'upheld', 'new_photo_requested'].includes(submission.status),
          uphold: ['rejected', 'new_photo_requested'].includes(submission.status),
          requestPhoto: ['rejected', 'upheld'].includes(submission.status),
        },
        csrfToken: req.ctx.csrfToken,
      }),
    );
  }

  async function sendMask(req: Request, res: Response) {
    const kind = String(req.params.kind);
    if (!(MASK_KINDS as readonly string[]).includes(kind)) throw notFound('That overlay');
    const submission = await findSubmission(req);
    const photo = (await deps.submissions.photosOf(submission.id)).find((p) => p.id === String(req.params.photoId));
    if (!photo) throw notFound('That photo');
    const png = photo.width ? await deps.masks.mask(submission, photo, kind as MaskKind) : null;
    res.set({ 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=3600' });
    // No mask (nothing of that kind found) is a transparent pixel, so the page shows no broken image.
    res.send(png ?? TRANSPARENT_PIXEL);
  }

  function act(action: 'override' | 'uphold' | 'requestNewPhoto') {
    return async (req: Request, res: Response) => {
      const body = noteSchema.safeParse(req.body);
      if (!body.success) throw new AppError('VALIDATION_FAILED', 'The note must be at most 2000 characters.', { context: { field: 'note' } });
      const id = String(req.params.id);
      await deps.service[action](requireUser(req), id, body.data.note);
      res.redirect(303, `/review/${id}`);
    };
  }

  async function label(req: Request, res: Response) {
    const body = labelSchema.safeParse(req.body);
    if (!body.success) {
      throw new AppError('VALIDATION_FAILED', 'The region needs whole-pixel x, y, width and height; a picked colour looks like #b22146.', {
        context: { fields: Object.fromEntries(body.error.issues.map((i) => [String(i.path[0]), i.message])) },
      });
    }
    const { photoId, x, y, width, height, pickedHex, note } = body.data;
    const id = String(req.params.id);
    await deps.service.relabel(requireUser(req), id, { photoId, region: { x, y, width, height }, pickedHex, note });
    res.redirect(303, `/review/${id}#photo-${photoId}`);
  }

  async function exportLabelsJson(_req: Request, res: Response) {
    const records = toLabelRecords(await deps.reviews.currentLabels());
    res.set('Content-Disposition', 'attachment; filename="shadegate-labels.json"');
    res.json({ count: records.length, labels: records });
  }

  async function exportLabelsCsv(_req: Request, res: Response) {
    const csv = toLabelCsv(toLabelRecords(await deps.reviews.currentLabels()));
    res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="shadegate-labels.csv"' });
    res.send(csv);
  }

  async function findSubmission(req: Request): Promise<Submission> {
    const submission = await deps.submissions.findForViewer(String(req.params.id), reviewerView);
    if (!submission) throw notFound('That submission');
    return submission;
  }

  return router;
}

/** Reviewers only: a visitor is sent to log in (401), a brand user is refused (403). */
export function requireReviewer(req: Request, _res: Response, next: NextFunction): void {
  try {
    const user = requireUser(req);
    if (user.role !== 'reviewer') throw forbidden('Only the review team can open this page.');
    next();
  } catch (err) {
    next(err);
  }
}
