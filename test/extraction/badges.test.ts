import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePhoto } from '../../extraction/index.ts';
import { findBadges } from '../../extraction/badges.ts';
import { deltaE2000 } from '../../extraction/color-space.ts';
import { colourPartOfSubject, type Category } from '../../validators/standards.ts';
import { defaultSpec, renderPhoto, type PhotoSpec } from '../fixtures/index.ts';

/**
 * A shop's award seal pinned in a corner beside the product (badges.ts) is no part of it. The seals are
 * drawn by the fixture renderer (a disc with a white ring, bars of "words" and a star), more colourful
 * than the shade and, in a thumbnail, larger than the pencil beside it: without the detector the
 * lipstick and the thumbnail are measured on the seal (ΔE00 17 and 23 from the shade). The compact,
 * round and ringed itself, stands in the middle of the frame and is kept.
 */
const SEALED: Array<{ name: string; category: Category; spec: Partial<PhotoSpec> }> = [
  {
    name: 'a berry lipstick beside a red seal',
    category: 'lipstick',
    spec: { color: '#9b325a', finish: 'satin', noise: 1.5, badge: { color: '#c8102e', corner: 'top-right', diameter: 0.3 } },
  },
  {
    name: 'a 100 px thumbnail of a lip liner beside a purple seal larger than the pencil',
    category: 'lip-liner',
    spec: {
      kind: 'pencil', color: '#8a3a40', finish: 'matte', width: 100, height: 100, productSpan: 0.95, offset: { x: -0.15, y: 0 },
      badge: { color: '#8e1f8a', corner: 'bottom-right', diameter: 0.34 },
    },
  },
  {
    name: 'a blush compact beside a blue seal',
    category: 'blush',
    spec: {
      kind: 'compact', color: '#d8747a', finish: 'matte', width: 1200, height: 1200, productSpan: 0.5, caseColor: '#1c1c1e',
      badge: { color: '#1f5fa8', corner: 'top-left', diameter: 0.22 },
    },
  },
];

/** How much of box a lies inside box b. */
function shareInside(a: { x: number; y: number; width: number; height: number }, b: typeof a): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return (w * h) / (a.width * a.height);
}

for (const { name, category, spec } of SEALED) {
  test(`${name}: the shade is measured, the seal is not`, async () => {
    const rendered = await renderPhoto(defaultSpec(spec));
    const { extraction } = await analyzePhoto(rendered.bytes, { category, part: colourPartOfSubject(category) });
    assert.ok(extraction, 'a colour-bearing part is found');
    const error = deltaE2000(extraction.color.lab, rendered.truth.color.lab);
    assert.ok(error <= 2, `ΔE00 ${error.toFixed(2)} from the shade (measured ${extraction.color.hex}, truth ${rendered.truth.color.hex})`);
    assert.ok(shareInside(extraction.region, rendered.truth.productBox) >= 0.9, `the region ${JSON.stringify(extraction.region)} lies on the product`);
  });
}

/** A synthetic grid: every cell white (the backdrop) unless painted. */
function grid(width: number, height: number) {
  const lab = new Float32Array(width * height * 3);
  for (let i = 0; i < width * height; i++) lab[i * 3] = 100;
  const mask = new Uint8Array(width * height);
  const paint = (x: number, y: number, L: number, a: number, b: number) => {
    const i = y * width + x;
    mask[i] = 1;
    lab.set([L, a, b], i * 3);
  };
  return { lab, mask, paint };
}

/** A 100 × 100 grid with a product bar in the middle and a disc of radius 14 centred at (cx, cy); `print` paints white bars across the disc's face. */
function scene(options: { cx: number; cy: number; print: boolean; square?: boolean; bar?: boolean }) {
  const g = grid(100, 100);
  if (options.bar !== false) for (let y = 10; y < 90; y++) for (let x = 42; x < 56; x++) g.paint(x, y, 45, 40, 15);
  for (let y = options.cy - 14; y <= options.cy + 14; y++) {
    for (let x = options.cx - 14; x <= options.cx + 14; x++) {
      const inside = options.square || (x - options.cx) ** 2 + (y - options.cy) ** 2 <= 14.5 ** 2;
      if (!inside) continue;
      const lettering = options.print && Math.abs(y - options.cy) < 6 && (y - options.cy + 6) % 4 < 2 && Math.abs(x - options.cx) < 10;
      // The mask holds the whole seal (holes filled); the lettering is white on it.
      if (lettering) g.paint(x, y, 98, 0, 0);
      else g.paint(x, y, 40, 60, -30);
    }
  }
  return g;
}

test('a round printed disc in a corner beside the product is a badge; its cells and box are reported', () => {
  const g = scene({ cx: 82, cy: 82, print: true });
  const badges = findBadges(g.mask, g.lab, 100, 100);
  assert.equal(badges.length, 1);
  assert.deepEqual(badges[0].box, { x: 68, y: 68, width: 29, height: 29 });
  assert.ok(badges[0].cells.length > 600 && badges[0].cells.length < 29 * 29);
});

test('what is not a badge: an unprinted disc (a swatch dot, a pan), a printed disc in the middle, a square sticker, a lone disc', () => {
  const cases: Array<[string, ReturnType<typeof scene>]> = [
    ['one colour, no print', scene({ cx: 82, cy: 82, print: false })],
    ['in the middle of the frame', scene({ cx: 50, cy: 82, print: true })],
    ['square', scene({ cx: 82, cy: 82, print: true, square: true })],
    ['alone in the frame', scene({ cx: 82, cy: 82, print: true, bar: false })],
  ];
  for (const [what, g] of cases) assert.deepEqual(findBadges(g.mask, g.lab, 100, 100), [], what);
});
