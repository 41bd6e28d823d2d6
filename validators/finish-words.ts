/**
 * The category's own words for a measured finish (standards.ts finishWords): a foundation is matte,
 * natural or dewy, a nail polish cream, shimmer, metallic or glitter. The measured `finish.value`
 * stays as it was; the word is added beside it, on the photo and on each pan of a palette, and the
 * material block renderers read takes what the word sets (a metallic shade's metallic factor).
 */
import type { ExtractionResult } from '../extraction/types.ts';
import { finishWordOf, type FinishWords } from './standards.ts';

export function withFinishWords(extraction: ExtractionResult, words: FinishWords): ExtractionResult {
  const word = finishWordOf(words, extraction);
  const override = words.material[word] ?? {};
  return {
    ...extraction,
    finish: { ...extraction.finish, word },
    material: { ...extraction.material, ...override },
    ...(extraction.pans ? { pans: extraction.pans.map((pan) => ({ ...pan, finish: { ...pan.finish, word: finishWordOf(words, pan) } })) } : {}),
  };
}
