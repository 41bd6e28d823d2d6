import { z } from 'zod';
import { COORDINATE_CONVENTION } from '../../extraction/types.ts';
import { MARKETPLACE_CODES } from '../marketplaces/marketplaces.ts';
import { apiSchemas, isBinaryFile } from './api-schemas.ts';
import { SIGNATURE_HEADER } from './webhook-signature.ts';

/**
 * The OpenAPI 3.1 document, generated from the zod schemas in api-schemas.ts (JSON Schema 2020-12,
 * which OpenAPI 3.1 uses as is). Paths are written here; every body schema is a $ref into components.
 */
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string, description: string) => ({ description, content: { 'application/json': { schema: ref(id) } } });
const error = (description: string) => json('Error', description);

const ERRORS = {
  '401': error('Missing, malformed, unknown, revoked or wrong-kind token (UNAUTHENTICATED)'),
  '404': error('No such resource, or not yours (NOT_FOUND)'),
};

function componentSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(apiSchemas, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ zodSchema, jsonSchema }) => {
      if (isBinaryFile(zodSchema)) jsonSchema.format = 'binary';
    },
  }) as {
    schemas: Record<string, Record<string, unknown>>;
  };
  const out: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _s, $id: _i, ...rest } = schema;
    const registered = apiSchemas._idmap.get(id);
    const description = registered ? apiSchemas.get(registered)?.description : undefined;
    out[id] = description && !rest.description ? { description, ...rest } : rest;
  }
  return out;
}

