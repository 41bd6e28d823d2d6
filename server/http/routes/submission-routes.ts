import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { categories, standardsFor } from '../../../validators/standards.ts';
import { FINISHES, PHOTO_VIEWS, SWATCH_REQUIRED } from '../../../validators/submission-schema.ts';
import { verifyCsrfToken } from '../../auth/csrf.ts';
import type { MarketplaceRepository } from '../../marketplaces/marketplace-repository.ts';
import { presentMarketplacePicker } from '../../marketplaces/marketplace-presenter.ts';
import type { Photo, Submission, SubmissionRepository } from '../../repositories/submission-repository.ts';
import type { User } from '../../repositories/user-repository.ts';
import { maskToPng } from '../../review/mask-png.ts';
import type { MaskKind, OverlayMasks } from '../../review/overlay-masks.ts';
import type { SubmissionService, UploadedPhoto } from '../../submissions/submission-service.ts';
import {
  byUrgency,
  presentExtraction,
  presentPhoto,
  presentShadePreview,
  presentSubmissionResult,
  presentSubmissionSummary,
  REPEATED_UPLOAD_NOTICE,
  STATUS_LABELS,
  verdictSentence,
} from '../../views/submission-presenter.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { handler } from '../async-handler.ts';
import { AppError, notFound } from '../errors.ts';
import { requireUser, viewerOf } from '../request-context.ts';
import { homePathFor } from '../safe-redirect.ts';
import { receivedFiles } from '../upload.ts';

