import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadShadeColors, shadesByFamily } from '../fixtures/index.ts';
import { SHADE_FAMILIES } from '../fixtures/shade-colors.ts';

describe('loadShadeColors', () => {
  it('reads every lipstick shade of the vendored table (287 rows) with a valid hex', () => {
    const shades = loadShadeColors();
    assert.equal(shades.length, 287);
    for (const s of shades) assert.match(s.hex, /^#[0-9a-f]{6}$/);
    assert.ok(shades.some((s) => s.hex === '#b22146'), 'YSL 05 #B22146 is in the table');
  });

  it('falls back to a built-in palette when a table passed in is absent', () => {
    const shades = loadShadeColors(new URL('./no-such-table.csv', import.meta.url));
    assert.ok(shades.length >= SHADE_FAMILIES.length - 2);
    for (const s of shades) assert.match(s.hex, /^#[0-9a-f]{6}$/);
  });
});

describe('shadesByFamily', () => {
  it('picks one distinct real shade per colour family', () => {
    const picked = shadesByFamily();
    assert.equal(picked.length, SHADE_FAMILIES.length);
    assert.equal(new Set(picked.map((s) => s.hex)).size, picked.length);
    assert.deepEqual(picked.map((s) => s.family), SHADE_FAMILIES.map((f) => f.family));
  });
});
