import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combineViews, REVIEW_BELOW, VIEWS_DISAGREE_DELTA_E } from '../../extraction/index.ts';
import { deltaE2000, hexToLab } from '../../extraction/color-space.ts';
import { extractionWithColor } from '../validators/build-measurements.ts';

function measured(hex: string, confidence: number) {
  const e = extractionWithColor(hex, hexToLab(hex));
  return { ...e, color: { ...e.color, confidence } };
}

test('a swatch on white stands for the shade over an equally confident front view beside its case', () => {
  // #b22146 and #b3234a are ΔE00 ≈ 1 apart: the views agree, the swatch is chosen, nothing goes to review.
  const shade = combineViews([
    { view: 'front', extraction: measured('#b22146', 0.8) },
    { view: 'swatch', extraction: measured('#b3234a', 0.8) },
  ]);
  assert.equal(shade?.index, 1);
  assert.ok((shade?.spreadDeltaE ?? 99) < VIEWS_DISAGREE_DELTA_E);
  assert.equal(shade?.extraction.review, false);
  assert.equal(shade?.extraction.color.confidence, 0.8);
});

test('a far more confident front view beats a doubtful swatch', () => {
  const shade = combineViews([
    { view: 'front', extraction: measured('#b22146', 0.9) },
    { view: 'swatch', extraction: measured('#b3234a', 0.3) },
  ]);
  assert.equal(shade?.index, 0);
});

test('views that disagree by more than ΔE00 5 send the shade to a person with a confidence under the threshold', () => {
  // A red bullet measured as its black case on the front view: ΔE00 far above 5 from the swatch.
  const views = [
    { view: 'front', extraction: measured('#1d1c21', 0.95) },
    { view: 'swatch', extraction: measured('#b22146', 0.9) },
  ];
  const gap = deltaE2000(views[0].extraction.color.lab, views[1].extraction.color.lab);
  assert.ok(gap > VIEWS_DISAGREE_DELTA_E);
  const shade = combineViews(views);
  assert.equal(shade?.extraction.review, true);
  assert.ok((shade?.extraction.color.confidence ?? 1) < REVIEW_BELOW);
  assert.equal(Math.round(shade?.spreadDeltaE ?? 0), Math.round(gap));
});

test('no measured view, no shade measurement', () => {
  assert.equal(combineViews([]), null);
});