const cursorParam = { name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: 'opaque cursor from the previous page' };
const limitParam = (max: number, def: number) => ({
  name: 'limit',
  in: 'query',
  required: false,
  schema: { type: 'integer', minimum: 1, maximum: max, default: def },
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const marketplaceViewParam = {
  name: 'marketplace',
  in: 'query',
  required: false,
  description: 'The shade as this marketplace’s rollout measured it (the links of a list filtered by marketplace carry it); without it, as its primary marketplace did. A shade not submitted for this marketplace answers 404.',
  schema: { type: 'string', enum: [...MARKETPLACE_CODES] },
};

export function buildOpenApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shadegate API',
      version: '1.0.0',
      description: [
        'Brand API (tokens `sg_brand_…`): submit shades and read their verdicts, one at a time or in bulk.',
        'Export API (tokens `sg_export_…`): accepted shades with their measured properties, versions and webhooks.',
        `Coordinates: ${COORDINATE_CONVENTION}. Colours: sRGB hex and CIELAB (D65).`,
        "A palette (several pans in one compact, e.g. eyeshadow or blush) carries `pans`: one result per pan in reading order (rows top to bottom, then left to right), each with its region, colour, finish and particles; `finish.word` is the category's own finish word. The palette's own colour, finish and region are its first pan's.",
        'Errors are JSON `{ error: { code, message, field?, fields?, requestId } }`.',
        `Webhooks are POSTed as JSON (schema WebhookEvent) with header \`${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex>\`,`,
        'where v1 = HMAC-SHA256(secret, "<t>.<raw body>"); retried with exponential backoff until a 2xx (410 Gone stops).',
        'After several failed deliveries in a row, deliveries to that webhook pause for a cool-down, then resume with a single trial.',
      ].join('\n'),
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        brandToken: { type: 'http', scheme: 'bearer', description: 'sg_brand_… token, created on Settings → API tokens by a brand user' },
        exportToken: { type: 'http', scheme: 'bearer', description: 'sg_export_… token, created on Settings → API tokens by a reviewer' },
      },
      schemas: componentSchemas(),
    },
    paths: {
      '/api/v1/submissions': {
        post: {
          summary: 'Submit a shade (fields and photos); answers the verdict synchronously',
          security: [{ brandToken: [] }],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', maxLength: 200 },
              description: 'retrying with the same key and the same request answers the first submission (200, duplicate: true)',
            },
          ],
          requestBody: { required: true, content: { 'multipart/form-data': { schema: ref('SubmissionRequest') } } },
          responses: {
            '201': json('Submission', 'Created: the verdict, findings per photo and extraction'),
            '200': json('Submission', 'A repeat of an earlier request (duplicate: true); nothing new was created'),
            '401': ERRORS['401'],
            '413': error('A file over the size limit, or a request declaring more than a form may carry (REQUEST_TOO_LARGE)'),
            '415': error('A file that is not a JPEG, PNG, WebP or TIFF'),
            '422': error('A field failed validation (fields names each one), or the Idempotency-Key was reused for another request'),
            '429': error('This user already has too many upload bytes in flight (UPLOADS_IN_FLIGHT); retry after Retry-After seconds'),
            '503': error('The portal is receiving too many uploads (UPLOAD_CAPACITY); retry after Retry-After seconds'),
          },
        },
        get: {
          summary: "List the brand's own submissions, newest first",
          security: [{ brandToken: [] }],
          parameters: [
            { name: 'status', in: 'query', required: false, schema: { type: 'string' } },
            cursorParam,
            limitParam(100, 25),
          ],
          responses: { '200': json('SubmissionList', 'One page'), '400': error('Bad filter or cursor'), '401': ERRORS['401'] },
        },
      },
      '/api/v1/submissions/{id}': {
        get: {
          summary: 'One of the brand’s submissions',
          security: [{ brandToken: [] }],
          parameters: [idParam],
          responses: { '200': json('Submission', 'The submission'), ...ERRORS },
        },
      },
      '/api/v1/bulk': {
        post: {
          summary: 'Bulk upload: a CSV of shades and their photos; processed in the background',
          security: [{ brandToken: [] }],
          requestBody: { required: true, content: { 'multipart/form-data': { schema: ref('BulkRequest') } } },
          responses: { '202': json('BulkUpload', 'Accepted; poll links.self for progress'), '401': ERRORS['401'], '422': error('CSV unreadable') },
        },
      },
      '/api/v1/bulk/{id}': {
        get: {
          summary: 'Progress and per-row report of a bulk upload',
          security: [{ brandToken: [] }],
          parameters: [idParam],
          responses: { '200': json('BulkUpload', 'The report'), ...ERRORS },
        },
      },
      '/api/v1/bulk/{id}/report.csv': {
        get: {
          summary: 'The per-row report as CSV (formula-like cells escaped)',
          security: [{ brandToken: [] }],
          parameters: [idParam],
          responses: { '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, ...ERRORS },
        },
      },
      '/api/v1/shades': {
        get: {
          summary: 'Accepted shades with their current properties, in change order',
          description:
            'Keyset-paginated by a change sequence assigned in commit order: follow nextCursor until hasMore is false, store the cursor, and continue from it later to receive every change since — no skips, no duplicates within one pass. A shade changed again reappears later in the sequence with a higher version.',
          security: [{ exportToken: [] }],
          parameters: [
            cursorParam,
            { name: 'updated_since', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
            {
              name: 'marketplace',
              in: 'query',
              required: false,
              description:
                'Only shades submitted for this marketplace (ISO 3166-1 alpha-2 code, upper case), each with the measured properties, extractor, region and image links of the extractor that marketplace’s rollout assigned (a shade with a reviewer’s label keeps the label’s). Without it, a shade for several marketplaces is described as its primary marketplace (the first in catalogue order) measured it. Keep the same value for every page of one pass: the cursor does not carry it.',
              schema: { type: 'string', enum: [...MARKETPLACE_CODES] },
            },
            limitParam(200, 50),
            { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: { '200': json('ShadeList', 'One page (ETag header)'), '304': { description: 'Not modified' }, '400': error('Bad cursor'), '401': ERRORS['401'] },
        },
      },
      '/api/v1/shades/{id}': {
        get: {
          summary: 'One shade with its version history',
          security: [{ exportToken: [] }],
          parameters: [idParam, marketplaceViewParam],
          responses: { '200': json('ShadeDetail', 'The shade (ETag header)'), '304': { description: 'Not modified' }, ...ERRORS },
        },
      },
      '/api/v1/shades/{id}/images/original': {
        get: {
          summary: 'The photo, full size, upright sRGB JPEG, metadata removed',
          security: [{ exportToken: [] }],
          parameters: [idParam, marketplaceViewParam],
          responses: { '200': { description: 'JPEG', content: { 'image/jpeg': {} } }, ...ERRORS },
        },
      },
      '/api/v1/shades/{id}/images/crop': {
        get: {
          summary: 'The region cut from the upright sRGB photo (normalised crop), PNG',
          security: [{ exportToken: [] }],
          parameters: [idParam, marketplaceViewParam],
          responses: { '200': { description: 'PNG', content: { 'image/png': {} } }, ...ERRORS },
        },
      },
      '/api/v1/webhooks': {
        post: {
          summary: 'Register a webhook URL; the signing secret is in this response only',
          security: [{ exportToken: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('WebhookInput') } } },
          responses: {
            '201': json('WebhookCreated', 'Registered'),
            '400': error('Body is not valid JSON (BAD_JSON)'),
            '401': ERRORS['401'],
            '409': error('This token already holds the most webhooks it may (WEBHOOK_LIMIT_REACHED)'),
            '422': error('URL refused (field url)'),
          },
        },
        get: {
          summary: 'Registered webhooks',
          security: [{ exportToken: [] }],
          responses: { '200': json('WebhookList', 'Live subscriptions'), '401': ERRORS['401'] },
        },
      },
      '/api/v1/webhooks/{id}': {
        delete: {
          summary: 'Unregister a webhook',
          security: [{ exportToken: [] }],
          parameters: [idParam],
          responses: { '204': { description: 'Removed' }, ...ERRORS },
        },
      },
    },
    webhooks: {
      shadeChanged: {
        post: {
          summary: 'A shade was accepted, overridden, relabelled or corrected',
          requestBody: { content: { 'application/json': { schema: ref('WebhookEvent') } } },
          responses: { '200': { description: 'Any 2xx acknowledges; anything else is retried' } },
        },
      },
    },
  };
}
