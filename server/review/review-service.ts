import type { ExtractionResult, Rect } from '../../extraction/types.ts';
import type { PhotoMetaInput } from '../../validators/photo-meta.ts';
import type { PhotoInspector } from '../analysis/analysis-pool.ts';
import type { Db } from '../db/database.ts';
import { AppError, notFound } from '../http/errors.ts';
import type { Mail } from '../mail/mail-outbox.ts';
import type { Photo, Submission, SubmissionRepository } from '../repositories/submission-repository.ts';
import type { User } from '../repositories/user-repository.ts';
import type { PhotoStorage } from '../storage/local-storage.ts';
import type { DecisionHook } from '../submissions/submission-service.ts';
import type { ShadeEvents } from '../submissions/shade-events.ts';
import type { ReviewRepository } from './review-repository.ts';

/**
 * What reviewers do to a submission. Each action is one transaction: the status change, the audit row
 * (who, when, note, before/after), the email to the brand (outbox) and the shade event commit together.
 */
export interface ReviewServiceDeps {
  db: Db;
  reviews: ReviewRepository;
  submissions: SubmissionRepository;
  storage: PhotoStorage;
  inspector: PhotoInspector;
  extractor: string;
  mail: Pick<Mail, 'enqueue'>;
  shadeEvents: ShadeEvents;
}

const REVIEWER_VIEW = (user: User) => ({ userId: user.id, role: 'reviewer' as const, brandId: null });

/** Statuses each action may start from; anything else is a conflict (already decided by someone). */
const FROM = {
  override: ['rejected', 'upheld', 'new_photo_requested'],
  uphold: ['rejected', 'new_photo_requested'],
  requestPhoto: ['rejected', 'upheld'],
};
/** Statuses whose shade is exported: a relabel changes its exported properties. */
const EXPORTED = new Set(['accepted', 'overridden']);

export function createReviewService(deps: ReviewServiceDeps) {
  async function load(user: User, id: string): Promise<{ submission: Submission; photos: Photo[] }> {
    requireReviewer(user);
    const submission = await deps.submissions.findForViewer(id, REVIEWER_VIEW(user));
    if (!submission) throw notFound('That submission');
    return { submission, photos: await deps.submissions.photosOf(id) };
  }

  /** Accept despite the standards: the shade goes to export, so it needs an extraction (computed now if missing). */
  async function override(user: User, id: string, note: string | null): Promise<void> {
    const { submission, photos } = await load(user, id);
    assertFrom(submission, FROM.override, 'override');
    const computed = submission.extraction ? null : await computeMissingExtraction(submission, photos);
    if (!submission.extraction && !computed && !(await deps.reviews.currentLabel(id))) {
      throw new AppError('VALIDATION_FAILED', 'No product could be found in these photos, so there is nothing to export yet.', {
        help: 'Draw the product region by hand (Label) first, then override.',
      });
    }
    await deps.db.transaction(async (trx) => {
      if (!(await deps.reviews.transition(trx, id, FROM.override, 'overridden'))) throw conflict();
      if (computed) await deps.reviews.fillExtraction(trx, id, computed.photoId, computed.extraction);
      await deps.reviews.audit(trx, {
        actorId: user.id,
        action: 'override',
        subjectId: id,
        note,
        before: { status: submission.status },
        after: { status: 'overridden', ...(computed ? { extractionComputedFrom: computed.photoId } : {}) },
      });
      await deps.mail.enqueue(trx, 'overridden', { ...submission, status: 'overridden' }, photos, note);
      await deps.shadeEvents.emit(trx, id, 'overridden');
    });
  }

  async function uphold(user: User, id: string, note: string | null): Promise<void> {
    await simpleTransition(user, id, note, 'uphold', FROM.uphold, 'upheld', 'upheld');
  }

  async function requestNewPhoto(user: User, id: string, note: string | null): Promise<void> {
    await simpleTransition(user, id, note, 'request_new_photo', FROM.requestPhoto, 'new_photo_requested', 'new_photo_requested');
  }

  async function simpleTransition(
    user: User,
    id: string,
    note: string | null,
    action: string,
    from: string[],
    to: string,
    mailKind: 'upheld' | 'new_photo_requested',
  ): Promise<void> {
    const { submission, photos } = await load(user, id);
    assertFrom(submission, from, action);
    await deps.db.transaction(async (trx) => {
      if (!(await deps.reviews.transition(trx, id, from, to))) throw conflict();
      await deps.reviews.audit(trx, { actorId: user.id, action, subjectId: id, note, before: { status: submission.status }, after: { status: to } });
      await deps.mail.enqueue(trx, mailKind, { ...submission, status: to }, photos, note);
    });
  }

  /**
   * A person's product region (and optionally a colour picked from the photo), stored beside the
   * automatic result, with the extractor re-run on exactly that region.
   */
  async function relabel(user: User, id: string, input: { photoId: string; region: Rect; pickedHex: string | null; note: string | null }) {
    const { submission, photos } = await load(user, id);
    const photo = photos.find((p) => p.id === input.photoId);
    if (!photo) throw notFound('That photo');
    const region = checkRegion(input.region, photo);
    const inspection = await deps.inspector.inspect(await deps.storage.read(photo.storageKey), metaOf(submission, photo), {
      extractor: deps.extractor,
      regionOverride: region,
    });
    if (!inspection.extraction) {
      throw new AppError('VALIDATION_FAILED', 'The photo could not be measured in that region.', { context: { field: 'region' } });
    }
    const before = (await deps.reviews.currentLabel(id))?.region ?? photo.extraction?.region ?? null;
    return deps.db.transaction(async (trx) => {
      const label = await deps.reviews.insertLabel(trx, {
        photoId: photo.id,
        submissionId: id,
        labelledBy: user.id,
        region,
        pickedHex: input.pickedHex,
        extraction: inspection.extraction!,
      });
      await deps.reviews.audit(trx, {
        actorId: user.id,
        action: 'relabel',
        subjectId: id,
        note: input.note,
        before: before ? { photoId: photo.id, region: plainRect(before) } : null,
        after: { photoId: photo.id, region, pickedHex: input.pickedHex, color: inspection.extraction!.color.hex, finish: inspection.extraction!.finish.value },
      });
      if (EXPORTED.has(submission.status)) {
        await deps.reviews.touch(trx, id);
        await deps.shadeEvents.emit(trx, id, 'relabelled');
      }
      return label;
    });
  }

  /** The automatic extraction of the best readable photo, for a submission refused before one was made. */
  async function computeMissingExtraction(submission: Submission, photos: Photo[]): Promise<{ photoId: string; extraction: ExtractionResult } | null> {
    const candidates = photos
      .filter((p) => p.width !== null)
      .sort((a, b) => Number(b.id === submission.bestPhotoId) - Number(a.id === submission.bestPhotoId) || Number(b.view === 'front') - Number(a.view === 'front'));
    for (const photo of candidates) {
      if (photo.extraction) return { photoId: photo.id, extraction: photo.extraction };
      const inspection = await deps.inspector.inspect(await deps.storage.read(photo.storageKey), metaOf(submission, photo), { extractor: deps.extractor });
      if (inspection.extraction) return { photoId: photo.id, extraction: inspection.extraction };
    }
    return null;
  }

  return { override, uphold, requestNewPhoto, relabel };
}

