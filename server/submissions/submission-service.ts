import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { combineViews, readFormatInfo } from '../../extraction/index.ts';
import { ImageError, type ExtractionResult } from '../../extraction/types.ts';
import type { PhotoMetaInput } from '../../validators/photo-meta.ts';
import { missingViews } from '../../validators/required-views.ts';
import { isCategory } from '../../validators/standards.ts';
import { fieldErrors, PHOTO_VIEWS, submissionFieldsSchema } from '../../validators/submission-schema.ts';
import type { PhotoInspector } from '../analysis/analysis-pool.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import type { MarketplaceRepository } from '../marketplaces/marketplace-repository.ts';
import { standardsForMarketplaces } from '../marketplaces/marketplaces.ts';
import { extractorsNeeded, type ExtractionPlan, type MarketplaceMeasurement, type RolloutService } from '../rollout/rollout-service.ts';
import type { User } from '../repositories/user-repository.ts';
import type { NewPhoto, Submission, SubmissionRepository, Viewer } from '../repositories/submission-repository.ts';
import type { PhotoStorage, StoredObject } from '../storage/local-storage.ts';
import type { PhotoCopies, PreparedCopies } from '../storage/photo-copies.ts';
import { displayFileName } from './display-name.ts';
import type { ShadeEvents } from './shade-events.ts';

export interface UploadedPhoto {
  view: string;
  originalName: string;
  bytes: Buffer;
}

/** Work that must commit or roll back with a decision (mail outbox, jobs, webhooks): called inside the transaction. */
export type DecisionHook = (trx: Knex.Transaction, submission: Submission, photos: NewPhoto[]) => Promise<void>;

export interface SubmissionServiceDeps {
  db: Db;
  submissions: SubmissionRepository;
  storage: PhotoStorage;
  inspector: PhotoInspector;
  extractor: string;
  limits: { maxBytes: number; maxPixels: number };
  onDecision?: DecisionHook[];
  shadeEvents?: ShadeEvents;
  /** Renders and stores each photo's display copies at upload (absent: none stored at upload). */
  copies?: Pick<PhotoCopies, 'prepare'>;
  /** The marketplaces a submission targets (absent: none are recorded). */
  marketplaces?: Pick<MarketplaceRepository, 'targetsFor' | 'recordTargets'>;
  /** Which extractor measures a shade, per marketplace (absent: always `extractor`). */
  rollout?: Pick<RolloutService, 'plansFor' | 'recordRuns' | 'recordMeasurements'>;
}

const EXTENSION_BY_FORMAT: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', tiff: 'tif' };

/**
 * A brand submits a shade: fields are validated, every photo is refused before decoding when it is not a
 * safe image, then inspected (standards + extraction, off the main thread), stored durably and recorded
 * in one transaction with whatever the decision must cause.
 */
