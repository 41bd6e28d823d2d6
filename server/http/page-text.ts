import type { Response } from 'express';
import type { Language, Translator } from '../i18n/i18n.ts';
import type { ViewRenderer } from '../views/renderer.ts';

/** The translator for the response's page language (set per request by the app; English when unset). */
export function pageTranslator(views: ViewRenderer, res: Response): Translator {
  const locale = res.locals.locale as Language | undefined;
  return views.localisation.translator(views.localisation.negotiate(locale, undefined));
}

/** `pageText(views)(res)('dashboard:title')`: the routes' way to word titles, headings and flashes. */
export const pageText = (views: ViewRenderer) => (res: Response) => {
  const translator = pageTranslator(views, res);
  return (key: string, values?: Record<string, unknown>) => translator.t(key, values);
};
