import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getExtractor } from '../../extraction/extractors/registry.ts';
import { measureSurface } from '../../extraction/extractors/surface.ts';
import { renderBullet, stripes } from './extractors/synthetic-bullet.ts';

const robust = getExtractor('robust');
const shades = ['#b22146', '#d8a39a', '#5a1e2c'];

test('a bullet without any highlight is matte, for light, mid and dark shades', () => {
  for (const base of shades) {
    assert.equal(robust.extract(renderBullet({ base }).input).finish.value, 'matte', base);
  }
});

test('a wide, soft, weak sheen is satin; a narrower, stronger stripe is shiny; a near-white sharp stripe is glossy', () => {
  for (const base of shades) {
    for (const finish of ['satin', 'shiny', 'glossy'] as const) {
      const result = robust.extract(renderBullet({ base, stripe: stripes[finish] }).input).finish;
      assert.equal(result.value, finish, `${base} rendered ${finish}`);
      assert.ok(result.confidence > 0.5 && result.confidence <= 1);
    }
  }
});

test('gold glitter on a matte bullet is not mistaken for a highlight', () => {
  const { input } = renderBullet({ glitter: { coverage: 0.2, diameterRel: 0.03, color: '#e8c060' } });
  assert.equal(robust.extract(input).finish.value, 'matte');
});

test('the highlight grows stronger, narrower and sharper from satin to glossy', () => {
  const [satin, shiny, glossy] = (['satin', 'shiny', 'glossy'] as const).map(
    (f) => measureSurface(renderBullet({ stripe: stripes[f] }).input).highlight,
  );
  assert.ok(satin.strength < shiny.strength && shiny.strength < glossy.strength);
  assert.ok(satin.share > shiny.share && shiny.share > glossy.share);
  assert.ok(satin.edgeWidthRel > glossy.edgeWidthRel);
});

test('30 % under-exposure over a white backdrop does not dull the finish: strength is measured against the backdrop’s white', () => {
  for (const base of shades) {
    for (const finish of ['satin', 'shiny', 'glossy'] as const) {
      const result = robust.extract(renderBullet({ base, stripe: stripes[finish], exposure: 0.7 }).input).finish;
      assert.equal(result.value, finish, `${base} rendered ${finish} at 70 % exposure`);
    }
  }
});