export type ReviewService = ReturnType<typeof createReviewService>;

/** Indexes every decision for the queue: its extraction confidence and the rules it failed. */
export function createReviewIndexHook(reviews: ReviewRepository): DecisionHook {
  return async (trx, submission, photos) => {
    const failed = photos.flatMap((p) => p.findings.filter((f) => f.status === 'fail').map((f) => f.rule));
    await reviews.index(trx, submission.id, submission.extraction?.color.confidence ?? null, failed);
  };
}

export function metaOf(submission: Submission, photo: Photo): PhotoMetaInput {
  return {
    fileName: photo.displayName,
    ...(submission.brandName ? { brandName: submission.brandName } : {}),
    productLine: submission.productLine,
    shadeCode: submission.shadeCode,
    shadeName: submission.shadeName,
    swatchHex: submission.swatchHex,
    category: submission.category as PhotoMetaInput['category'],
    view: photo.view as PhotoMetaInput['view'],
  };
}

function requireReviewer(user: User): void {
  if (user.role !== 'reviewer') throw new AppError('FORBIDDEN', 'Only the review team can do that.');
}

function assertFrom(submission: Submission, from: string[], action: string): void {
  if (!from.includes(submission.status)) {
    throw new AppError('CONFLICT', `This submission is ${submission.status.replace(/_/g, ' ')}; it cannot be given "${action.replace(/_/g, ' ')}" now.`);
  }
}

const conflict = () => new AppError('CONFLICT', 'Someone else decided this submission a moment ago. Reload to see their decision.');

/** A drawn region must lie inside the photo and be big enough to measure. */
function checkRegion(region: Rect, photo: Photo): Rect {
  const r = { x: Math.round(region.x), y: Math.round(region.y), width: Math.round(region.width), height: Math.round(region.height) };
  const w = photo.width ?? 0;
  const h = photo.height ?? 0;
  const inside = r.x >= 0 && r.y >= 0 && r.width >= 4 && r.height >= 4 && r.x + r.width <= w && r.y + r.height <= h;
  if (!inside) {
    throw new AppError('VALIDATION_FAILED', `The region must lie inside the ${w} × ${h} photo and be at least 4 × 4 pixels.`, {
      context: { field: 'region' },
    });
  }
  return r;
}

const plainRect = (r: Rect): Rect => ({ x: r.x, y: r.y, width: r.width, height: r.height });
