import { z } from 'zod';
import { COORDINATE_CONVENTION } from '../../extraction/types.ts';
import { RULE_IDS } from '../../validators/types.ts';
import { FINISHES, PHOTO_VIEWS } from '../../validators/submission-schema.ts';
import { categories, standardsFor, type View } from '../../validators/standards.ts';

/** The categories whose standards require `view` beside the front photo (validators/standards.ts viewRules). */
const categoriesRequiring = (view: View) => categories().filter((c) => standardsFor(c).viewRules.required.includes(view));

/**
 * The API's contract, as zod schemas: the OpenAPI document at /api/v1/openapi.json is generated from
 * these (z.toJSONSchema), and the responses are built to match them. Every schema that appears in the
 * document is registered in `apiSchemas` under its component name.
 */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

const register = <T extends z.ZodType>(id: string, schema: T, description?: string): T => {
  apiSchemas.add(schema, { id, description });
  return schema;
};

/** File parts of a multipart body: strings of `format: binary` in the OpenAPI document (see openapi.ts). */
const binaryFiles = new WeakSet<z.ZodType>();
const binaryFile = (description: string) => {
  const schema = z.string().describe(description);
  binaryFiles.add(schema);
  return schema;
};
export const isBinaryFile = (schema: object) => binaryFiles.has(schema as z.ZodType);

