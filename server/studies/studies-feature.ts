import path from 'node:path';
import type { DecodeLimits } from '../../extraction/index.ts';
import type { PhotoInspector } from '../analysis/analysis-pool.ts';
import type { Db } from '../db/database.ts';
import type { SubmissionRepository } from '../repositories/submission-repository.ts';
import type { PhotoStorage } from '../storage/photo-storage.ts';
import { createStudyService } from './study-service.ts';
import { createTryOnPreview } from './try-on-preview.ts';

/** Realism studies and the verdict page's try-on, built once by the composition root. */
export function createStudies(deps: { db: Db; storage: PhotoStorage; submissions: SubmissionRepository; inspector: PhotoInspector; limits: Partial<DecodeLimits>; staticDir: string }) {
  return {
    service: createStudyService(deps),
    preview: createTryOnPreview(path.resolve(deps.staticDir)),
  };
}

export type Studies = ReturnType<typeof createStudies>;
