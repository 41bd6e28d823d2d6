/**
 * The verdict page of a palette, over HTTP: one result per pan, in reading order, with the pan's
 * colour and the category's finish word, in the page's language.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deltaE2000, hexToLab } from '../../../extraction/color-space.ts';
import { defaultSpec, renderPhoto, type RenderedPhoto } from '../../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../../support/browserless-client.ts';
import { createBrandUser, startTestPortal, type TestPortal } from '../../support/test-portal.ts';

const PANS = ['#c8956c', '#8a4f3a', '#e8c4b0', '#4a3b5c', '#b76e79', '#2f2a28'];

let portal: TestPortal;
let client: Client;
let palette: RenderedPhoto;

before(async () => {
  portal = await startTestPortal({ ANALYSIS_THREADS: 1 });
  const brand = await createBrandUser(portal, 'Lumiere');
  client = await login(portal, brand.email, brand.password);
  palette = await renderPhoto(defaultSpec({ kind: 'compact', color: PANS[1], pans: PANS, finish: 'matte', width: 1600, height: 1200, productSpan: 0.7 }));
});

after(async () => {
  await portal?.cleanup();
});

test('an accepted eyeshadow palette shows one result per pan, each the colour rendered there, with its finish word', async () => {
  const res = await submitShade(client, defaultFields({ productLine: 'Nudes', shadeCode: 'es-01', shadeName: 'Warm Nudes', category: 'eyeshadow', swatchHex: PANS[1] }), [
    { view: 'front', bytes: palette.bytes, fileName: 'lumiere_nudes_es-01_front.jpg' },
  ]);
  assert.equal(res.status, 303, res.text);
  const page = await client.get(res.headers.location).set('Accept-Language', 'en');
  const hexes = [...page.text.matchAll(/<li class="pan" data-hex="(#[0-9a-f]{6})">/g)].map((m) => m[1]);
  assert.equal(hexes.length, PANS.length, page.text.slice(0, 400));
  hexes.forEach((hex, k) => {
    const dE = deltaE2000(hexToLab(hex), palette.truth.pans![k].color.lab);
    assert.ok(dE <= 3, `pan ${k + 1}: ${hex} for ${PANS[k]} (ΔE00 ${dE.toFixed(2)})`);
  });
  assert.match(page.text, /Palette: 6 pans, each measured on its own/);
  assert.match(page.text, /Pan 6<\/span>/);
  const ja = await client.get(res.headers.location).set('Cookie', `${client.cookie}; lang=ja`);
  assert.match(ja.text, /6色目/);
});
