import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePhoto } from '../../extraction/analyze.ts';
import { deltaE2000 } from '../../extraction/color-space.ts';
import type { ColourPartSpec } from '../../extraction/types.ts';
import { defaultSpec, renderPhoto, type PhotoSpec } from '../fixtures/index.ts';
import { iou } from './photo-cache.ts';

const PALETTE_PART: ColourPartSpec = { zone: 'anywhere', upEnd: 'any', lipHues: false, palette: true };
const SIX = ['#c8956c', '#8a4f3a', '#e8c4b0', '#4a3b5c', '#b76e79', '#2f2a28'];

function palette(overrides: Partial<PhotoSpec> = {}): PhotoSpec {
  return defaultSpec({ kind: 'compact', color: SIX[0], pans: SIX, finish: 'matte', width: 1200, height: 900, productSpan: 0.7, ...overrides });
}

test('a palette of six pans is six results in reading order, each pan its own colour and place', async () => {
  const rendered = await renderPhoto(palette());
  const { extraction } = await analyzePhoto(rendered.bytes, { category: 'eyeshadow', part: PALETTE_PART });
  const truth = rendered.truth.pans!;
  assert.equal(extraction?.pans?.length, truth.length);
  extraction.pans.forEach((pan, k) => {
    assert.equal(pan.index, k);
    // The pan's region holds its rim: the surface inside it is most of it.
    assert.ok(iou(pan.region, truth[k].region) >= 0.6, `pan ${k}: ${JSON.stringify(pan.region)} vs ${JSON.stringify(truth[k].region)}`);
    const dE = deltaE2000(pan.color.lab, truth[k].color.lab);
    assert.ok(dE <= 2, `pan ${k}: ${pan.color.hex} for ${truth[k].color.hex} (ΔE00 ${dE.toFixed(2)})`);
  });
});

test('three pans in a row and four in two rows keep the reading order', async () => {
  // One row of three is nearly three times as wide as it is tall.
  for (const [pans, frame] of [[SIX.slice(0, 3), { width: 1400, height: 700, productSpan: 0.45 }], [SIX.slice(2, 6), { width: 1000, height: 800 }]] as const) {
    const rendered = await renderPhoto(palette({ pans: [...pans], color: pans[0], ...frame }));
    const { extraction } = await analyzePhoto(rendered.bytes, { category: 'eyeshadow', part: PALETTE_PART });
    assert.deepEqual(
      extraction?.pans?.map((p) => deltaE2000(p.color.lab, rendered.truth.pans![p.index].color.lab) <= 2),
      pans.map(() => true),
      JSON.stringify(extraction?.pans?.map((p) => p.color.hex)),
    );
  }
});

test('a white palette on white: its case reads as backdrop and falls apart into its pans, and every pan is still found in reading order', async () => {
  // The case's lit middle is as white as the backdrop, so the product is six rimmed pans (and a sliver
  // of the case's shaded edge). Before the fallen-apart pans were taken back, no pan was reported.
  for (const caseColor of ['#f2f2f0', '#ffffff']) {
    const rendered = await renderPhoto(palette({ caseColor }));
    const { extraction } = await analyzePhoto(rendered.bytes, { category: 'eyeshadow', part: PALETTE_PART });
    const truth = rendered.truth.pans!;
    assert.equal(extraction?.pans?.length, truth.length, `${caseColor}: ${extraction?.pans?.length ?? 0} pans`);
    extraction.pans.forEach((pan, k) => {
      const dE = deltaE2000(pan.color.lab, truth[k].color.lab);
      assert.ok(dE <= 2, `${caseColor} pan ${k}: ${pan.color.hex} for ${truth[k].color.hex} (ΔE00 ${dE.toFixed(2)})`);
      assert.ok(iou(pan.region, truth[k].region) >= 0.6, `${caseColor} pan ${k}: ${JSON.stringify(pan.region)} vs ${JSON.stringify(truth[k].region)}`);
    });
  }
});

