import { Router, type RequestHandler } from 'express';
import type { ApiServices } from '../../api/api-services.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { createApiBulkRoutes } from './api-bulk-routes.ts';
import { createApiDocsRoutes } from './api-docs-routes.ts';
import { createApiShadeRoutes } from './api-shade-routes.ts';
import { createApiSubmissionRoutes } from './api-submission-routes.ts';
import { createApiWebhookRoutes } from './api-webhook-routes.ts';

/** Every /api route (bearer tokens, no cookies, JSON errors) plus the docs page. */
export function createApiRoutes(api: ApiServices, deps: { views: ViewRenderer; baseUrl: string; photoUpload: RequestHandler }): Router {
  const router = Router();
  router.use(createApiDocsRoutes(deps));
  router.use(createApiSubmissionRoutes(api, deps.photoUpload, deps.views.localisation));
  router.use(createApiBulkRoutes(api, deps.views.localisation));
  router.use(createApiShadeRoutes(api));
  router.use(createApiWebhookRoutes(api));
  return router;
}
