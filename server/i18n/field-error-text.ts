/**
 * A refused form field's message as a message key. The submission schema and services word field
 * errors in English (the API answers them as they are); the pages and the bulk report say them in the
 * reader's language through this table. A message the table does not know is kept as written.
 */
import { SWATCH_REQUIRED } from '../../validators/submission-schema.ts';
import type { TextRef } from '../../validators/types.ts';
import { sayText } from './finding-text.ts';
import type { Translator } from './i18n.ts';

const VIEWS = new Set(['front', 'swatch', 'open', 'side']);

const FIXED: Record<string, string> = {
  'is required': 'errors:field.required',
  'must be text': 'errors:field.notText',
  [SWATCH_REQUIRED]: 'errors:field.swatchRequired',
  'may contain only letters, digits and hyphens': 'errors:field.shadeCodeCharacters',
  'must be a category id such as lipstick': 'errors:field.categoryId',
  'must be one of matte, satin, shiny, glossy': 'errors:field.finish',
  'must be a colour such as #B22146': 'errors:field.colour',
  'must be the id of an earlier submission': 'errors:field.replacesId',
  'is not one of your submissions': 'errors:field.notYourSubmission',
  'is not a category we accept': 'errors:field.unknownCategory',
  'is not a photo view': 'errors:field.notAView',
  'the file is empty': 'errors:field.emptyFile',
  'is not a marketplace we know': 'errors:field.unknownMarketplace',
  "must be among your brand's marketplaces: none yet": 'errors:field.noMarketplacesYet',
};

const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => TextRef | null]> = [
  [/^must be at most (\d+) characters$/, (m) => ({ key: 'errors:field.tooLong', values: { max: Number(m[1]) } })],
  [/^a (\w+) photo is required$/, (m) => (VIEWS.has(m[1]) ? { key: 'errors:field.viewRequired', values: { photo: { key: `submission:photoOf.${m[1]}` } } } : null)],
  [/^must be among your brand's marketplaces: ([A-Z]{2}(?:, [A-Z]{2})*)$/, (m) => ({ key: 'errors:field.brandMarketplaces', values: { codes: m[1] } })],
];

/** The message key of a field message, or null when the message is not one of ours. */
export function fieldErrorText(message: string): TextRef | null {
  const key = FIXED[message];
  if (key) return { key };
  for (const [pattern, toRef] of PATTERNS) {
    const m = pattern.exec(message);
    if (m) return toRef(m);
  }
  return null;
}

/** A form's field errors in `tr`'s language (a message the table does not know stays as written). */
export function localiseFieldErrors(tr: Translator, errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => {
      const text = fieldErrorText(message);
      return [field, text ? sayText(tr, text) : message];
    }),
  );
}

