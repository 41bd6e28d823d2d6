import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractorNames, getExtractor } from '../../../extraction/extractors/registry.ts';

test('the default extractor is the robust one, with a version', () => {
  const extractor = getExtractor();
  assert.equal(extractor.name, 'robust');
  assert.match(extractor.version, /^\d+\.\d+\.\d+$/);
});

test('both the robust extractor and the average baseline are listed and reachable by name', () => {
  assert.deepEqual(extractorNames().sort(), ['average', 'robust']);
  for (const name of extractorNames()) assert.equal(getExtractor(name).name, name);
});

test('an unknown extractor name is refused with UNKNOWN_EXTRACTOR', () => {
  assert.throws(() => getExtractor('median-of-everything'), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'UNKNOWN_EXTRACTOR');
    assert.match(err.message, /robust/);
    return true;
  });
});
