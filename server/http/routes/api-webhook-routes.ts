import { Router, type Request, type Response } from 'express';
import type { ApiServices } from '../../api/api-services.ts';
import { requireApiCaller } from '../../api/bearer-auth.ts';
import { handler } from '../async-handler.ts';
import { notFound } from '../errors.ts';
import { jsonBody } from '../body-parsers.ts';

/** Webhook subscriptions, managed by the 3D team with its export token. */
export function createApiWebhookRoutes(api: ApiServices): Router {
  const router = Router();
  const exportToken = api.bearerAuth('export');
  const json = jsonBody('16kb');

  router.post('/api/v1/webhooks', exportToken, json, handler(register));
  router.get('/api/v1/webhooks', exportToken, handler(list));
  router.delete('/api/v1/webhooks/:id', exportToken, handler(remove));

  async function register(req: Request, res: Response) {
    const { token } = requireApiCaller(req);
    const created = await api.webhooks.register((req.body as { url?: unknown } | undefined)?.url, token.id);
    res.status(201).location(`/api/v1/webhooks/${created.id}`).json(created);
  }

  async function list(_req: Request, res: Response) {
    res.json({ data: await api.webhooks.list() });
  }

  async function remove(req: Request, res: Response) {
    if (!(await api.webhooks.revoke(String(req.params.id)))) throw notFound('That webhook');
    res.status(204).end();
  }

  return router;
}