export function createSubmissionService(deps: SubmissionServiceDeps) {
  /**
   * Who may submit and whether the form is complete, without reading a pixel: callers that answer a repeat
   * with an earlier submission check this first, so an invalid form is refused rather than matched.
   */
  async function checkForm(user: User, rawFields: unknown, files: UploadedPhoto[]) {
    if (user.role !== 'brand' || !user.brandId) throw new AppError('FORBIDDEN', 'Only brand users submit shades.');
    const fields = parseFields(rawFields, files);
    const viewer: Viewer = { userId: user.id, role: user.role, brandId: user.brandId };
    if (fields.replacesId && !(await deps.submissions.findForViewer(fields.replacesId, viewer))) {
      throw validationError({ replacesId: 'is not one of your submissions' });
    }
    const requested = rawFields && typeof rawFields === 'object' ? (rawFields as Record<string, unknown>).marketplaces : undefined;
    const marketplaces = deps.marketplaces ? await deps.marketplaces.targetsFor(user.brandId, requested) : [];
    return { fields, viewer, brandId: user.brandId, marketplaces };
  }

  async function submit(user: User, rawFields: unknown, files: UploadedPhoto[]): Promise<Submission> {
    const { fields, viewer, brandId, marketplaces } = await checkForm(user, rawFields, files);

    const infos = await Promise.all(files.map((f) => refuseUnsafe(f)));
    // Each targeted marketplace's rollout says which extractor measures this shade there; the first
    // (the primary, catalogue order) decides the verdicts and the submission's own measurement.
    const shade = { brandId, productLine: fields.productLine, shadeCode: fields.shadeCode };
    const plans: ExtractionPlan[] = deps.rollout ? await deps.rollout.plansFor(marketplaces, shade) : [];
    const primary = plans[0]?.served.extractor ?? deps.extractor;
    // Judged by the strictest limits of the marketplaces the shade is for (none: the category's own).
    const standards = marketplaces.length ? standardsForMarketplaces(fields.category, marketplaces) : undefined;
    // Every other extractor some marketplace needs is measured in the same inspection, on the same
    // decode and region: only the extraction runs again, not the decode and the checks.
    const needed = extractorsNeeded(plans).filter(({ extractor }) => extractor !== primary);
    const inspect = (f: UploadedPhoto) =>
      deps.inspector.inspect(
        f.bytes,
        {
          fileName: displayFileName(f.originalName),
          ...(user.brandName ? { brandName: user.brandName } : {}),
          productLine: fields.productLine,
          shadeCode: fields.shadeCode,
          shadeName: fields.shadeName,
          swatchHex: fields.swatchHex,
          category: fields.category as PhotoMetaInput['category'],
          view: f.view as PhotoMetaInput['view'],
        },
        { extractor: primary, ...(needed.length ? { alsoExtractors: needed.map((n) => n.extractor) } : {}), ...(standards ? { standards } : {}) },
      );
    const inspections = await Promise.all(files.map((f) => inspect(f)));
    // One a marketplace serves must succeed like the primary's; a shadow is kept for comparison only,
    // and its failure fails nothing.
    const results: Array<Map<string, ExtractionResult | null>> = inspections.map((r) => new Map([[primary, r.extraction ?? null]]));
    inspections.forEach((r, i) => {
      for (const { extractor, required } of needed) {
        const failure = r.alternateFailures?.[extractor];
        if (failure && required) throw new Error(`The ${extractor} extractor failed on ${displayFileName(files[i].originalName)}: ${failure}`);
        results[i].set(extractor, r.alternates?.[extractor] ?? null);
      }
    });

    const submissionId = crypto.randomUUID();
    const copies = await prepareCopies(files);
    let stored: StoredObject[];
    try {
      stored = await storeOriginals(files, infos.map((i) => i.format!));
    } catch (err) {
      await Promise.all(copies.map((c) => c.discard()));
      throw err;
    }
    try {
      const photos: NewPhoto[] = files.map((f, i) => ({
        id: crypto.randomUUID(),
        submissionId,
        brandId,
        view: f.view,
        displayName: displayFileName(f.originalName),
        storageKey: stored[i].key,
        sha256: stored[i].sha256,
        bytes: stored[i].bytes,
        format: infos[i].format,
        width: inspections[i].measurements?.width ?? null,
        height: inspections[i].measurements?.height ?? null,
        verdict: inspections[i].verdict,
        findings: inspections[i].findings,
        measurements: inspections[i].measurements ?? null,
        extraction: inspections[i].extraction ?? null,
      }));
      const verdict = photos.some((p) => p.verdict === 'rejected') ? 'rejected' : 'accepted';
      const best = bestPhoto(photos, inspections.map((r) => r.extraction ?? null));
      const submission: Submission = {
        id: submissionId,
        brandId,
        brandName: user.brandName ?? '',
        createdBy: user.id,
        productLine: fields.productLine,
        shadeCode: fields.shadeCode,
        shadeName: fields.shadeName,
        category: fields.category,
        declaredFinish: fields.declaredFinish,
        swatchHex: fields.swatchHex,
        status: verdict,
        verdict,
        extraction: best?.extraction ?? null,
        extractor: best?.extraction ? `${best.extraction.extractor.name}@${best.extraction.extractor.version}` : null,
        bestPhotoId: best?.id ?? null,
        replacesId: fields.replacesId ?? null,
        createdAt: '',
        updatedAt: '',
      };
      await deps.db.transaction(async (trx) => {
        await deps.submissions.insert(submission, photos, trx);
        await deps.marketplaces?.recordTargets(trx, submissionId, marketplaces);
        if (deps.rollout && plans.length) {
          await deps.rollout.recordRuns(trx, { submissionId, plans, photos: photos.map((p, i) => ({ id: p.id, results: results[i] })) });
          await deps.rollout.recordMeasurements(trx, submissionId, marketplaceMeasurements(plans, photos, results));
        }
        for (let i = 0; i < photos.length; i++) await copies[i]?.record(trx, photos[i].id);
        for (const hook of deps.onDecision ?? []) await hook(trx, submission, photos);
        if (verdict === 'accepted') await deps.shadeEvents?.emit(trx, submissionId, 'accepted');
      });
      return (await deps.submissions.findForViewer(submissionId, viewer))!;
    } catch (err) {
      await Promise.all([...stored.map((s) => deps.storage.remove(s.key)), ...copies.map((c) => c.discard())]);
      throw err;
    }
  }

  /** Each photo's display copies, rendered by the analysis children and stored; all or none kept. */
  async function prepareCopies(files: UploadedPhoto[]): Promise<PreparedCopies[]> {
    if (!deps.copies) return [];
    const settled = await Promise.allSettled(files.map((f) => deps.copies!.prepare(f.bytes)));
    const prepared = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) {
      await Promise.all(prepared.map((c) => c.discard()));
      throw (failed as PromiseRejectedResult).reason;
    }
    return prepared;
  }

  function parseFields(rawFields: unknown, files: UploadedPhoto[]) {
    const parsed = submissionFieldsSchema.safeParse(rawFields);
    const errors: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success && !isCategory(parsed.data.category)) errors.category = 'is not a category we accept';
    // The category's required views (standards.ts viewRules); an unknown category still needs its front photo.
    const sent = files.map((f) => f.view);
    for (const view of missingViews(parsed.success ? parsed.data.category : '', sent)) errors[view] = `a ${view} photo is required`;
    for (const f of files) {
      if (!(PHOTO_VIEWS as readonly string[]).includes(f.view)) errors[f.view] = 'is not a photo view';
      if (f.bytes.length === 0) errors[f.view] = 'the file is empty';
    }
    if (!parsed.success || Object.keys(errors).length > 0) throw validationError(errors);
    return parsed.data as typeof parsed.data & { category: string; declaredFinish: string };
  }

  /** Header-only checks: type by content, byte and pixel limits. Nothing is decoded or stored before this passes. */
  async function refuseUnsafe(file: UploadedPhoto) {
    try {
      return await readFormatInfo(file.bytes, { maxBytes: deps.limits.maxBytes, maxPixels: deps.limits.maxPixels });
    } catch (err) {
      if (err instanceof ImageError) {
        throw new AppError(err.code, `The ${file.view} photo was refused: ${err.message}`, {
          context: { field: file.view },
          help: 'Upload a JPEG, PNG, WebP or TIFF photo within the limits on the photo guidelines page.',
        });
      }
      throw err;
    }
  }

  async function storeOriginals(files: UploadedPhoto[], formats: string[]) {
    const stored: StoredObject[] = [];
    try {
      for (let i = 0; i < files.length; i++) {
        stored.push(await deps.storage.put('originals', EXTENSION_BY_FORMAT[formats[i]] ?? 'bin', files[i].bytes));
      }
      return stored;
    } catch (err) {
      await Promise.all(stored.map((s) => deps.storage.remove(s.key)));
      throw err;
    }
  }

  return { submit, checkForm };
}

