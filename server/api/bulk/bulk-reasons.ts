/**
 * Why a bulk report line turned out as it did, as message keys with their values: the report is said in
 * the reader's language when it is shown (server/i18n/bulk-reason-text.ts), and `code` stays the same in
 * every language for scripts. Lines written before reasons had keys hold English sentences, shown as
 * they are.
 */
import type { Finding, RuleId, TextRef } from '../../../validators/types.ts';
import { fieldErrorText } from '../../i18n/field-error-text.ts';

export const BULK_REASON_CODES = [
  'duplicate_shade_code',
  'bad_file_name',
  'no_row_for_shade',
  'view_already_taken',
  'no_photo',
  'already_submitted',
  'failed_check',
  'invalid_field',
  'not_submitted',
  'not_processed',
  'processing_stopped',
] as const;
export type BulkReasonCode = (typeof BULK_REASON_CODES)[number];

export interface BulkReason {
  code: BulkReasonCode;
  /** The reason's sentence (`bulk:reason.*`); a `{details}` in it takes the `details` sentences. */
  text: TextRef;
  details?: TextRef[];
}

/** A stored reason: keyed, or an English sentence from a line written before reasons had keys. */
export type StoredReason = BulkReason | string;

const reason = (code: BulkReasonCode, key: string, values?: TextRef['values'], details?: TextRef[]): BulkReason => ({
  code,
  text: values ? { key: `bulk:reason.${key}`, values } : { key: `bulk:reason.${key}` },
  ...(details ? { details } : {}),
});

const viewWord = (view: string): TextRef | string => (['front', 'swatch', 'open', 'side'].includes(view) ? { key: `submission:photoOf.${view}` } : view);

export const duplicateShadeCode = (shadeCode: string, firstLine: number) => reason('duplicate_shade_code', 'duplicateShadeCode', { code: shadeCode, line: firstLine });
export const badFileName = (why: TextRef) => reason('bad_file_name', 'badFileName', undefined, [why]);
export const noRowForShade = (shadeCode: string) => reason('no_row_for_shade', 'noRowForShade', { code: shadeCode });
export const viewAlreadyTaken = (shadeCode: string, view: string) => reason('view_already_taken', 'viewAlreadyTaken', { code: shadeCode, photo: viewWord(view) });
export const noPhoto = () => reason('no_photo', 'noPhoto');
export const alreadySubmitted = () => reason('already_submitted', 'alreadySubmitted');
export const notProcessed = () => reason('not_processed', 'notProcessed');
export const processingStopped = () => reason('processing_stopped', 'processingStopped');

/** A check a photo failed: the photo, the rule (its name and id) and the finding's own sentences. */
export function failedCheck(view: string, f: Finding): StoredReason {
  if (!f.text) return `${view} photo, ${f.rule}: ${f.message}`;
  return reason('failed_check', 'failedCheck', { photo: viewWord(view), rule: { key: `rules:${f.rule as RuleId}.title` }, ruleId: f.rule }, f.text.message);
}

/** The form's label of each field a CSV row fills. */
const FIELD_LABELS: Record<string, string> = {
  productLine: 'submission:field.productLine',
  shadeCode: 'submission:field.shadeCode',
  shadeName: 'submission:field.shadeName',
  category: 'submission:field.category',
  declaredFinish: 'submission:field.finish',
  swatchHex: 'submission:colour.hex',
  marketplaces: 'marketplaces:picker.legend',
  front: 'submission:photoHeading.front',
  swatch: 'submission:photoHeading.swatch',
  open: 'submission:photoHeading.open',
  side: 'submission:photoHeading.side',
};

/** A form field the row's values did not pass; a message the catalogs do not know is kept in English. */
export function invalidField(field: string, message: string): StoredReason {
  const problem = fieldErrorText(message);
  if (!problem) return `${field} ${message}`;
  const label = FIELD_LABELS[field];
  const fieldName: TextRef | string = label ? { key: label } : field;
  return reason('invalid_field', 'invalidField', { field: fieldName, fieldId: field, problem });
}

/** A row refused by a coded error without fields: the error's own message key, else its code's. */
export function notSubmitted(err: { code: string; message: string; text?: { message?: string; values?: Record<string, string | number> } }): BulkReason {
  const said: TextRef = err.text?.message ? { key: err.text.message, ...(err.text.values ? { values: err.text.values } : {}) } : { key: `errors:code.${err.code}` };
  return reason('not_submitted', 'notSubmitted', undefined, [said]);
}
