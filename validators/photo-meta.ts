/** What is known about a photo besides its bytes, validated where it crosses into the standards. */
import { z } from 'zod';
import { CATEGORY_IDS, VIEWS } from './standards.ts';

export const hexColorSchema = z
  .string()
  .trim()
  .regex(/^#?[0-9a-fA-F]{6}$/, 'must be a colour such as #b22146')
  .transform((v) => `#${v.replace('#', '').toLowerCase()}`);

export const photoMetaSchema = z.object({
  /** The photo's own base name, as uploaded: what the naming rule checks. */
  fileName: z.string().min(1).max(255),
  /** The brand's and the product line's names, for the file name the naming rule suggests. */
  brandName: z.string().min(1).max(120).optional(),
  productLine: z.string().min(1).max(120).optional(),
  shadeCode: z.string().min(1).max(40).optional(),
  shadeName: z.string().min(1).max(120).optional(),
  swatchHex: hexColorSchema.optional(),
  category: z.enum(CATEGORY_IDS),
  view: z.enum(VIEWS).optional(),
});

export type PhotoMeta = z.infer<typeof photoMetaSchema>;
/** Input shape (before the hex is normalised). */
export type PhotoMetaInput = z.input<typeof photoMetaSchema>;