function validationError(fields: Record<string, string>): AppError {
  const names = Object.keys(fields);
  return new AppError('VALIDATION_FAILED', `Please correct: ${names.map((n) => `${n} ${fields[n]}`).join('; ')}.`, {
    context: { fields },
  });
}

/**
 * The submission's extraction comes from its most trustworthy photo (see combineViews): among the
 * accepted photos when there are any. Views that disagree send the shade to a person.
 */
function bestPhoto(photos: NewPhoto[], extractions: Array<ExtractionResult | null>): { id: string; extraction: ExtractionResult | null } | null {
  const measured = photos.map((p, i) => ({ p, extraction: extractions[i] })).filter((x) => x.extraction);
  const accepted = measured.filter((x) => x.p.verdict === 'accepted');
  const pool = accepted.length > 0 ? accepted : measured;
  const shade = combineViews(pool.map((x) => ({ view: x.p.view, extraction: x.extraction as ExtractionResult })));
  return shade ? { id: pool[shade.index].p.id, extraction: shade.extraction } : null;
}

/**
 * The shade as each targeted marketplace sees it: the best photo by the same rule, among the results of
 * the extractor that marketplace serves (the photos' verdicts are the primary's).
 */
function marketplaceMeasurements(plans: readonly ExtractionPlan[], photos: NewPhoto[], results: Array<ReadonlyMap<string, ExtractionResult | null>>): MarketplaceMeasurement[] {
  return plans.flatMap((plan) => {
    if (!plan.marketplace) return [];
    const best = bestPhoto(photos, results.map((r) => r.get(plan.served.extractor) ?? null));
    return best?.extraction ? [{ marketplace: plan.marketplace, photoId: best.id, extraction: best.extraction }] : [];
  });
}

export type SubmissionService = ReturnType<typeof createSubmissionService>;
