import path from 'node:path';
import { createLocalisation, type Translator } from '../i18n/i18n.ts';
import { PROJECT_ROOT } from '../project-root.ts';

let english: Translator | undefined;

/**
 * The English translator, for presenter callers that have no page language (the API's JSON summary,
 * mail composed without a recipient's language). Read from the catalogs on first use, never at import.
 */
export function englishTranslator(): Translator {
  english ??= createLocalisation({ localesDir: path.join(PROJECT_ROOT, 'views', 'locales') }).translator('en');
  return english;
}
