/**
 * Translucency measured through a nail-polish bottle (extraction/translucency.ts) and the word it
 * earns (validators/standards.ts, the nail-polish finish words): the category set's jelly lacquers
 * (test/eval/category-set.ts: a red, a pink and a blue, a clear dyed liquid the backdrop shows
 * through) are called jelly with their colour, and none of its opaque lacquers is; a foundation bottle
 * is never measured for it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePhoto } from '../../extraction/analyze.ts';
import { deltaE2000 } from '../../extraction/color-space.ts';
import type { ExtractionResult } from '../../extraction/types.ts';
import { withFinishWords } from '../../validators/finish-words.ts';
import { categories, colourPartFor, standardsFor, type Category } from '../../validators/standards.ts';
import { renderPhoto, type PhotoTruth } from '../fixtures/index.ts';
import { categorySet, type CategoryEntry } from '../eval/category-set.ts';

/** The bar for a category's colour: within ΔE00 1.5 of the truth (a jelly's: its colour on the bottle's axis). */
const COLOUR_BAR = 1.5;
/** The translucency from which the nail-polish data says jelly (read from the data, not repeated here). */
const JELLY_FROM = standardsFor('nail-polish').finishWords.rules.find((r) => r.word === 'jelly')?.minTranslucency ?? NaN;

async function measured(entry: CategoryEntry): Promise<{ extraction: ExtractionResult; truth: PhotoTruth }> {
  const { bytes, truth } = await renderPhoto(entry.spec);
  const analysis = await analyzePhoto(bytes, { category: entry.category, part: colourPartFor(entry.category, 'front') });
  assert.ok(analysis.extraction, `${entry.name}: nothing extracted`);
  return { extraction: withFinishWords(analysis.extraction, standardsFor(entry.category).finishWords), truth };
}

describe('a jelly nail polish seen through its bottle', () => {
  const jellies = categorySet((e) => e.spec.lacquer === 'jelly');
  const opaque = categorySet((e) => e.category === 'nail-polish' && e.spec.lacquer === undefined);

  it('the set holds at least three jellies and every opaque lacquer word (cream, shimmer, metallic, glitter)', () => {
    assert.ok(Number.isFinite(JELLY_FROM) && JELLY_FROM > 0 && JELLY_FROM < 1, `jelly from ${JELLY_FROM}`);
    assert.ok(jellies.length >= 3);
    assert.deepEqual([...new Set(opaque.map((e) => e.word))].sort(), ['cream', 'glitter', 'metallic', 'shimmer']);
  });

  for (const entry of categorySet((e) => e.spec.lacquer === 'jelly')) {
    it(`${entry.name} (${entry.spec.color}) is called jelly, with its colour on the bottle's axis`, async () => {
      const { extraction, truth } = await measured(entry);
      assert.ok((extraction.translucency ?? 0) >= JELLY_FROM, `translucency ${extraction.translucency}`);
      assert.equal(extraction.finish.word, 'jelly');
      const dE = deltaE2000(extraction.color.lab, truth.color.lab);
      assert.ok(dE <= COLOUR_BAR, `ΔE00 ${dE.toFixed(2)}`);
      // The word's material block is what renderers read for a jelly.
      assert.equal(extraction.material.translucency, standardsFor('nail-polish').finishWords.material.jelly.translucency);
    });
  }

  for (const entry of categorySet((e) => e.category === 'nail-polish' && e.spec.lacquer === undefined)) {
    it(`${entry.name}, an opaque ${entry.word}, is not called jelly`, async () => {
      const { extraction } = await measured(entry);
      assert.ok((extraction.translucency ?? 1) < JELLY_FROM, `translucency ${extraction.translucency}`);
      assert.equal(extraction.finish.word, entry.word);
    });
  }

  it('a foundation bottle is not measured for translucency: only the nail-polish part asks for it', async () => {
    const [bottle] = categorySet((e) => e.name === 'foundation-bottle-0');
    const { extraction } = await measured(bottle);
    assert.equal(extraction.translucency, undefined);
    assert.equal(extraction.finish.word, bottle.word);
    const asking = categories().filter((c: Category) => standardsFor(c).colourPart.mayBeTranslucent);
    assert.deepEqual(asking, ['nail-polish']);
  });
});