test("a palette's one colour is its first pan's, whatever the case", async () => {
  // The colour part found among the compact's colours was a gold case (ΔE00 > 30 to every pan) or,
  // in a black case, whichever pan the scorer preferred (the second).
  for (const caseColor of ['#1c1c1c', '#c9a86a', '#f2f2f0']) {
    const rendered = await renderPhoto(palette({ caseColor }));
    const { extraction } = await analyzePhoto(rendered.bytes, { category: 'eyeshadow', part: PALETTE_PART });
    const first = rendered.truth.pans![0];
    const dE = deltaE2000(extraction!.color.lab, first.color.lab);
    assert.ok(dE <= 2, `${caseColor}: ${extraction!.color.hex} for the first pan's ${first.color.hex} (ΔE00 ${dE.toFixed(2)})`);
    assert.equal(extraction!.finish.value, extraction!.pans![0].finish.value, caseColor);
    // The colour is measured on the pan's inner part (INNER_SHARE 0.6 each way, 0.36 of the pan's
    // surface), so its region's IoU with the whole pan is about 0.36; another pan's region would be 0.
    assert.ok(iou(extraction!.region, first.region) >= 0.3, `${caseColor}: ${JSON.stringify(extraction!.region)} vs ${JSON.stringify(first.region)}`);
  }
});

test('a single pan is no palette, and a category whose data says no palette never reports pans', async () => {
  const single = await renderPhoto(defaultSpec({ kind: 'compact', color: '#d9737a', finish: 'matte', width: 900, height: 900, productSpan: 0.7 }));
  const one = await analyzePhoto(single.bytes, { category: 'blush', part: { ...PALETTE_PART, lipHues: true } });
  assert.equal(one.extraction?.pans, undefined);
  assert.ok(deltaE2000(one.extraction!.color.lab, single.truth.color.lab) <= 1.5, one.extraction!.color.hex);
  const six = await renderPhoto(palette());
  const notPalette = await analyzePhoto(six.bytes, { category: 'foundation', part: { ...PALETTE_PART, palette: false } });
  assert.equal(notPalette.extraction?.pans, undefined);
});

test('a single pan is found inside its case, however colourful the case: a gold compact, a silver one round a dark pan', async () => {
  // Without the pan's place the case wins: a gold case is as colourful as a brown or mauve pan and
  // larger (ΔE00 16–55 to the pan before the lone pan was looked for), and a silver case and rim
  // round a near-black pan left the case measured (ΔE00 53.5).
  const cases: [string, string][] = [
    ['#c9a86a', '#8a4f3a'],
    ['#c9a86a', '#4a3b5c'],
    ['#c9a86a', '#d9737a'],
    ['#c9a86a', '#e8c4b0'],
    ['#b8b8bc', '#2f2a28'],
  ];
  for (const [caseColor, color] of cases) {
    const rendered = await renderPhoto(defaultSpec({ kind: 'compact', color, caseColor, finish: 'matte', width: 1200, height: 900, productSpan: 0.7 }));
    const { extraction } = await analyzePhoto(rendered.bytes, { category: 'blush', part: { ...PALETTE_PART, lipHues: true } });
    const dE = deltaE2000(extraction!.color.lab, rendered.truth.color.lab);
    assert.ok(dE <= 1.5, `${color} in ${caseColor}: ${extraction!.color.hex} (ΔE00 ${dE.toFixed(2)})`);
    // The measured region is the pan's colour, which stops at the pan's rim.
    assert.ok(iou(extraction!.region, rendered.truth.region) >= 0.8, `${color} in ${caseColor}: ${JSON.stringify(extraction!.region)}`);
  }
});

