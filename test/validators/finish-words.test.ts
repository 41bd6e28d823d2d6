import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExtractionResult } from '../../extraction/types.ts';
import { withFinishWords } from '../../validators/finish-words.ts';
import { finishWordOf, finishWordsOf, standardsFor } from '../../validators/standards.ts';
import { checkAngle } from '../../validators/rules/angle.ts';

const none = { present: false, coverage: 0, sizeRel: 0, count: 0, color: null };
const measured = (value: ExtractionResult['finish']['value'], particles: Partial<ExtractionResult['particles']> = {}) => ({
  finish: { value, confidence: 0.9 },
  particles: { ...none, ...particles },
});

test('each category names a measured finish in its own words', () => {
  const words = (category: string) => standardsFor(category).finishWords;
  assert.equal(finishWordOf(words('lipstick'), measured('shiny')), 'shiny');
  assert.deepEqual(finishWordsOf('foundation'), ['matte', 'natural', 'dewy']);
  assert.equal(finishWordOf(words('foundation'), measured('satin')), 'natural');
  assert.equal(finishWordOf(words('foundation'), measured('glossy')), 'dewy');
  assert.equal(finishWordOf(words('eyeshadow'), measured('matte', { present: true, coverage: 0.1, sizeRel: 0.01 })), 'shimmer');
  assert.equal(finishWordOf(words('eyeshadow'), measured('matte', { present: true, coverage: 0.4, sizeRel: 0.01 })), 'metallic');
  // The bottle's glass is glossy whatever the lacquer: the word comes from the particles.
  assert.equal(finishWordOf(words('nail-polish'), measured('glossy')), 'cream');
  assert.equal(finishWordOf(words('nail-polish'), measured('glossy', { present: true, coverage: 0.15, sizeRel: 0.05 })), 'glitter');
  assert.equal(finishWordOf(words('nail-polish'), measured('glossy', { present: true, coverage: 0.1, sizeRel: 0.012 })), 'shimmer');
});

test('a nail polish is jelly from the translucency its data names; a particle word comes first; no measure, no jelly', () => {
  const words = standardsFor('nail-polish').finishWords;
  const from = words.rules.find((r) => r.word === 'jelly')?.minTranslucency;
  assert.ok(from !== undefined && from > 0 && from < 1);
  assert.equal(finishWordOf(words, { ...measured('glossy'), translucency: from }), 'jelly');
  assert.equal(finishWordOf(words, { ...measured('glossy'), translucency: from - 0.01 }), 'cream');
  assert.equal(finishWordOf(words, measured('glossy')), 'cream');
  assert.equal(finishWordOf(words, { ...measured('glossy', { present: true, coverage: 0.15, sizeRel: 0.05 }), translucency: 1 }), 'glitter');
  // A lipstick's words name no translucency: a measure of it changes nothing there.
  assert.equal(finishWordOf(standardsFor('lipstick').finishWords, { ...measured('satin'), translucency: 1 }), 'satin');
});

test('the word sets the material block it names, and every pan gets its own word; the measured finish stays', () => {
  const base = {
    finish: { value: 'matte' as const, confidence: 0.9 },
    particles: { ...none, present: true, coverage: 0.4, sizeRel: 0.01 },
    material: { baseColorLinear: [0.2, 0.1, 0.05] as [number, number, number], metallic: 0, roughness: 0.8, clearcoat: 0, clearcoatRoughness: 0 },
    pans: [{ index: 0, finish: { value: 'matte' as const, confidence: 0.9 }, particles: none }],
  } as unknown as ExtractionResult;
  const named = withFinishWords(base, standardsFor('eyeshadow').finishWords);
  assert.equal(named.finish.word, 'metallic');
  assert.equal(named.finish.value, 'matte');
  assert.equal(named.material.metallic, 0.8);
  assert.equal(named.pans?.[0].finish.word, 'matte');
});

test('a compact lying landscape is square to the camera; a lipstick lying down is tilted', () => {
  const angle = { tiltDeg: 88, confidence: 0.8 };
  const compact = checkAngle({ angle, productFound: true, view: 'front', limits: standardsFor('eyeshadow').angle });
  assert.equal(compact.status, 'pass');
  assert.equal(compact.measured, -2);
  const lipstick = checkAngle({ angle, productFound: true, view: 'front', limits: standardsFor('lipstick').angle });
  assert.equal(lipstick.status, 'fail');
});