const PAGE_SIZE = 25;
const listQuerySchema = z.object({
  status: z.enum(Object.keys(STATUS_LABELS) as [string, ...string[]]).optional().or(z.literal('').transform(() => undefined)),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/** The masks a brand sees over its photo: what the finish and glitter measures counted. */
const BRAND_MASKS: Array<{ kind: MaskKind; label: string }> = [
  { kind: 'highlight', label: 'specular highlights' },
  { kind: 'glitter', label: 'glitter particles' },
];
const TRANSPARENT_PIXEL = maskToPng(new Uint8Array(1), 1, 1, [0, 0, 0, 0]);

const TEXT_FIELDS = [
  { name: 'productLine', label: 'Product line', maxLength: 80, hint: 'Silk Matte' },
  { name: 'shadeCode', label: 'Shade code', maxLength: 40, hint: 'NU-12' },
  { name: 'shadeName', label: 'Shade name', maxLength: 60, hint: 'Nude Kiss' },
] as const;

export function createSubmissionRoutes(deps: {
  submissions: SubmissionRepository;
  service: SubmissionService;
  views: ViewRenderer;
  crossSiteGuard: express.RequestHandler;
  maxBytes: number;
  /** The photo upload (spooled to disk, within the budget of bytes in flight). */
  upload: express.RequestHandler;
  /** Highlight and glitter masks over the brand's photos; absent in apps built without the review feature. */
  masks?: OverlayMasks;
  /**
   * Submits at most once per brand, shade code and photo bytes (the API's dedupe): a repeat answers the
   * earlier submission with `duplicate: true`. Absent in apps built without the API, where every post submits.
   */
  submitOnce?: (user: User, fields: unknown, files: UploadedPhoto[]) => Promise<{ submission: Submission; photos: Photo[]; duplicate: boolean }>;
  /** The brand's marketplaces for the form's picker; absent: no picker. */
  marketplaces?: Pick<MarketplaceRepository, 'ofBrand' | 'ofSubmission'>;
}): Router {
  const router = Router();
  const upload = deps.upload;
  const submitOnce: NonNullable<typeof deps.submitOnce> =
    deps.submitOnce ??
    (async (user, fields, files) => {
      const submission = await deps.service.submit(user, fields, files);
      return { submission, photos: await deps.submissions.photosOf(submission.id), duplicate: false };
    });

  const requireLogin = (req: Request, res: Response, next: () => void) =>
    req.ctx.user ? next() : res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);

  router.get('/', (req, res) => res.redirect(303, req.ctx.user ? homePathFor(req.ctx.user) : '/login'));

  router.get(
    '/dashboard',
    requireLogin,
    handler(async (req, res) => {
      const user = requireUser(req);
      const query = listQuerySchema.safeParse(req.query);
      if (!query.success) throw new AppError('BAD_REQUEST', 'That filter is not valid.');
      const { status, page } = query.data;
      const { items, total } = await deps.submissions.listForViewer(viewerOf(user), {
        status,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      const replaced = await deps.submissions.replacedAmong(items.map((i) => i.id), viewerOf(user));
      const href = (p: number) => `/dashboard?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) })}`;
      res.send(
        deps.views.render('dashboard', {
          ...res.locals,
          title: 'Dashboard',
          heading: user.role === 'reviewer' ? 'All submissions' : `${user.brandName ?? 'Your'} shades`,
          canSubmit: user.role === 'brand',
          showBrand: user.role === 'reviewer',
          items: items.map((i) => ({ ...presentSubmissionSummary(i), replaced: replaced.has(i.id) })),
          statusOptions: [{ value: '', label: 'Any status', selected: !status }].concat(
            Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label, selected: value === status })),
          ),
          rangeLabel: total ? `${(page - 1) * PAGE_SIZE + 1}–${Math.min(total, page * PAGE_SIZE)} of ${total}` : '',
          prevHref: page > 1 ? href(page - 1) : null,
          nextHref: page * PAGE_SIZE < total ? href(page + 1) : null,
        }),
      );
    }),
  );

  router.get(
    '/submissions/new',
    requireLogin,
    handler(async (req, res) => {
      const user = requireUser(req);
      if (user.role !== 'brand') throw new AppError('FORBIDDEN', 'Only brand users submit shades.');
      let replaces: Submission | null = null;
      if (typeof req.query.replaces === 'string') {
        replaces = await deps.submissions.findForViewer(req.query.replaces, viewerOf(user));
        if (!replaces) throw notFound('That submission');
      }
      const values = replaces
        ? {
            productLine: replaces.productLine,
            shadeCode: replaces.shadeCode,
            shadeName: replaces.shadeName,
            category: replaces.category,
            declaredFinish: replaces.declaredFinish,
            swatchHex: replaces.swatchHex,
            replacesId: replaces.id,
          }
        : {};
      const marketplaces = replaces && deps.marketplaces ? await deps.marketplaces.ofSubmission(replaces.id) : [];
      res.send(await renderForm(req, res, { ...values, ...(marketplaces.length ? { marketplaces } : {}) }, {}, replaces));
    }),
  );

  router.post(
    '/submissions',
    deps.crossSiteGuard,
    requireLogin,
    upload,
    handler(async (req, res) => {
      verifyCsrfToken(req);
      const user = requireUser(req);
      try {
        const { submission, photos, duplicate } = await submitOnce(user, req.body, await receivedFiles(req));
        // A script-driven upload shows the verdict in place; a plain form post follows the redirect.
        if (req.accepts(['html', 'json']) === 'json') {
          const result = presentSubmissionResult(submission, photos);
          if (duplicate) {
            res.status(200).json({ ...result, duplicate, notice: REPEATED_UPLOAD_NOTICE });
            return;
          }
          res.status(201).location(`/submissions/${submission.id}`).json({ ...result, duplicate });
          return;
        }
        // The same photos again: no second submission, the earlier one is shown with a notice saying so.
        res.redirect(303, duplicate ? `/submissions/${submission.id}?repeated=1` : `/submissions/${submission.id}`);
      } catch (err) {
        if (err instanceof AppError && err.code === 'VALIDATION_FAILED' && req.accepts(['html', 'json']) === 'html') {
          const errors = (err.context.fields ?? {}) as Record<string, string>;
          res.status(422).send(await renderForm(req, res, req.body ?? {}, errors, null));
          return;
        }
        throw err;
      }
    }),
  );

  router.get(
    '/submissions/:id',
    requireLogin,
    handler(async (req, res) => {
      const user = requireUser(req);
      const viewer = viewerOf(user);
      const submission = await deps.submissions.findForViewer(String(req.params.id), viewer);
      if (!submission) throw notFound('That submission');
      const [photos, replacedBy, replaces] = await Promise.all([
        deps.submissions.photosOf(submission.id),
        deps.submissions.replacementsOf(submission.id, viewer),
        submission.replacesId ? deps.submissions.findForViewer(submission.replacesId, viewer) : null,
      ]);
      res.send(
        deps.views.render('submission-detail', {
          ...res.locals,
          title: `${submission.shadeCode} · ${submission.shadeName}`,
          submission: presentSubmissionSummary(submission),
          verdict: submission.verdict,
          verdictSentence: verdictSentence(submission, photos),
          canResubmit: user.role === 'brand' && submission.status !== 'accepted' && submission.status !== 'overridden',
          extraction: presentExtraction(submission, photos),
          preview: presentShadePreview(submission),
          photos: photos.map((p) => {
            const shown = presentPhoto(p);
            const masks = deps.masks && p.width ? BRAND_MASKS.map((m) => ({ ...m, url: `/submissions/${submission.id}/photos/${p.id}/masks/${m.kind}.png` })) : [];
            return { ...shown, findings: byUrgency(shown.findings), masks };
          }),
          replaces: replaces ? presentSubmissionSummary(replaces) : null,
          replacedBy: replacedBy.map(presentSubmissionSummary),
          repeatedNotice: req.query.repeated === '1' && user.role === 'brand' ? REPEATED_UPLOAD_NOTICE : null,
        }),
      );
    }),
  );

  router.get(
    '/submissions/:id/photos/:photoId/masks/:kind.png',
    requireLogin,
    handler(async (req, res) => {
      const kind = BRAND_MASKS.find((m) => m.kind === req.params.kind)?.kind;
      const submission = await deps.submissions.findForViewer(String(req.params.id), viewerOf(requireUser(req)));
      if (!kind || !submission || !deps.masks) throw notFound('That overlay');
      const photo = (await deps.submissions.photosOf(submission.id)).find((p) => p.id === String(req.params.photoId));
      if (!photo) throw notFound('That overlay');
      const png = photo.width ? await deps.masks.mask(submission, photo, kind) : null;
      res.set({ 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=3600' });
      // Nothing of that kind found: a transparent pixel, so the page shows no broken image.
      res.send(png ?? TRANSPARENT_PIXEL);
    }),
  );

  async function renderForm(req: Request, res: Response, rawValues: Record<string, unknown>, errors: Record<string, string>, replaces: Submission | null) {
    const value = (k: string) => (typeof rawValues[k] === 'string' ? (rawValues[k] as string) : '');
    const brandId = req.ctx.user?.brandId;
    const marketplacePicker =
      deps.marketplaces && brandId
        ? presentMarketplacePicker(await deps.marketplaces.ofBrand(brandId), rawValues.marketplaces, deps.views.localisation.negotiate(String(res.locals.locale ?? ''), undefined), errors.marketplaces)
        : null;
    const category = value('category') || 'lipstick';
    const finish = value('declaredFinish') || 'matte';
    return deps.views.render('submission-new', {
          ...res.locals,
      title: replaces ? 'Resubmit a shade' : 'Submit a shade',
      heading: replaces ? 'Resubmit a shade' : 'Submit a shade',
      csrfToken: req.ctx.csrfToken,
      replaces: replaces ? presentSubmissionSummary(replaces) : null,
      errors,
      // No colour is pre-filled: a brand who forgets it is told so by the form, not refused by the colour check.
      values: { swatchHex: value('swatchHex'), replacesId: value('replacesId') },
      swatchRequired: SWATCH_REQUIRED,
      // A resubmission may take the colour measured from the refused photos instead of the declared one.
      measuredOffer: replaces?.extraction && replaces.extraction.color.hex.toLowerCase() !== value('swatchHex').toLowerCase() ? replaces.extraction.color.hex.toLowerCase() : null,
      textFields: TEXT_FIELDS.map((f) => ({ ...f, required: true, value: value(f.name), error: errors[f.name] })),
      categories: categories().map((id) => ({ id, label: standardsFor(id).label, selected: id === category })),
      finishes: FINISHES.map((f) => ({ value: f, label: f[0].toUpperCase() + f.slice(1), selected: f === finish })),
      views: PHOTO_VIEWS.map((name) => ({
        name,
        label: `${name[0].toUpperCase()}${name.slice(1)} photo`,
        required: name === 'front',
        error: errors[name],
      })),
      marketplacePicker,
      maxMegabytes: Math.round(deps.maxBytes / (1024 * 1024)),
      preflight: JSON.stringify(preflightLimits(deps.maxBytes)),
      scripts: ['/assets/submission-form.js'],
    });
  }

  return router;
}

/** What the page's script checks before uploading (cheap, and only advice: the server decides). */
function preflightLimits(maxBytes: number) {
  return {
    maxBytes,
    views: PHOTO_VIEWS,
    resolution: Object.fromEntries(categories().map((id) => [id, standardsFor(id).resolution])),
    extensions: standardsFor('lipstick').naming.extensions,
  };
}
