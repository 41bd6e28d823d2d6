/** The shade form's marketplace picker: the brand's marketplaces, each ticked when chosen (all by default). */
import type { Language } from '../i18n/i18n.ts';
import { requestedCodes } from './marketplace-repository.ts';
import { marketplaceName } from './marketplaces.ts';

export function presentMarketplacePicker(brandCodes: string[], chosen: unknown, language: Language, error?: string) {
  const asked = requestedCodes(chosen);
  const ticked = asked.length ? new Set(asked) : new Set(brandCodes);
  return {
    options: brandCodes.map((code) => ({ code, name: marketplaceName(code, language), checked: ticked.has(code) })),
    error: error ?? null,
  };
}
