import { Router } from 'express';
import { buildOpenApiDocument } from '../../api/openapi.ts';
import type { ViewRenderer } from '../../views/renderer.ts';
import { pageTranslator } from '../page-text.ts';

/** The published contract: OpenAPI 3.1 JSON, and a page for people that explains it. */
export function createApiDocsRoutes(deps: { views: ViewRenderer; baseUrl: string }): Router {
  const router = Router();
  const document = buildOpenApiDocument(deps.baseUrl);
  const text = JSON.stringify(document, null, 2);

  router.get('/api/v1/openapi.json', (_req, res) => {
    res.set({ 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' }).type('application/json').send(text);
  });
  router.get('/api/docs', (_req, res) => {
    const tr = pageTranslator(deps.views, res);
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods as Record<string, { summary: string; security?: Array<Record<string, unknown>> }>).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        summary: op.summary,
        token: op.security?.[0] && 'exportToken' in op.security[0] ? 'sg_export_…' : 'sg_brand_…',
      })),
    );
    res.send(deps.views.render('api-docs', { ...res.locals, title: tr.t('api-docs:title'), operations, schemaNames: Object.keys(document.components.schemas) }));
  });
  return router;
}
