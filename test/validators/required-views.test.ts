import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingViews, requiredViews } from '../../validators/required-views.ts';
import { categories, standardsFor } from '../../validators/standards.ts';

test('every category requires its front photo, and recommends only views it does not require', () => {
  for (const category of categories()) {
    const { required, recommended } = standardsFor(category).viewRules;
    assert.ok(required.includes('front'), category);
    assert.deepEqual(recommended.filter((v) => required.includes(v)), [], category);
  }
});

test('a lipstick needs only its front photo, as the product brief says', () => {
  assert.deepEqual(requiredViews('lipstick'), ['front']);
  assert.deepEqual(missingViews('lipstick', ['front']), []);
  assert.deepEqual(missingViews('lipstick', ['swatch']), ['front']);
});

test('a foundation needs its swatch beside the bottle; a palette and a nail polish their front', () => {
  assert.deepEqual(missingViews('foundation', ['front']), ['swatch']);
  assert.deepEqual(missingViews('foundation', ['swatch', 'front']), []);
  assert.deepEqual(missingViews('eyeshadow', ['front']), []);
  assert.deepEqual(missingViews('nail-polish', ['side']), ['front']);
});

test('a category the portal does not know still needs its front photo', () => {
  assert.deepEqual(missingViews('mascara', []), ['front']);
  assert.deepEqual(missingViews('', ['front']), []);
});
