import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertSameFeatures } from '../../extraction/model-weights.ts';
import { FEATURE_NAMES } from '../../extraction/region-candidates.ts';
import { TRUST_FEATURES } from '../../extraction/colour-trust.ts';
import { REGION_SCORER_WEIGHTS } from '../../extraction/region-scorer-weights.ts';
import { COLOUR_TRUST_WEIGHTS } from '../../extraction/colour-trust-weights.ts';

test('the committed weights were fitted on the features the models compute, one weight each', () => {
  assert.deepEqual([...REGION_SCORER_WEIGHTS.features], [...FEATURE_NAMES]);
  assert.equal(REGION_SCORER_WEIGHTS.weights.length, FEATURE_NAMES.length);
  assert.deepEqual([...COLOUR_TRUST_WEIGHTS.features], [...TRUST_FEATURES]);
  assert.equal(COLOUR_TRUST_WEIGHTS.weights.length, TRUST_FEATURES.length);
});

test('weights written for another feature list are refused, naming both lists', () => {
  assert.doesNotThrow(() => assertSameFeatures('m', ['a', 'b'], ['a', 'b']));
  // A feature added since the fit, and two swapped: either would pair weights with the wrong features.
  assert.throws(() => assertSameFeatures('m', ['a', 'b'], ['a', 'b', 'c']), /fitted on features \[a, b\], not \[a, b, c\]/);
  assert.throws(() => assertSameFeatures('m', ['a', 'b'], ['b', 'a']), /retrain/);
});
