import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { ApiServices } from '../../api/api-services.ts';
import { requireApiCaller } from '../../api/bearer-auth.ts';
import { submissionJson } from '../../api/submission-json.ts';
import { SUBMISSION_STATUSES } from '../../views/submission-presenter.ts';
import type { Localisation, Translator } from '../../i18n/i18n.ts';
import { handler } from '../async-handler.ts';
import { AppError, notFound } from '../errors.ts';
import { receivedFiles } from '../upload.ts';

const listQuerySchema = z.object({
  status: z.enum(SUBMISSION_STATUSES).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/**
 * The brand API: the same submission as the page, answered as JSON, for a brand's own systems. The
 * summary and the findings' words are in the caller's Accept-Language; rule ids and codes never change.
 */
export function createApiSubmissionRoutes(api: ApiServices, upload: RequestHandler, localisation: Localisation): Router {
  const router = Router();
  const callerLanguage = (req: Request): Translator => localisation.translator(localisation.negotiate(null, req.headers['accept-language']));
  const brandToken = api.bearerAuth('brand');

  router.post('/api/v1/submissions', brandToken, upload, handler(submit));
  router.get('/api/v1/submissions', brandToken, handler(list));
  router.get('/api/v1/submissions/:id', brandToken, handler(one));

  async function submit(req: Request, res: Response) {
    const { user, token } = requireApiCaller(req);
    const result = await api.submissionApi.submitOnce(user, req.body, await receivedFiles(req), {
      idempotencyKey: req.get('idempotency-key'),
      tokenId: token.id,
    });
    res.status(result.duplicate ? 200 : 201);
    if (!result.duplicate) res.location(`/api/v1/submissions/${result.submission.id}`);
    res.json(submissionJson(callerLanguage(req), result.submission, result.photos, result.duplicate));
  }

  async function list(req: Request, res: Response) {
    const { user } = requireApiCaller(req);
    const query = listQuerySchema.safeParse(req.query);
    if (!query.success) throw badQuery(query.error);
    const page = await api.submissionApi.list(user, query.data);
    res.json({
      data: page.items.map((o) => {
        const { photos: _p, duplicate: _d, ...summary } = submissionJson(callerLanguage(req), o.submission, o.photos, false);
        return summary;
      }),
      nextCursor: page.nextCursor,
    });
  }

  async function one(req: Request, res: Response) {
    const { user } = requireApiCaller(req);
    const id = String(req.params.id);
    if (!z.uuid().safeParse(id).success) throw notFound('That submission');
    const o = await api.submissionApi.outcome(id, user, false);
    res.json(submissionJson(callerLanguage(req), o.submission, o.photos, false));
  }

  return router;
}

/** A query-string error naming the failing parameter. */
export function badQuery(error: z.ZodError): AppError {
  const field = String(error.issues[0]?.path[0] ?? 'query');
  return new AppError('BAD_REQUEST', `The ${field} parameter is not valid: ${error.issues[0]?.message ?? 'invalid'}.`, { context: { field } });
}
