import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getExtractor } from '../../extraction/extractors/registry.ts';
import { SRGB_TO_LINEAR, hexToRgb } from '../../extraction/color-space.ts';
import { renderBullet, stripes } from './extractors/synthetic-bullet.ts';

const robust = getExtractor('robust');
const finishes = ['matte', 'satin', 'shiny', 'glossy'] as const;
const results = Object.fromEntries(
  finishes.map((f) => [f, robust.extract(renderBullet({ stripe: f === 'matte' ? null : stripes[f] }).input)]),
);

test('a matte surface is fully rough, not glossy, and has no clear coat', () => {
  const { reflectance, material } = results.matte;
  assert.equal(reflectance.roughness, 1);
  assert.equal(reflectance.glossiness, 0);
  assert.equal(material.clearcoat, 0);
});

test('from satin to glossy, specular intensity and glossiness rise and roughness falls', () => {
  for (let i = 1; i < finishes.length; i++) {
    const lower = results[finishes[i - 1]].reflectance;
    const higher = results[finishes[i]].reflectance;
    assert.ok(higher.specularIntensity > lower.specularIntensity, finishes[i]);
    assert.ok(higher.glossiness > lower.glossiness, finishes[i]);
    assert.ok(higher.roughness < lower.roughness, finishes[i]);
  }
});

test('a glossy surface gets a strong clear coat, a satin one little or none', () => {
  assert.ok(results.glossy.material.clearcoat >= 0.7);
  assert.ok(results.satin.material.clearcoat <= 0.2);
});

test('the material base colour is the extracted colour in linear RGB, and the body is not metallic', () => {
  const { material } = results.matte;
  const expected = hexToRgb('#b22146').map((v) => SRGB_TO_LINEAR[v]);
  material.baseColorLinear.forEach((c, k) => assert.ok(Math.abs(c - expected[k]) < 0.01, `channel ${k}: ${c}`));
  assert.equal(material.metallic, 0);
});

test('every reflectance and material value lies in 0–1', () => {
  for (const f of finishes) {
    const { reflectance, material } = results[f];
    for (const v of [...Object.values(reflectance), material.metallic, material.roughness, material.clearcoat, material.clearcoatRoughness, ...material.baseColorLinear]) {
      assert.ok(v >= 0 && v <= 1, `${f}: ${v}`);
    }
  }
});
