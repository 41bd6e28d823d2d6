/** A bulk report line's reasons in the reader's language (see server/api/bulk/bulk-reasons.ts). */
import type { TextValue } from '../../validators/types.ts';
import type { StoredReason } from '../api/bulk/bulk-reasons.ts';
import { saySentences, sayText } from './finding-text.ts';
import type { Translator } from './i18n.ts';

/** One reason as a sentence; an English sentence stored before reasons had keys is shown as it is. */
export function sayBulkReason(tr: Translator, reason: StoredReason): string {
  if (typeof reason === 'string') return reason;
  const values: Record<string, TextValue> = { ...reason.text.values };
  if (reason.details?.length) values.details = saySentences(tr, reason.details);
  return sayText(tr, { key: reason.text.key, values });
}

/** The stable code of a reason (`other` for an English sentence stored before reasons had codes). */
export const bulkReasonCode = (reason: StoredReason): string => (typeof reason === 'string' ? 'other' : reason.code);
