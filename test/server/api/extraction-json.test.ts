import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REVIEW_BELOW } from '../../../extraction/index.ts';
import { extractionJson } from '../../../server/api/extraction-json.ts';
import { COORDINATE_CONVENTION, type ExtractionResult } from '../../../extraction/types.ts';

const internal = {
  extractor: { name: 'robust', version: '1.0.0' },
  region: { x: 1, y: 2, width: 3, height: 4, convention: COORDINATE_CONVENTION },
  color: { hex: '#B22246', lab: { L: 39.7, a: 57.6, b: 16.4 }, confidence: 0.9 },
  finish: { value: 'satin', confidence: 0.6 },
  particles: { present: true, coverage: 0.1, sizeRel: 0.02, count: 40, color: '#F0E0C0' },
  reflectance: { specularIntensity: 0.1, glossiness: 0.2, roughness: 0.5 },
  material: { baseColorLinear: [0.4, 0.01, 0.06], metallic: 0, roughness: 0.5, clearcoat: 0, clearcoatRoughness: 0 },
  debugScores: { notDocumented: true },
} as unknown as ExtractionResult;

describe('the published extraction', () => {
  it('writes colours as lowercase #rrggbb and carries only the documented fields', () => {
    const out = extractionJson(internal) as unknown as Record<string, any>;
    assert.equal(out.color.hex, '#b22246');
    assert.equal(out.particles.color, '#f0e0c0');
    assert.equal('debugScores' in out, false);
    assert.deepEqual(Object.keys(out), ['extractor', 'region', 'color', 'review', 'finish', 'particles', 'reflectance', 'material']);
    assert.deepEqual(out.region, internal.region);
  });

  it('publishes the measured translucency where it was measured (a nail lacquer), and nothing where it was not', () => {
    const lacquer = { ...internal, translucency: 0.97, material: { ...internal.material, translucency: 0.6 } } as ExtractionResult;
    const out = extractionJson(lacquer);
    assert.equal(out.translucency, 0.97);
    assert.equal(out.material.translucency, 0.6, 'the renderer setting the word gives stays beside it');
    assert.equal('translucency' in extractionJson(internal), false);
  });

  it('says whether the measurement goes to a person, also for a result stored before the field existed', () => {
    // `internal` has no `review`: it is judged by today's threshold, and 0.9 is above it.
    assert.ok(REVIEW_BELOW < 0.9);
    assert.equal(extractionJson(internal).review, false);
    const doubtful = { ...internal, color: { ...internal.color, confidence: REVIEW_BELOW - 0.1 } } as ExtractionResult;
    assert.equal(extractionJson(doubtful).review, true);
    // A stored decision is published as it was made.
    assert.equal(extractionJson({ ...internal, review: true } as ExtractionResult).review, true);
  });
});
