/** The extractors by name; `robust` is the default, `average` the baseline it is measured against. */
import type { Extractor } from '../types.ts';
import { averageExtractor } from './average.ts';
import { robustExtractor } from './robust.ts';

const EXTRACTORS: ReadonlyMap<string, Extractor> = new Map([
  [robustExtractor.name, robustExtractor],
  [averageExtractor.name, averageExtractor],
]);

export class UnknownExtractorError extends Error {
  readonly code = 'UNKNOWN_EXTRACTOR';
  readonly context: Record<string, unknown>;
  constructor(name: string) {
    super(`Expected one of ${extractorNames().join(', ')} for extractor but received ${JSON.stringify(name)}`);
    this.name = 'UnknownExtractorError';
    this.context = { name, known: extractorNames() };
  }
}

export function extractorNames(): string[] {
  return [...EXTRACTORS.keys()];
}

export function getExtractor(name = 'robust'): Extractor {
  const extractor = EXTRACTORS.get(name);
  if (!extractor) throw new UnknownExtractorError(name);
  return extractor;
}
