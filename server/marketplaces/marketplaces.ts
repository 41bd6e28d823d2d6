/**
 * The marketplaces a brand sells in, as data: one entry per marketplace, never a code branch.
 *
 * `language` is the portal language its people read (one of server/i18n LANGUAGES; a marketplace whose
 * own language the portal does not offer reads English); `locale` formats its numbers, dates and money
 * through Intl. `standards` holds only the limits that differ from validators/standards.ts, merged over
 * a category's standards by `standardsForMarketplace` — the one place the two meet.
 */
import { standardsFor, type Standards } from '../../validators/standards.ts';
import type { Language } from '../i18n/i18n.ts';

/** Per group of limits, only the ones that differ (e.g. `{ resolution: { failBelowPx: 1200 } }`). */
export type StandardsOverlay = { [K in Exclude<keyof Standards, 'category' | 'label'>]?: Partial<Standards[K]> };

export interface Marketplace {
  /** ISO 3166-1 alpha-2 code of the country, upper case: the marketplace's id in URLs, tables and the API. */
  code: string;
  /** English name, for logs and the English fallback; pages show `marketplaceName(code, language)`. */
  name: string;
  language: Language;
  locale: string;
  /** ISO 4217 currency. */
  currency: string;
  standards: StandardsOverlay;
}

/**
 * Japan and Korea zoom product photos at a larger size than the defaults allow for, so their catalogues
 * are held to a larger minimum; elsewhere the defaults apply unchanged.
 */
const LARGER_ZOOM: StandardsOverlay = { resolution: { failBelowPx: 1200, warnBelowPx: 2000 } };

export const MARKETPLACES: readonly Marketplace[] = [
  { code: 'US', name: 'United States', language: 'en', locale: 'en-US', currency: 'USD', standards: {} },
  { code: 'JP', name: 'Japan', language: 'ja', locale: 'ja-JP', currency: 'JPY', standards: LARGER_ZOOM },
  { code: 'GB', name: 'United Kingdom', language: 'en', locale: 'en-GB', currency: 'GBP', standards: {} },
  { code: 'DE', name: 'Germany', language: 'de', locale: 'de-DE', currency: 'EUR', standards: {} },
  { code: 'FR', name: 'France', language: 'fr', locale: 'fr-FR', currency: 'EUR', standards: {} },
  { code: 'IT', name: 'Italy', language: 'it', locale: 'it-IT', currency: 'EUR', standards: {} },
  { code: 'ES', name: 'Spain', language: 'es', locale: 'es-ES', currency: 'EUR', standards: {} },
  // Chinese marketplaces show the product larger in the frame than the default minimum.
  { code: 'CN', name: 'China', language: 'zh-CN', locale: 'zh-CN', currency: 'CNY', standards: { framing: { warnBelowSpanShare: 0.9 } } },
  // Indian retail catalogues are written in English; Hindi stays a choice of each user.
  { code: 'IN', name: 'India', language: 'en', locale: 'en-IN', currency: 'INR', standards: {} },
  { code: 'SG', name: 'Singapore', language: 'en', locale: 'en-SG', currency: 'SGD', standards: {} },
  { code: 'MX', name: 'Mexico', language: 'es', locale: 'es-MX', currency: 'MXN', standards: {} },
  { code: 'BR', name: 'Brazil', language: 'pt-BR', locale: 'pt-BR', currency: 'BRL', standards: {} },
  { code: 'KR', name: 'South Korea', language: 'en', locale: 'ko-KR', currency: 'KRW', standards: LARGER_ZOOM },
  { code: 'ID', name: 'Indonesia', language: 'en', locale: 'id-ID', currency: 'IDR', standards: {} },
  { code: 'CO', name: 'Colombia', language: 'es', locale: 'es-CO', currency: 'COP', standards: {} },
  { code: 'CA', name: 'Canada', language: 'en', locale: 'en-CA', currency: 'CAD', standards: {} },
  { code: 'AU', name: 'Australia', language: 'en', locale: 'en-AU', currency: 'AUD', standards: {} },
  { code: 'AE', name: 'United Arab Emirates', language: 'ar', locale: 'ar-AE', currency: 'AED', standards: {} },
];

const BY_CODE: ReadonlyMap<string, Marketplace> = new Map(MARKETPLACES.map((m) => [m.code, m]));
export const MARKETPLACE_CODES: readonly string[] = MARKETPLACES.map((m) => m.code);

export class UnknownMarketplaceError extends Error {
  readonly code = 'UNKNOWN_MARKETPLACE';
  readonly context: Record<string, unknown>;
  constructor(code: string) {
    super(`Expected one of ${MARKETPLACE_CODES.join(', ')} for marketplace but received ${JSON.stringify(code)}`);
    this.name = 'UnknownMarketplaceError';
    this.context = { marketplace: code };
  }
}

export const isMarketplaceCode = (value: unknown): value is string => typeof value === 'string' && BY_CODE.has(value);

export function marketplaceOf(code: string): Marketplace {
  const marketplace = BY_CODE.get(code);
  if (!marketplace) throw new UnknownMarketplaceError(code);
  return marketplace;
}

/** Codes in catalogue order (the order of MARKETPLACES), without repeats. */
export function inCatalogueOrder(codes: Iterable<string>): string[] {
  const wanted = new Set(codes);
  return MARKETPLACE_CODES.filter((c) => wanted.has(c));
}

/** A category's standards with the marketplace's differing limits merged over them. */
export function standardsForMarketplace(category: string, code: string): Standards {
  const base = standardsFor(category);
  const overlay = marketplaceOf(code).standards;
  const merged: Record<string, unknown> = { ...base };
  for (const [group, limits] of Object.entries(overlay)) merged[group] = { ...(base[group as keyof Standards] as object), ...limits };
  return merged as unknown as Standards;
}

/**
 * The standards a shade for several marketplaces is judged by: each limit the strictest of theirs, read
 * from its name (`…Below`: the highest floor; `…Above` / `…At`: the lowest ceiling; `failWhenCut`: any).
 * Anything else (the views, the accepted types) is the same everywhere and taken as it is. No
 * marketplace: the category's own standards.
 */
export function standardsForMarketplaces(category: string, codes: readonly string[]): Standards {
  if (codes.length === 0) return standardsFor(category);
  const all = codes.map((code) => standardsForMarketplace(category, code));
  const strictest: Record<string, unknown> = { ...all[0] };
  for (const [group, limits] of Object.entries(all[0])) {
    if (!limits || typeof limits !== 'object' || Array.isArray(limits)) continue;
    const merged: Record<string, unknown> = { ...limits };
    for (const [key, value] of Object.entries(limits)) {
      const values = all.map((s) => (s[group as keyof Standards] as unknown as Record<string, unknown>)[key]);
      if (typeof value === 'number' && /^(fail|warn)Below/.test(key)) merged[key] = Math.max(...(values as number[]));
      else if (typeof value === 'number' && /^(fail|warn)(Above|At)/.test(key)) merged[key] = Math.min(...(values as number[]));
      else if (typeof value === 'boolean' && key === 'failWhenCut') merged[key] = values.some(Boolean);
    }
    strictest[group] = merged;
  }
  return strictest as unknown as Standards;
}

const displayNames = new Map<string, Intl.DisplayNames>();
/** The marketplace's country name in a portal language (Intl's region names), e.g. JP in German: "Japan". */
export function marketplaceName(code: string, language: Language): string {
  let names = displayNames.get(language);
  if (!names) {
    names = new Intl.DisplayNames([language], { type: 'region' });
    displayNames.set(language, names);
  }
  return names.of(code) ?? marketplaceOf(code).name;
}