const timestamp = z.iso.datetime().describe('ISO-8601, UTC');
const unit = z.number().min(0).max(1);
const hex = z.string().regex(/^#[0-9a-f]{6}$/).describe('sRGB, lowercase #rrggbb');

export const errorSchema = register(
  'Error',
  z.object({
    error: z.object({
      code: z.string().describe('stable machine-readable code, e.g. VALIDATION_FAILED, UNAUTHENTICATED'),
      message: z.string(),
      help: z.string().optional(),
      field: z.string().optional().describe('the one failing field, when there is one'),
      fields: z.record(z.string(), z.string()).optional().describe('failing field → what is wrong with it'),
      requestId: z.string(),
    }),
  }),
  'Every error: a code, a sentence, and the failing field(s).',
);

export const labSchema = register('Lab', z.object({ L: z.number(), a: z.number(), b: z.number() }), 'CIELAB, D65 white point');

export const regionSchema = register(
  'Region',
  z.object({
    x: z.number().int().min(0),
    y: z.number().int().min(0),
    width: z.number().int().min(0),
    height: z.number().int().min(0),
    convention: z.literal(COORDINATE_CONVENTION),
  }),
  `The product's colour-bearing part. Coordinates: ${COORDINATE_CONVENTION}.`,
);

const finishSchema = z.object({
  value: z.enum(FINISHES),
  confidence: unit,
  word: z
    .string()
    .optional()
    .describe("the category's own word for the finish (lipstick matte|satin|shiny|glossy; foundation matte|natural|dewy; eyeshadow and blush matte|satin|shimmer|metallic; nail polish cream|shimmer|metallic|glitter)"),
});

const particlesSchema = z.object({
  present: z.boolean(),
  coverage: unit.describe('share of the region covered by particles'),
  sizeRel: z.number().min(0).describe('mean particle diameter ÷ region width'),
  count: z.number().int().min(0),
  color: hex.nullable(),
});

export const panSchema = register(
  'Pan',
  z.object({
    index: z.number().int().min(0).describe('reading order: rows top to bottom, then left to right, from 0'),
    region: regionSchema.describe(`the pan with its rim. Coordinates: ${COORDINATE_CONVENTION}.`),
    color: z.object({ hex, lab: labSchema, confidence: unit.describe("the extractor's own confidence in the pan's colour") }),
    finish: finishSchema,
    particles: particlesSchema,
  }),
  'One pan of a palette (several pressed shades in one compact), measured on its own.',
);

export const extractionSchema = register(
  'Extraction',
  z.object({
    extractor: z.object({ name: z.string(), version: z.string() }),
    region: regionSchema,
    color: z.object({
      hex,
      lab: labSchema,
      confidence: unit.describe('probability that the colour is within ΔE00 5 of a careful hand measurement'),
    }),
    review: z.boolean().describe('whether the portal sends this measurement to a person before it is trusted'),
    finish: finishSchema,
    particles: particlesSchema,
    reflectance: z.object({ specularIntensity: unit, glossiness: unit, roughness: unit }),
    material: z
      .object({
        baseColorLinear: z.tuple([unit, unit, unit]).describe('linear RGB 0–1'),
        metallic: unit,
        roughness: unit,
        clearcoat: unit,
        clearcoatRoughness: unit,
        translucency: unit.optional().describe('light passing through (a jelly nail lacquer); set by the finish word'),
      })
      .describe('glTF-style PBR material block for renderers (a finish word may set metallic and translucency)'),
    translucency: unit
      .optional()
      .describe(
        "measured: how far the lacquer seen through its bottle thins out towards the bottle's edges as a clear dyed liquid does (1, a jelly) or not at all (0, opaque); present for nail polish only. The material block's translucency is the renderer setting its finish word gives",
      ),
    pans: z
      .array(panSchema)
      .optional()
      .describe("a palette's pans, each measured on its own; present when the category may be a palette (eyeshadow, blush) and more than one pan was found"),
  }),
);

export const findingSchema = register(
  'Finding',
  z.object({
    rule: z.enum(RULE_IDS),
    status: z.enum(['pass', 'warn', 'fail']),
    measured: z.union([z.number(), z.string(), z.null()]),
    unit: z.string().nullable(),
    threshold: z.string(),
    message: z.string(),
    fix: z.string(),
  }),
);

export const submissionPhotoSchema = register(
  'SubmissionPhoto',
  z.object({
    id: z.uuid(),
    view: z.enum(PHOTO_VIEWS),
    fileName: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    verdict: z.enum(['accepted', 'rejected']),
    findings: z.array(findingSchema),
  }),
);

const submissionFields = {
  id: z.uuid(),
  status: z.string().describe('accepted | rejected, later overridden | upheld | new_photo_requested by review'),
  verdict: z.enum(['accepted', 'rejected']).describe("the standards' verdict"),
  summary: z.string().describe('the verdict in one sentence, as on the page'),
  productLine: z.string(),
  shadeCode: z.string(),
  shadeName: z.string(),
  category: z.string(),
  declaredFinish: z.enum(FINISHES),
  swatchHex: hex,
  replacesId: z.uuid().nullable(),
  extraction: extractionSchema.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  links: z.object({ self: z.string(), page: z.string() }),
};

export const submissionSummarySchema = register('SubmissionSummary', z.object(submissionFields));

export const submissionSchema = register(
  'Submission',
  z.object({
    ...submissionFields,
    photos: z.array(submissionPhotoSchema),
    duplicate: z
      .boolean()
      .describe('true when this request repeated an earlier one (same Idempotency-Key, or the same photos for the same shade code): nothing new was created'),
  }),
);

export const submissionListSchema = register(
  'SubmissionList',
  z.object({
    data: z.array(submissionSummarySchema),
    nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
  }),
);

export const humanLabelSchema = register(
  'HumanLabel',
  z.object({
    used: z.boolean().describe('true when a reviewer drew the region; the properties were then measured on it'),
    labelledAt: timestamp.nullable(),
    pickedHex: hex.nullable().describe('a colour the reviewer picked from the photo, if any'),
  }),
);

export const shadeSchema = register(
  'Shade',
  z.object({
    id: z.uuid().describe('the accepted submission'),
    version: z.number().int().min(1),
    status: z.enum(['accepted', 'overridden']),
    brand: z.object({ id: z.uuid(), name: z.string() }),
    productLine: z.string(),
    shadeCode: z.string(),
    shadeName: z.string(),
    category: z.string(),
    declaredColor: z.object({ hex }),
    declaredFinish: z.enum(FINISHES),
    measuredColor: z.object({ hex, lab: labSchema, confidence: unit }),
    finish: extractionSchema.shape.finish,
    particles: extractionSchema.shape.particles,
    reflectance: extractionSchema.shape.reflectance,
    material: extractionSchema.shape.material,
    pans: extractionSchema.shape.pans,
    region: regionSchema,
    images: z
      .object({
        original: z.string().describe('full-size copy of the photo (upright, sRGB, metadata removed); needs the export token'),
        crop: z.string().describe('the region cut out of the upright sRGB photo, PNG; needs the export token'),
      })
      .describe('paths relative to the API origin'),
    extractor: z.object({ name: z.string(), version: z.string() }),
    humanLabel: humanLabelSchema,
    createdAt: timestamp.describe('when the shade was submitted'),
    updatedAt: timestamp.describe('when its exported properties last changed'),
  }),
);

export const shadeListSchema = register(
  'ShadeList',
  z.object({
    data: z.array(shadeSchema),
    nextCursor: z.string().describe('store it and pass it as ?cursor= to continue; also after the last page, to sync later'),
    hasMore: z.boolean(),
  }),
);

export const shadeVersionSchema = register(
  'ShadeVersion',
  z.object({
    version: z.number().int().min(1),
    reason: z.enum(['accepted', 'overridden', 'relabelled', 'corrected']),
    changedAt: timestamp,
    shade: shadeSchema,
  }),
);

export const shadeDetailSchema = register(
  'ShadeDetail',
  z.object({ shade: shadeSchema, history: z.array(shadeVersionSchema).describe('oldest first') }),
);

export const webhookEventSchema = register(
  'WebhookEvent',
  z.object({
    id: z.string().describe('unique per event; a receiver may see it more than once and should ignore repeats'),
    type: z.enum(['shade.accepted', 'shade.overridden', 'shade.relabelled', 'shade.corrected']),
    createdAt: timestamp,
    shade: shadeSchema,
  }),
);

export const webhookSubscriptionSchema = register(
  'WebhookSubscription',
  z.object({ id: z.uuid(), url: z.string(), createdAt: timestamp }),
);

export const webhookCreatedSchema = register(
  'WebhookCreated',
  z.object({
    id: z.uuid(),
    url: z.string(),
    createdAt: timestamp,
    secret: z.string().describe('HMAC-SHA256 signing secret, shown only in this response'),
  }),
);

export const webhookListSchema = register('WebhookList', z.object({ data: z.array(webhookSubscriptionSchema) }));

export const webhookInputSchema = register(
  'WebhookInput',
  z.object({ url: z.string().max(2000).describe('http:// or https:// URL that receives POSTed events') }),
);

export const BULK_OUTCOMES = ['pending', 'accepted', 'rejected', 'invalid', 'no_photo', 'duplicate', 'unmatched_photo', 'failed'] as const;

export const bulkItemSchema = register(
  'BulkItem',
  z.object({
    position: z.number().int().min(1),
    csvLine: z.number().int().nullable().describe('line of the CSV file (header is line 1); null for a photo that matched no row'),
    shadeCode: z.string().nullable(),
    shadeName: z.string().nullable(),
    outcome: z.enum(BULK_OUTCOMES),
    reasons: z.array(z.string()).describe('why the line turned out as it did, in the Accept-Language of the request'),
    reasonCodes: z.array(z.string()).describe('a stable code for each reason, the same in every language (`other` for a reason recorded before codes)'),
    photoNames: z.array(z.string()),
    submissionId: z.uuid().nullable(),
  }),
);

export const bulkUploadSchema = register(
  'BulkUpload',
  z.object({
    id: z.uuid(),
    status: z.enum(['processing', 'done', 'failed', 'interrupted']),
    totalRows: z.number().int().min(0),
    processedRows: z.number().int().min(0),
    counts: z.record(z.enum(BULK_OUTCOMES), z.number().int().min(0)),
    items: z.array(bulkItemSchema),
    error: z.string().nullable(),
    createdAt: timestamp,
    finishedAt: timestamp.nullable(),
    links: z.object({ self: z.string(), reportCsv: z.string() }),
  }),
);

/** Multipart request bodies, documented (multer reads them; the service validates the fields). */
export const submissionRequestSchema = register(
  'SubmissionRequest',
  z.object({
    productLine: z.string().max(80),
    shadeCode: z.string().max(40),
    shadeName: z.string().max(60),
    category: z.string().describe('e.g. lipstick'),
    declaredFinish: z.enum(FINISHES),
    swatchHex: z.string().describe('#rrggbb'),
    replacesId: z.uuid().optional(),
    marketplaces: z
      .array(z.string().regex(/^[A-Z]{2}$/))
      .optional()
      .describe('marketplace codes (repeat the field, or one comma-separated value), each one the brand sells in; absent: all of the brand’s marketplaces'),
    front: binaryFile('photo file, required; named brand_line_shade_front.ext'),
    swatch: binaryFile(`photo file; required for ${categoriesRequiring('swatch').join(', ')} (see the photo guidelines)`).optional(),
    open: binaryFile('photo file').optional(),
    side: binaryFile('photo file').optional(),
  }),
);

export const bulkRequestSchema = register(
  'BulkRequest',
  z.object({
    csv: binaryFile('CSV file: header line, shade_code, shade_name, category, finish, swatch_hex, and optionally marketplaces (codes separated by spaces or semicolons; empty: all of the brand’s)'),
    photos: z.array(binaryFile('photo file')).describe('photo files, named brand_line_shade_view.ext'),
  }),
);
