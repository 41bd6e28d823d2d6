/**
 * The category set measured: per render the colour's ΔE00 to the truth (a palette: every pan's, and
 * whether the pans found match the pans rendered) and whether the finish word is the one expected.
 * Shared by `npm run eval:categories` and the test holding its figures.
 */
import { analyzePhoto } from '../../extraction/analyze.ts';
import { deltaE2000 } from '../../extraction/color-space.ts';
import { withFinishWords } from '../../validators/finish-words.ts';
import { colourPartFor, standardsFor, type Category } from '../../validators/standards.ts';
import { renderPhoto } from '../fixtures/index.ts';
import { categorySet, type CategoryEntry } from './category-set.ts';

export interface CategoryRow {
  name: string;
  category: Category;
  /** ΔE00 of the photo's colour (a palette: its worst pan's). */
  deltaE: number;
  expectedWord: string;
  word: string | null;
  /** A palette: pans found and rendered. */
  pans?: { found: number; rendered: number };
}

async function measure(entry: CategoryEntry): Promise<CategoryRow> {
  const rendered = await renderPhoto(entry.spec);
  const view = entry.spec.kind === 'swatch' ? 'swatch' : 'front';
  const analysis = await analyzePhoto(rendered.bytes, { category: entry.category, part: colourPartFor(entry.category, view) });
  const extraction = analysis.extraction ? withFinishWords(analysis.extraction, standardsFor(entry.category).finishWords) : null;
  const row: CategoryRow = { name: entry.name, category: entry.category, deltaE: 100, expectedWord: entry.word, word: extraction?.finish.word ?? null };
  if (!extraction) return row;
  const truthPans = rendered.truth.pans;
  if (truthPans) {
    const found = extraction.pans ?? [];
    row.pans = { found: found.length, rendered: truthPans.length };
    row.deltaE = found.length === truthPans.length ? Math.max(...found.map((p, k) => deltaE2000(p.color.lab, truthPans[k].color.lab))) : 100;
  } else {
    row.deltaE = deltaE2000(extraction.color.lab, rendered.truth.color.lab);
  }
  return row;
}

export async function measureCategorySet(): Promise<CategoryRow[]> {
  const rows: CategoryRow[] = [];
  for (const entry of categorySet()) rows.push(await measure(entry));
  return rows;
}

export interface CategoryFigures {
  category: Category;
  n: number;
  medianDeltaE: number;
  maxDeltaE: number;
  wordAccuracy: number;
}

export function figuresOf(rows: CategoryRow[]): CategoryFigures[] {
  const categories = [...new Set(rows.map((r) => r.category))];
  return categories.map((category) => {
    const mine = rows.filter((r) => r.category === category);
    const sorted = mine.map((r) => r.deltaE).sort((p, q) => p - q);
    const mid = sorted.length >> 1;
    return {
      category,
      n: mine.length,
      medianDeltaE: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
      maxDeltaE: sorted.at(-1) ?? 0,
      wordAccuracy: mine.filter((r) => r.word === r.expectedWord).length / mine.length,
    };
  });
}
