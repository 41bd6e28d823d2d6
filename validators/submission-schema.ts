import { z } from 'zod';

/**
 * The submission form's fields, as they cross the HTTP boundary (page form and brand API alike).
 * Photo files are not fields: each arrives in a multipart file field named after its view.
 * Naming style (Title Case, no "final") is a standard judged by the `naming` rule, not a form error,
 * so the brand sees it explained in the verdict; here only shape and length are enforced.
 */
export const PHOTO_VIEWS = ['front', 'swatch', 'open', 'side'] as const;
export type PhotoView = (typeof PHOTO_VIEWS)[number];

export const FINISHES = ['matte', 'satin', 'shiny', 'glossy'] as const;

/** Our own words for a field that is missing or not text (zod's would read "Invalid input: expected string…"). */
const text = () => z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? 'is required' : 'must be text') });
/** Said by the form (before sending) and by the server alike when no colour is declared. */
export const SWATCH_REQUIRED = 'is required: pick the shade’s colour, or take it from your photo with the eyedropper';
const trimmed = (max: number) => text().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

export const submissionFieldsSchema = z.object({
  productLine: trimmed(80),
  shadeCode: trimmed(40).regex(/^[A-Za-z0-9-]+$/, 'may contain only letters, digits and hyphens'),
  shadeName: trimmed(60),
  category: trimmed(40).regex(/^[a-z-]+$/, 'must be a category id such as lipstick'),
  declaredFinish: z.enum(FINISHES, { error: (issue) => (issue.input === undefined ? 'is required' : 'must be one of matte, satin, shiny, glossy') }),
  swatchHex: text()
    .trim()
    .min(1, SWATCH_REQUIRED)
    .regex(/^#?[0-9a-fA-F]{6}$/, 'must be a colour such as #B22146')
    .transform((v) => `#${v.replace('#', '').toLowerCase()}`),
  replacesId: z.uuid({ error: 'must be the id of an earlier submission' }).optional().or(z.literal('').transform(() => undefined)),
});

export type SubmissionFields = z.infer<typeof submissionFieldsSchema>;

/** Field-level errors keyed by field name, for 422 responses and re-rendered forms. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}
