import { Router } from 'express';
import { z } from 'zod';
import type { SubmissionRepository } from '../../repositories/submission-repository.ts';
import type { PhotoCopies } from '../../storage/photo-copies.ts';
import { handler } from '../async-handler.ts';
import { AppError, notFound } from '../errors.ts';
import { requireUser, viewerOf } from '../request-context.ts';

const querySchema = z.object({ size: z.enum(['display', 'thumb']).default('display') });

/**
 * Photos are served only through this authorised route, and only as re-encoded derivatives with every
 * metadata block stripped: the original bytes (which may carry GPS, a polyglot trailer, …) never leave.
 * The derivatives are the stored display copies (photo-copies.ts): no original is decoded here.
 * Another brand's photo id answers exactly like an unknown id.
 */
export function createPhotoRoutes(deps: { submissions: SubmissionRepository; copies: PhotoCopies }): Router {
  const router = Router();
  router.get(
    '/photos/:id/image',
    handler(async (req, res) => {
      const user = requireUser(req);
      const query = querySchema.safeParse(req.query);
      if (!query.success) throw new AppError('BAD_REQUEST', 'Unknown image size.');
      const photo = await deps.submissions.findPhotoForViewer(String(req.params.id), viewerOf(user));
      if (!photo) throw notFound('That photo');
      const derivative = await deps.copies.size(photo, query.data.size);
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
