import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import ICU from 'i18next-icu';

/**
 * The portal's languages. Messages are ICU MessageFormat (plurals, selects) in
 * `views/locales/<language>/<namespace>.json`; dates and numbers go through Intl with the
 * language's locale. English is the source language and the fallback for a missing key — a
 * test holds every key present in every language, so the fallback only guards a bad deploy.
 */
export const LANGUAGES = ['en', 'ja', 'de', 'fr', 'it', 'es', 'zh-CN', 'pt-BR', 'hi', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** Languages written right to left; the layout sets `dir` from this. */
const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set<Language>(['ar']);

/** Each language's own name, for the language picker (shown in that language, as people look for it). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  ja: '日本語',
  de: 'Deutsch',
  fr: 'Français',
  it: 'Italiano',
  es: 'Español',
  'zh-CN': '简体中文',
  'pt-BR': 'Português (Brasil)',
  hi: 'हिन्दी',
  ar: 'العربية',
};

export const isLanguage = (value: unknown): value is Language => typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
export const directionOf = (language: Language): 'ltr' | 'rtl' => (RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr');

/** Every message of every language, read once: `catalog[language][namespace][key]`. */
export type Catalog = Record<string, Record<string, Record<string, string>>>;

export function readCatalog(localesDir: string): Catalog {
  const catalog: Catalog = {};
  for (const language of LANGUAGES) {
    const dir = path.join(localesDir, language);
    catalog[language] = {};
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith('.json')) continue;
      catalog[language][file.slice(0, -'.json'.length)] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, string>;
    }
  }
  return catalog;
}

export interface Translator {
  readonly language: Language;
  readonly dir: 'ltr' | 'rtl';
  /** `t('review:queue.title')`, `t('common:photos', { count: 3 })`. Keys are `namespace:key`. */
  t(key: string, values?: Record<string, unknown>): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  date(value: Date | string, options?: Intl.DateTimeFormatOptions): string;
}

export interface Localisation {
  /** The portal's languages, plus any extra a test injected with its catalog (a pseudo-locale). */
  readonly languages: readonly Language[];
  translator(language: Language): Translator;
  /** The language for a request: the user's own choice when it is one of ours, else Accept-Language, else English. */
  negotiate(choice: string | null | undefined, acceptLanguage: string | undefined): Language;
  /** Whether `key` exists in `language` (no fallback). */
  has(language: Language, key: string): boolean;
}

/**
 * `{ catalog, extraLanguages }` lets a test inject messages, e.g. a pseudo-locale under its own code
 * ('en-XA'), to check that every visible text comes from the catalog.
 */
export function createLocalisation(options: { localesDir: string } | { catalog: Catalog; extraLanguages?: readonly string[] }): Localisation {
  const catalog = 'catalog' in options ? options.catalog : readCatalog(options.localesDir);
  const languages = [...LANGUAGES, ...('extraLanguages' in options ? (options.extraLanguages ?? []) : [])] as Language[];
  const namespaces = [...new Set(Object.values(catalog).flatMap((byNs) => Object.keys(byNs)))];
  const instance: I18n = i18next.createInstance();
  void instance.use(ICU).init({
    initAsync: false,
    resources: catalog,
    supportedLngs: languages,
    fallbackLng: DEFAULT_LANGUAGE,
    ns: namespaces,
    defaultNS: 'common',
    nsSeparator: ':',
    keySeparator: false,
    // Handlebars escapes what it prints; the mail text parts must not carry HTML entities.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const fixed = new Map<Language, Translator>();
  return {
    languages,
    translator(language) {
      let translator = fixed.get(language);
      if (!translator) {
        const t: TFunction = instance.getFixedT(language);
        const locale = language;
        translator = {
          language,
          dir: directionOf(language),
          t: (key, values) => t(key, values ?? {}) as string,
          number: (value, format) => new Intl.NumberFormat(locale, format).format(value),
          date: (value, format) =>
            new Intl.DateTimeFormat(locale, format ?? { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(typeof value === 'string' ? new Date(value) : value),
        };
        fixed.set(language, translator);
      }
      return translator;
    },
    negotiate(choice, acceptLanguage) {
      if (isLanguage(choice)) return choice;
      return fromAcceptLanguage(acceptLanguage) ?? DEFAULT_LANGUAGE;
    },
    has(language, key) {
      const [ns, k] = key.includes(':') ? [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)] : ['common', key];
      return typeof catalog[language]?.[ns]?.[k] === 'string';
    },
  };
}

/**
 * Picks the best of our languages from an Accept-Language header (RFC 9110 §12.5.4): by q-value,
 * then order; `pt` matches `pt-BR`, `zh`, `zh-Hans` and `zh-CN` match `zh-CN`, `ar-EG` matches `ar`.
 */
export function fromAcceptLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  const ranges = header
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.tag && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranges) {
    const exact = LANGUAGES.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const primary = tag.split('-')[0];
    // Traditional Chinese readers are better served by the next range than by Simplified.
    if (primary === 'zh') {
      if (tag.includes('hant') || tag.endsWith('-tw') || tag.endsWith('-hk')) continue;
      return 'zh-CN';
    }
    const byPrimary = LANGUAGES.find((l) => l.split('-')[0] === primary);
    if (byPrimary) return byPrimary;
  }
  return null;
}
