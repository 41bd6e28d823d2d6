import { test } from 'node:test';
import assert from 'node:assert/strict';
import { whiteBalanceFrom } from '../../../extraction/extractors/white-reference.ts';

test('a pure white backdrop leaves the colours as they are', () => {
  assert.deepEqual(whiteBalanceFrom([255, 255, 255]), { gains: [1, 1, 1], status: 'neutral' });
});

test('an off-white paper within the near-white band (#f7f7f7) is not treated as under-exposure', () => {
  assert.deepEqual(whiteBalanceFrom([247, 247, 247]).gains, [1, 1, 1]);
});

test('a warm cast on the backdrop yields gains that make it neutral', () => {
  const { gains, status } = whiteBalanceFrom([255, 243, 225]);
  assert.equal(status, 'corrected');
  assert.ok(gains[0] < gains[1] && gains[1] < gains[2], `gains ${gains}`);
});

test('a dark grey backdrop (under-exposure) is lifted, never beyond the paper level', () => {
  const { gains } = whiteBalanceFrom([218, 218, 218]);
  // 218 is 70 % of white in linear light; lifting it to L* 97 paper needs a gain of about 0.925 / 0.70.
  assert.ok(Math.abs(gains[0] - 0.925 / 0.7) < 0.03, `gain ${gains[0]}`);
});

test('a pink or dark backdrop is not used as a white reference', () => {
  assert.equal(whiteBalanceFrom([250, 190, 210]).status, 'rejected');
  assert.equal(whiteBalanceFrom([60, 60, 60]).status, 'rejected');
  assert.equal(whiteBalanceFrom(null).status, 'absent');
});
