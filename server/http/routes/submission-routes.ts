import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { categories, standardsFor } from '../../../validators/standards.ts';
import { FINISHES, PHOTO_VIEWS } from '../../../validators/submission-schema.ts';
import { viewRulesByCategory, viewRulesFor } from '../../../validators/required-views.ts';
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
  categoryLabel,
  presentExtraction,
  presentPhoto,
  presentShadePreview,
  presentSubmissionResult,
  presentSubmissionSummary,
  repeatedUploadNotice,
  statusLabel,
  SUBMISSION_STATUSES,
  verdictSentence,
} from '../../views/submission-presenter.ts';
import { localiseFieldErrors } from '../../i18n/field-error-text.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { pageTranslator } from '../page-text.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { handler } from '../async-handler.ts';
import { AppError, notFound } from '../errors.ts';
import { requireUser, viewerOf } from '../request-context.ts';
import { homePathFor } from '../safe-redirect.ts';
import { receivedFiles } from '../upload.ts';

const PAGE_SIZE = 25;
const listQuerySchema = z.object({
  status: z.enum(SUBMISSION_STATUSES).optional().or(z.literal('').transform(() => undefined)),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/** The masks a brand sees over its photo: what the finish and glitter measures counted. */
const BRAND_MASKS: MaskKind[] = ['highlight', 'glitter'];
const TRANSPARENT_PIXEL = maskToPng(new Uint8Array(1), 1, 1, [0, 0, 0, 0]);

const TEXT_FIELDS = [
  { name: 'productLine', maxLength: 80, hint: 'Silk Matte' },
  { name: 'shadeCode', maxLength: 40, hint: 'NU-12' },
  { name: 'shadeName', maxLength: 60, hint: 'Nude Kiss' },
] as const;

/**
 * What the form's script writes (`submission:script.<key>`), with the names of each message's
 * placeholders: they are left in as `{name}` for the script to fill in.
 */
const SCRIPT_TEXT: Record<string, string[]> = {
  preview: ['file'], noPreview: [], notSent: [], remove: [], removeFile: ['file'], checksFor: ['file'], sendAs: [],
  pass: [], warn: [], fail: [], notPhoto: [], wrongExtension: ['type', 'ext'], typeOk: ['type'], tooBig: ['size', 'limit'],
  tooSmall: ['size', 'min'], soft: ['size', 'min'], sizeOk: ['size'], badName: ['why'], 'name.extension': ['list'], 'name.parts': [],
  'name.lowercase': [], 'name.code': [], 'name.view': ['list'], 'name.otherCode': ['code', 'formCode'], namedAs: ['named', 'sent'],
  missingView: ['category', 'photo', 'view'], nameOk: [], highlight: [], shadow: [], uploaded: [], offline: [], serverAnswered: ['status'], declared: [], measured: [],
  measuredOn: ['source'], useMeasured: ['hex'], nowDeclares: ['hex'], fullVerdict: [], another: [], resubmit: [],
  'col.check': [], 'col.result': [], 'col.measured': [], 'col.limit': [], 'col.todo': [],
};

function scriptText(tr: Translator): string {
  const text: Record<string, string> = {};
  for (const [key, names] of Object.entries(SCRIPT_TEXT)) text[key] = tr.t(`submission:script.${key}`, Object.fromEntries(names.map((n) => [n, `{${n}}`])));
  for (const view of PHOTO_VIEWS) {
    text[`view.${view}`] = tr.t(`common:view.${view}`);
    text[`photo.${view}`] = tr.t(`submission:photoHeading.${view}`);
  }
  // The photos a category needs, as the page lists them (see presentViewNeeds), for the script to redo on a change of category.
  text.needsLead = tr.t('submission:photos.needsLead', { category: '{category}' });
  for (const need of ['required', 'recommended'] as const) text[`need.${need}`] = tr.t(`submission:photos.need.${need}`);
  text['mark.required'] = tr.t('submission:photos.required');
  text['mark.recommended'] = tr.t('submission:photos.recommended');
  return JSON.stringify(text);
}

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
      const tr = pageTranslator(deps.views, res);
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
          title: tr.t('dashboard:title'),
          heading:
            user.role === 'reviewer'
              ? tr.t('dashboard:heading.reviewer')
              : user.brandName
                ? tr.t('dashboard:heading.brand', { brand: user.brandName })
                : tr.t('dashboard:heading.own'),
          canSubmit: user.role === 'brand',
          showBrand: user.role === 'reviewer',
          items: items.map((i) => ({ ...presentSubmissionSummary(i, tr), replaced: replaced.has(i.id) })),
          statusOptions: [{ value: '', label: tr.t('dashboard:filter.any'), selected: !status }].concat(
            SUBMISSION_STATUSES.map((value) => ({ value, label: statusLabel(value, tr), selected: value === status })),
          ),
          rangeLabel: total ? tr.t('common:pager.range', { from: tr.number((page - 1) * PAGE_SIZE + 1), to: tr.number(Math.min(total, page * PAGE_SIZE)), total: tr.number(total) }) : '',
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
          const tr = pageTranslator(deps.views, res);
          const result = presentSubmissionResult(submission, photos, tr);
          if (duplicate) {
            res.status(200).json({ ...result, duplicate, notice: repeatedUploadNotice(tr) });
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
      const tr = pageTranslator(deps.views, res);
      const [photos, replacedBy, replaces] = await Promise.all([
        deps.submissions.photosOf(submission.id),
        deps.submissions.replacementsOf(submission.id, viewer),
        submission.replacesId ? deps.submissions.findForViewer(submission.replacesId, viewer) : null,
      ]);
      res.send(
        deps.views.render('submission-detail', {
          ...res.locals,
          title: `${submission.shadeCode} · ${submission.shadeName}`,
          submission: presentSubmissionSummary(submission, tr),
          verdict: submission.verdict,
          verdictSentence: verdictSentence(submission, photos, tr),
          canResubmit: user.role === 'brand' && submission.status !== 'accepted' && submission.status !== 'overridden',
          extraction: presentExtraction(submission, photos, tr),
          preview: presentShadePreview(submission, tr),
          photos: photos.map((p) => {
            const shown = presentPhoto(p, tr);
            const masks =
              deps.masks && p.width
                ? BRAND_MASKS.map((kind) => ({ kind, label: tr.t(`submission:mask.${kind}`), url: `/submissions/${submission.id}/photos/${p.id}/masks/${kind}.png` }))
                : [];
            return { ...shown, findings: byUrgency(shown.findings), masks };
          }),
          replaces: replaces ? presentSubmissionSummary(replaces, tr) : null,
          replacedBy: replacedBy.map((r) => presentSubmissionSummary(r, tr)),
          repeatedNotice: req.query.repeated === '1' && user.role === 'brand' ? repeatedUploadNotice(tr) : null,
        }),
      );
    }),
  );

  router.get(
    '/submissions/:id/photos/:photoId/masks/:kind.png',
    requireLogin,
    handler(async (req, res) => {
      const kind = BRAND_MASKS.find((k) => k === req.params.kind);
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

  async function renderForm(req: Request, res: Response, rawValues: Record<string, unknown>, fieldErrors: Record<string, string>, replaces: Submission | null) {
    const value = (k: string) => (typeof rawValues[k] === 'string' ? (rawValues[k] as string) : '');
    const tr = pageTranslator(deps.views, res);
    const errors = localiseFieldErrors(tr, fieldErrors);
    const brandId = req.ctx.user?.brandId;
    const marketplacePicker =
      deps.marketplaces && brandId
        ? presentMarketplacePicker(await deps.marketplaces.ofBrand(brandId), rawValues.marketplaces, deps.views.localisation.negotiate(String(res.locals.locale ?? ''), undefined), errors.marketplaces)
        : null;
    const category = value('category') || 'lipstick';
    const finish = value('declaredFinish') || 'matte';
    const rules = viewRulesFor(category);
    const heading = tr.t(replaces ? 'submission:new.titleResubmit' : 'submission:new.title');
    return deps.views.render('submission-new', {
      ...res.locals,
      title: heading,
      heading,
      csrfToken: req.ctx.csrfToken,
      replaces: replaces ? presentSubmissionSummary(replaces, tr) : null,
      replacesDate: replaces ? tr.date(replaces.createdAt, { dateStyle: 'medium', timeZone: 'UTC' }) : null,
      errors,
      // No colour is pre-filled: a brand who forgets it is told so by the form, not refused by the colour check.
      values: { swatchHex: value('swatchHex'), replacesId: value('replacesId') },
      swatchRequired: tr.t('errors:field.swatchRequired'),
      // A resubmission may take the colour measured from the refused photos instead of the declared one.
      measuredOffer: replaces?.extraction && replaces.extraction.color.hex.toLowerCase() !== value('swatchHex').toLowerCase() ? replaces.extraction.color.hex.toLowerCase() : null,
      textFields: TEXT_FIELDS.map((f) => ({ ...f, label: tr.t(`submission:field.${f.name}`), required: true, value: value(f.name), error: errors[f.name] })),
      categories: categories().map((id) => ({ id, selected: id === category })),
      finishes: FINISHES.map((f) => ({ value: f, label: tr.t(`submission:finishOption.${f}`), selected: f === finish })),
      views: PHOTO_VIEWS.map((name) => ({
        name,
        label: tr.t(`submission:photoHeading.${name}`),
        required: rules.required.includes(name),
        recommended: rules.recommended.includes(name),
        error: errors[name],
      })),
      viewNeeds: presentViewNeeds(category, tr),
      marketplacePicker,
      maxMegabytes: Math.round(deps.maxBytes / (1024 * 1024)),
      preflight: JSON.stringify(preflightLimits(deps.maxBytes)),
      scriptText: scriptText(tr),
      scripts: ['/assets/submission-form.js'],
    });
  }

  return router;
}

/**
 * The photos a category needs, before the brand posts (standards.ts viewRules, the same rules the
 * server refuses a submission by): its required views, then its recommended ones, each with its word.
 */
function presentViewNeeds(category: string, tr: Translator) {
  const rules = viewRulesFor(category);
  const item = (view: string, need: 'required' | 'recommended') => ({ view, need, label: tr.t(`submission:photoHeading.${view}`), needText: tr.t(`submission:photos.need.${need}`) });
  return {
    lead: tr.t('submission:photos.needsLead', { category: categoryLabel(category, tr) }),
    items: [...rules.required.map((v) => item(v, 'required')), ...rules.recommended.map((v) => item(v, 'recommended'))],
  };
}

/** What the page's script checks before uploading (cheap, and only advice: the server decides). */
function preflightLimits(maxBytes: number) {
  return {
    maxBytes,
    views: PHOTO_VIEWS,
    // Which views each category requires and recommends: the page tells the brand before posting.
    viewRules: viewRulesByCategory(),
    resolution: Object.fromEntries(categories().map((id) => [id, standardsFor(id).resolution])),
    extensions: standardsFor('lipstick').naming.extensions,
  };
}
