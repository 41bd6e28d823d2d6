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

test('dense fine glitter neither hides a satin sheen nor makes one on a matte bullet', async () => {
  // A fifth of the bullet under particles 1.5 % of its width: nearly every pixel lies beside a
  // particle's edge, which the region's neighbour noise counts, and the particles cut the sheen into
  // specks. Both renders from the fixture generator (a lit cylinder), pink and white glitter.
  const { analyzePhoto } = await import('../../extraction/index.ts');
  const { defaultSpec, renderPhoto } = await import('../fixtures/index.ts');
  for (const [finish, glitterColor] of [['satin', '#d8a0c0'], ['satin', '#f0f0f0'], ['matte', '#f0f0f0']] as const) {
    const spec = defaultSpec({ color: '#ed6160', finish, noise: 2.7, width: 900, height: 1200, glitter: { coverage: 0.19, sizeRel: 0.015, color: glitterColor } });
    const { extraction } = await analyzePhoto((await renderPhoto(spec)).bytes, { category: 'lipstick' });
    assert.equal(extraction?.particles.present, true, `${finish} with ${glitterColor} glitter: particles found`);
    assert.equal(extraction?.finish.value, finish, `${finish} with ${glitterColor} glitter`);
  }
});

test('a satin sheen on a pale shade is found, and a pale matte bullet stays matte, also as a web JPEG', async () => {
  // White light mixed into a pale pink (L* 86) lifts L* by about 3: at the edge of the noise floor.
  const { analyzePhoto } = await import('../../extraction/index.ts');
  const { defaultSpec, renderPhoto } = await import('../fixtures/index.ts');
  const { default: sharp } = await import('sharp');
  for (const color of ['#f2d0d6', '#ffd0dd']) {
    for (const finish of ['satin', 'matte'] as const) {
      const rendered = (await renderPhoto(defaultSpec({ color, finish, width: 900, height: 1200, noise: 1.5 }))).bytes;
      const web = await sharp(rendered).jpeg({ quality: 75, chromaSubsampling: '4:2:0' }).toBuffer();
      for (const [delivery, bytes] of [['rendered', rendered], ['web JPEG', web]] as const) {
        const { extraction } = await analyzePhoto(bytes, { category: 'lipstick' });
        assert.equal(extraction?.finish.value, finish, `${color} ${finish}, ${delivery}`);
      }
    }
  }
});
