import { Router } from 'express';
import { z } from 'zod';
import { renderDerivative } from '../../../extraction/index.ts';
import type { SubmissionRepository } from '../../repositories/submission-repository.ts';
import type { PhotoStorage } from '../../storage/local-storage.ts';
import { handler } from '../async-handler.ts';
import { AppError, notFound } from '../errors.ts';
import { requireUser, viewerOf } from '../request-context.ts';

const SIZES = { display: 1600, thumb: 320 } as const;
const querySchema = z.object({ size: z.enum(['display', 'thumb']).default('display') });

/**
 * Photos are served only through this authorised route, and only as re-encoded derivatives with every
 * metadata block stripped: the original bytes (which may carry GPS, a polyglot trailer, …) never leave.
 * Another brand's photo id answers exactly like an unknown id.
 */
export function createPhotoRoutes(deps: { submissions: SubmissionRepository; storage: PhotoStorage }): Router {
  const router = Router();
  router.get(
    '/photos/:id/image',
    handler(async (req, res) => {
      const user = requireUser(req);
      const query = querySchema.safeParse(req.query);
      if (!query.success) throw new AppError('BAD_REQUEST', 'Unknown image size.');
      const photo = await deps.submissions.findPhotoForViewer(String(req.params.id), viewerOf(user));
      if (!photo) throw notFound('That photo');
      const original = await deps.storage.readVerified(photo.storageKey, photo.sha256);
      const derivative = await renderDerivative(original, { maxSide: SIZES[query.data.size], format: 'jpeg', quality: 85 });
      res.set({
        'Content-Type': 'image/jpeg',
        'Cache-Control': 'private, max-age=3600',
        'Content-Disposition': 'inline; filename="photo.jpg"',
      });
      res.send(derivative);
    }),
  );
  return router;
}
