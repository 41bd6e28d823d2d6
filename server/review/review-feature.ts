import type { PhotoInspector } from '../analysis/analysis-pool.ts';
import type { Db } from '../db/database.ts';
import type { Mail } from '../mail/mail-outbox.ts';
import type { SubmissionRepository } from '../repositories/submission-repository.ts';
import type { PhotoStorage } from '../storage/local-storage.ts';
import type { ShadeEvents } from '../submissions/shade-events.ts';
import type { DecisionHook } from '../submissions/submission-service.ts';
import { createOverlayMasks } from './overlay-masks.ts';
import { createReviewRepository } from './review-repository.ts';
import { createReviewIndexHook, createReviewService } from './review-service.ts';

/**
 * The review queue's parts, built once in the composition root: the repository (with the confidence
 * threshold below which accepted shades still go to people), the actions, the overlay masks, and the
 * decision hook that indexes every verdict for the queue.
 */
export function createReview(deps: {
  db: Db;
  submissions: SubmissionRepository;
  storage: PhotoStorage;
  inspector: PhotoInspector;
  extractor: string;
  mail: Pick<Mail, 'enqueue'>;
  shadeEvents: ShadeEvents;
  onDecision: DecisionHook[];
  minConfidence: number;
}) {
  const reviews = createReviewRepository(deps.db, { minConfidence: deps.minConfidence });
  deps.onDecision.push(createReviewIndexHook(reviews));
  const service = createReviewService({ ...deps, reviews });
  const masks = createOverlayMasks({ inspector: deps.inspector, storage: deps.storage, extractor: deps.extractor });
  return { reviews, service, masks, minConfidence: deps.minConfidence };
}

export type Review = ReturnType<typeof createReview>;