test("a single pan in a case of its own hue, lighter, is measured on the pan alone: the case's shaded wall is left out", async () => {
  // The case's wall, turned from the light, falls to the pan's colour and joins its cluster; before the
  // part was kept to the pan's box the wall was measured with the pan (IoU 0.45, ΔE00 2.8 and 4.5).
  const cases: [string, string][] = [
    ['#d88a98', '#b3767e'],
    ['#d07070', '#a05050'],
  ];
  for (const [caseColor, color] of cases) {
    const rendered = await renderPhoto(defaultSpec({ kind: 'compact', color, caseColor, finish: 'matte', width: 800, height: 800 }));
    const { extraction } = await analyzePhoto(rendered.bytes, { category: 'blush', part: { ...PALETTE_PART, lipHues: true } });
    const dE = deltaE2000(extraction!.color.lab, rendered.truth.color.lab);
    assert.ok(dE <= 1, `${color} in ${caseColor}: ${extraction!.color.hex} (ΔE00 ${dE.toFixed(2)})`);
    // The region is the pan with its rim, not the case (measured 0.81).
    assert.ok(iou(extraction!.region, rendered.truth.region) >= 0.75, `${color} in ${caseColor}: ${JSON.stringify(extraction!.region)}`);
  }
});

test('a single satin pan reads satin and a matte one matte: plain, vignetted, under-exposed', async () => {
  // A flat pan's broad satin sheen lifts a mid or pale shade by 1–2 L* over its body, below the fixed
  // 3 L* floor a bullet needs (its curvature shades its lit face as much); on a pan the rise counts from
  // the light it adds. Before, 8 of these 12 satin pans read matte. A vignette of 0.3 darkens the frame's
  // corners by 30 % and must not make a matte pan satin.
  const lights = { plain: {}, vignette: { vignette: 0.3 }, under: { exposure: 0.8 } };
  const wrong: string[] = [];
  for (const [light, spec] of Object.entries(lights)) {
    for (const color of ['#c8956c', '#e8c4b0', '#d9737a', '#6d7a4f']) {
      for (const finish of ['matte', 'satin'] as const) {
        const rendered = await renderPhoto(defaultSpec({ kind: 'compact', color, finish, width: 1200, height: 900, productSpan: 0.7, ...spec }));
        const { extraction } = await analyzePhoto(rendered.bytes, { category: 'eyeshadow', part: PALETTE_PART });
        if (extraction?.finish.value !== finish) wrong.push(`${light} ${finish} ${color}: ${extraction?.finish.value}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test(
  'a satin palette reads satin on the pans its sheen reaches',
  {
    // One camera hangs over the compact's centre, so the overhead strip's sheen falls on the row of pans
    // nearest its mirror image (the top row: a ramp of 1–3 L* rising towards the case's top edge) and
    // barely on the bottom row (under 0.5 L*): there the photo does not show the finish, and no pan of
    // that row is asserted. Tried: splitting each pan's ramp (block means of linear channels) into its
    // own colour scaled (falloff) and white added (sheen). On the earlier renders (a camera over each
    // pan) matte pans read ≤ 0.003 of white across a pan and satin 0.007–0.04, but a real shop palette's
    // matte pans read 0.008–0.010; on these renders matte pans under a vignette read up to 0.015 (JPEG
    // noise on a dark shade) and the top row's satin pans 0.012–0.026. Tried: measuring a pan's rise from
    // its darkest blocks (10th percentile of 8 × 8 block means) instead of its densest colour: the top
    // row reads satin, but a real pressed blush's shaded rim and falloff then read shiny. Neither shipped.
    todo: 'a top-row pan whose sheen ramps 1–3 L* across it reads matte: measured from its densest colour, the ramp rises about half that',
  },
  async () => {
    const pans = SIX.slice(0, 4);
    const rendered = await renderPhoto(palette({ finish: 'satin', pans, color: pans[0], productSpan: 0.6 }));
    const { extraction } = await analyzePhoto(rendered.bytes, { category: 'eyeshadow', part: PALETTE_PART });
    assert.equal(extraction?.finish.value, 'satin');
    // The top row: the pans whose truth boxes start highest, each matched by its index as above.
    const truthPans = rendered.truth.pans ?? [];
    const top = Math.min(...truthPans.map((p) => p.region.y));
    const topRow = (extraction?.pans ?? []).filter((pan) => truthPans[pan.index]?.region.y === top);
    assert.equal(topRow.length, pans.length / 2, 'four pans lie in two rows of two');
    for (const pan of topRow) assert.equal(pan.finish.value, 'satin', `pan ${pan.index}`);
  },
);
