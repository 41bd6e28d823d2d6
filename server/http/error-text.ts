/**
 * An error's words in the reader's language. English keeps the error's own message and help (they may
 * name the field or the limit); another language says the error's `text` keys of the `errors` catalog,
 * else the catalog's words for its code, so a JSON answer keeps its stable `code` and reads in the
 * caller's language.
 */
import type { Request, Response } from 'express';
import { DEFAULT_LANGUAGE, type Language, type Localisation, type Translator } from '../i18n/i18n.ts';
import { AppError } from './errors.ts';

/** The API speaks the caller's Accept-Language; a page speaks the page's language. */
export function errorTranslator(localisation: Localisation, req: Request, res: Response): Translator {
  const pageLanguage: unknown = res.locals.locale;
  if (!req.path.startsWith('/api/') && (localisation.languages as readonly unknown[]).includes(pageLanguage)) return localisation.translator(pageLanguage as Language);
  return localisation.translator(localisation.negotiate(null, req.headers['accept-language']));
}

const codeKey = (code: unknown) => `errors:code.${String(code)}`;

/** The message of a known (coded, safe to show) error. */
export function errorMessageIn(localisation: Localisation, tr: Translator, err: Error & { code?: unknown }): string {
  if (tr.language === DEFAULT_LANGUAGE) return err.message;
  const keyed = err instanceof AppError ? err.text : undefined;
  if (keyed?.message && localisation.has(tr.language, keyed.message)) return tr.t(keyed.message, keyed.values);
  if (localisation.has(tr.language, codeKey(err.code))) return tr.t(codeKey(err.code));
  return err.message;
}

export function errorHelpIn(localisation: Localisation, tr: Translator, err: AppError): string | undefined {
  if (err.help === undefined || tr.language === DEFAULT_LANGUAGE) return err.help;
  const key = err.text?.help ?? `errors:help.${err.code}`;
  return localisation.has(tr.language, key) ? tr.t(key, err.text?.values) : err.help;
}
