import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { findLips, lipMask, renderTryOn, type LipRegion, type TryOnShade } from '../../extraction/try-on/index.ts';
import { rgbToLab, type Rgb } from '../fixtures/color-math.ts';
import { polygonPixels, renderFace, renderFaceWearing, type RenderedFace, type SkinTone } from '../fixtures/face-scene.ts';
import { defaultSpec, renderPhoto, type Lab } from '../fixtures/index.ts';

// Every colour difference here is computed with the fixtures' own colour maths (color-math.ts) and a
// CIEDE2000 written below from Sharma, Wu & Dalal (2005), not with extraction/'s.

/** CIEDE2000, kL = kC = kH = 1 (Sharma, Wu & Dalal 2005, eqs. 1–22). */
function ciede2000(p: Lab, q: Lab): number {
  const rad = Math.PI / 180;
  const c1 = Math.hypot(p.a, p.b);
  const c2 = Math.hypot(q.a, q.b);
  const cMean7 = ((c1 + c2) / 2) ** 7;
  const g = 0.5 * (1 - Math.sqrt(cMean7 / (cMean7 + 25 ** 7)));
  const a1 = (1 + g) * p.a;
  const a2 = (1 + g) * q.a;
  const C1 = Math.hypot(a1, p.b);
  const C2 = Math.hypot(a2, q.b);
  const hue = (b: number, a: number) => (a === 0 && b === 0 ? 0 : ((Math.atan2(b, a) / rad) + 360) % 360);
  const h1 = hue(p.b, a1);
  const h2 = hue(q.b, a2);
  const dL = q.L - p.L;
  const dC = C2 - C1;
  let dh = C1 * C2 === 0 ? 0 : h2 - h1;
  if (dh > 180) dh -= 360;
  if (dh < -180) dh += 360;
  const dH = 2 * Math.sqrt(C1 * C2) * Math.sin((dh / 2) * rad);
  const L = (p.L + q.L) / 2;
  const C = (C1 + C2) / 2;
  let h = h1 + h2;
  if (C1 * C2 !== 0) h = Math.abs(h1 - h2) <= 180 ? (h1 + h2) / 2 : h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
  const T = 1 - 0.17 * Math.cos((h - 30) * rad) + 0.24 * Math.cos(2 * h * rad) + 0.32 * Math.cos((3 * h + 6) * rad) - 0.2 * Math.cos((4 * h - 63) * rad);
  const dTheta = 30 * Math.exp(-(((h - 275) / 25) ** 2));
  const C7 = C ** 7;
  const RC = 2 * Math.sqrt(C7 / (C7 + 25 ** 7));
  const SL = 1 + (0.015 * (L - 50) ** 2) / Math.sqrt(20 + (L - 50) ** 2);
  const SC = 1 + 0.045 * C;
  const SH = 1 + 0.015 * C * T;
  const RT = -Math.sin(2 * dTheta * rad) * RC;
  return Math.sqrt((dL / SL) ** 2 + (dC / SC) ** 2 + (dH / SH) ** 2 + RT * (dC / SC) * (dH / SH));
}

test('the test CIEDE2000 reproduces pairs of the published test data (Sharma et al. 2005, pairs 1, 7 and 17)', () => {
  assert.equal(ciede2000({ L: 50, a: 2.6772, b: -79.7751 }, { L: 50, a: 0, b: -82.7485 }).toFixed(4), '2.0425');
  assert.equal(ciede2000({ L: 50, a: 0, b: 0 }, { L: 50, a: -1, b: 2 }).toFixed(4), '2.3669');
  assert.equal(ciede2000({ L: 50, a: 2.5, b: 0 }, { L: 73, a: 25, b: -18 }).toFixed(4), '27.1492');
});

/** The eight shades the try-on must hit, from a light nude to a near-black, CIELAB D65. */
const SHADES: Record<string, Lab> = {
  'light nude': { L: 72, a: 14, b: 18 },
  red: { L: 44, a: 62, b: 40 },
  berry: { L: 35, a: 45, b: 5 },
  brown: { L: 38, a: 16, b: 18 },
  pink: { L: 62, a: 45, b: -2 },
  orange: { L: 60, a: 45, b: 52 },
  plum: { L: 28, a: 28, b: -8 },
  dark: { L: 20, a: 12, b: 4 },
};
/** A light, a medium and a deep skin. */
const TONES: SkinTone[] = [2, 5, 9];

const faces = new Map<SkinTone, RenderedFace>();
function face(tone: SkinTone): RenderedFace {
  let f = faces.get(tone);
  if (!f) faces.set(tone, (f = renderFace({ tone })));
  return f;
}

const matteRenders = new Map<string, Uint8Array>();
/** The face of `tone` tried on in a matte shade of the table (rendered once per test file). */
async function matteOn(tone: SkinTone, lab: Lab): Promise<Uint8Array> {
  const key = `${tone} ${lab.L} ${lab.a} ${lab.b}`;
  let out = matteRenders.get(key);
  if (!out) {
    const f = face(tone);
    out = (await pixels(await renderTryOn(f.png, f.lips, { lab, finish: 'matte' }, { feather: FEATHER }))).data;
    matteRenders.set(key, out);
  }
  return out;
}

async function pixels(png: Buffer): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

function labAt(data: Uint8Array, i: number): Lab {
  return rgbToLab([data[i * 3], data[i * 3 + 1], data[i * 3 + 2]] as Rgb);
}

/**
 * The lips' interior: pixel centres inside the known outline and more than `margin` px from it, so
 * the feathered edge (a blend with the skin by design) is not judged as the shade.
 */
function interior(f: { width: number; height: number; lips: LipRegion }, margin: number): number[] {
  const inside = polygonPixels(f.width, f.height, f.lips.outer);
  const poly = f.lips.outer;
  const out: number[] = [];
  for (let i = 0; i < inside.length; i++) {
    if (!inside[i]) continue;
    const x = i % f.width;
    const y = (i - x) / f.width;
    let near = false;
    for (let k = 0; k < poly.length && !near; k++) {
      const [ax, ay] = poly[k];
      const [bx, by] = poly[(k + 1) % poly.length];
      const dx = bx - ax;
      const dy = by - ay;
      const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
      near = Math.hypot(x - ax - t * dx, y - ay - t * dy) <= margin;
    }
    if (!near) out.push(i);
  }
  return out;
}

function meanLab(data: Uint8Array, at: number[]): Lab {
  const sum = { L: 0, a: 0, b: 0 };
  for (const i of at) {
    const lab = labAt(data, i);
    sum.L += lab.L;
    sum.a += lab.a;
    sum.b += lab.b;
  }
  return { L: sum.L / at.length, a: sum.a / at.length, b: sum.b / at.length };
}

function correlation(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    sxy += (x[k] - mx) * (y[k] - my);
    sxx += (x[k] - mx) ** 2;
    syy += (y[k] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Areas of the 4-connected blobs of a mask. */
function blobAreas(mask: Uint8Array, width: number): number[] {
  const seen = new Uint8Array(mask.length);
  const areas: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    let area = 0;
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const i = stack.pop() as number;
      area++;
      const x = i % width;
      for (const j of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width]) {
        if (j >= 0 && j < mask.length && mask[j] && !seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    areas.push(area);
  }
  return areas;
}

function iou(a: Uint8Array, b: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    both += a[i] & b[i];
    either += a[i] | b[i];
  }
  return both / either;
}

/** The default feather is 1.2 % of the mouth width (3 px here); the interior starts beyond it. */
const FEATHER = 3;
const INTERIOR_MARGIN = FEATHER + 1;

test('a matte shade lands on the lips as its own colour: region mean within ΔE00 2 of the target for 8 shades on 3 skin tones', async (t) => {
  const rows: string[] = [];
  for (const [name, lab] of Object.entries(SHADES)) {
    const errors: number[] = [];
    const perPixel: number[] = [];
    for (const tone of TONES) {
      const f = face(tone);
      const out = await matteOn(tone, lab);
      const at = interior(f, INTERIOR_MARGIN);
      const dE = ciede2000(meanLab(out, at), lab);
      errors.push(dE);
      // Reported, not asserted: each pixel keeps the lips' light and creases, so single pixels differ from the mean by design.
      perPixel.push(at.reduce((sum, i) => sum + ciede2000(labAt(out, i), lab), 0) / at.length);
      assert.ok(dE <= 2, `${name} on tone ${tone}: ΔE00 ${dE.toFixed(2)}`);
    }
    rows.push(
      `${name}: ΔE00 of the region's mean: mean ${(errors.reduce((s, v) => s + v, 0) / errors.length).toFixed(2)}, max ${Math.max(...errors).toFixed(2)}` +
        ` (per pixel: mean ${(perPixel.reduce((s, v) => s + v, 0) / perPixel.length).toFixed(2)})`,
    );
  }
  t.diagnostic(rows.join('; '));
});

test("the recoloured lips keep the photo's lightness texture (correlation of L* ≥ 0.8 with the bare lips)", async (t) => {
  let lowest = 1;
  for (const tone of TONES) {
    const f = face(tone);
    const at = interior(f, INTERIOR_MARGIN);
    const before = at.map((i) => labAt(f.rgb, i).L);
    for (const lab of Object.values(SHADES)) {
      const out = await matteOn(tone, lab);
      const r = correlation(before, at.map((i) => labAt(out, i).L));
      lowest = Math.min(lowest, r);
      assert.ok(r >= 0.8, `tone ${tone}, L* ${lab.L}: r = ${r.toFixed(3)}`);
    }
  }
  t.diagnostic(`lowest correlation ${lowest.toFixed(3)}`);
});

test('pixels whose centre lies outside the lip outline are returned unchanged, gloss and glitter included', async () => {
  const f = face(5);
  const shade: TryOnShade = {
    lab: SHADES.red,
    finish: 'glossy',
    reflectance: { specularIntensity: 1, glossiness: 1, roughness: 0.1 },
    particles: { present: true, coverage: 0.3, sizeRel: 0.04, color: '#f0d080' },
  };
  const out = await pixels(await renderTryOn(f.png, f.lips, shade, { feather: 6 }));
  const inside = polygonPixels(f.width, f.height, f.lips.outer);
  let changedOutside = 0;
  let changedInside = 0;
  for (let i = 0; i < inside.length; i++) {
    const same = out.data[i * 3] === f.rgb[i * 3] && out.data[i * 3 + 1] === f.rgb[i * 3 + 1] && out.data[i * 3 + 2] === f.rgb[i * 3 + 2];
    if (!inside[i] && !same) changedOutside++;
    if (inside[i] && !same) changedInside++;
  }
  assert.equal(changedOutside, 0);
  assert.ok(changedInside > 0.95 * inside.reduce((s, v) => s + v, 0));
});

test('the edge is a ramp over the feather width: 0 outside, rising monotonically with depth, 1 beyond it', () => {
  // A 100 × 40 px rectangle: along a row through its middle the depth grows 1 px per pixel from the edge.
  const lips: LipRegion = { outer: [[20.5, 10.5], [120.5, 10.5], [120.5, 50.5], [20.5, 50.5]] };
  const feather = 8;
  const mask = lipMask(140, 60, lips, feather);
  const row = Array.from({ length: 140 }, (_, x) => mask[30 * 140 + x]);
  assert.equal(row[20], 0, 'outside');
  for (let x = 21; x <= 70; x++) assert.ok(row[x] >= row[x - 1], `monotone at x=${x}`);
  assert.ok(row[21] > 0 && row[21] < 0.1, `first pixel inside ${row[21]}`);
  assert.ok(row[25] > 0.3 && row[25] < 0.7, `half way ${row[25]}`);
  assert.equal(row[29], 1, 'beyond the feather');
  // On the lips: down through the lower lip's middle, from the skin to its deepest point.
  const f = face(5);
  const lipsMask = lipMask(f.width, f.height, f.lips, 5);
  const x = Math.round(f.width / 2);
  const bottom = Math.max(...f.lips.outer.map((p) => p[1]));
  const column: number[] = [];
  for (let y = Math.round(bottom) + 5; y > bottom - 20; y--) column.push(lipsMask[y * f.width + x]);
  assert.equal(column[0], 0);
  for (let k = 1; k < column.length; k++) assert.ok(column[k] >= column[k - 1], `monotone at step ${k}`);
  assert.equal(column[column.length - 1], 1);
});

/** Share of the lips' interior at least `rise` L* brighter in `shiny` than in `plain`. */
function brighterShare(shiny: Uint8Array, plain: Uint8Array, at: number[], rise: number): number {
  return at.filter((i) => labAt(shiny, i).L - labAt(plain, i).L >= rise).length / at.length;
}

/** A highlight pixel is at least this much lighter than the same pixel without gloss. */
const HIGHLIGHT_RISE = 8;

test('a glossy shade adds highlights that grow with the specular intensity; a matte one adds none', async (t) => {
  const f = face(5);
  const at = interior(f, INTERIOR_MARGIN);
  const lab = SHADES.berry;
  const matte = (await pixels(await renderTryOn(f.png, f.lips, { lab, finish: 'matte' }))).data;
  // Matte ignores whatever reflectance came with it.
  const matteWithReflectance = (
    await pixels(await renderTryOn(f.png, f.lips, { lab, finish: 'matte', reflectance: { specularIntensity: 0.9, glossiness: 0.9, roughness: 0.1 } }))
  ).data;
  assert.deepEqual(matteWithReflectance, matte);
  assert.ok(at.every((i) => labAt(matte, i).L <= lab.L + 20), 'no matte pixel far above the shade');

  const shares: number[] = [];
  for (const specularIntensity of [0.3, 0.6, 0.9]) {
    const shade: TryOnShade = { lab, finish: 'glossy', reflectance: { specularIntensity, glossiness: 0.85, roughness: 0.15 } };
    const glossy = (await pixels(await renderTryOn(f.png, f.lips, shade))).data;
    shares.push(brighterShare(glossy, matte, at, HIGHLIGHT_RISE));
  }
  t.diagnostic(`highlight share at intensity 0.3 / 0.6 / 0.9: ${shares.map((s) => (100 * s).toFixed(1) + ' %').join(' / ')}`);
  assert.ok(shares[0] > 0.005, `intensity 0.3 shows a highlight (${shares[0]})`);
  assert.ok(shares[1] > shares[0] && shares[2] > shares[1], `grows with intensity: ${shares.join(', ')}`);
  assert.ok(shares[2] < 0.35, 'a highlight, not a white sheet');
});

test('away from its highlights a glossy shade keeps the target colour (ΔE00 ≤ 2)', async () => {
  for (const tone of TONES) {
    const f = face(tone);
    const at = interior(f, INTERIOR_MARGIN);
    for (const lab of [SHADES.red, SHADES.pink, SHADES.plum]) {
      const matte = await matteOn(tone, lab);
      const glossy = (await pixels(await renderTryOn(f.png, f.lips, { lab, finish: 'glossy' }, { feather: FEATHER }))).data;
      // Highlight pixels are those the gloss lightened by more than 1 L*; the rest show the shade.
      const body = at.filter((i) => labAt(glossy, i).L - labAt(matte, i).L <= 1);
      assert.ok(body.length > 0.5 * at.length);
      const dE = ciede2000(meanLab(glossy, body), lab);
      assert.ok(dE <= 2, `tone ${tone}, ${JSON.stringify(lab)}: ΔE00 ${dE.toFixed(2)}`);
    }
  }
});

test('glitter covers the requested share of the lips (±30 % relative), in its colour, the same for the same seed', async (t) => {
  const f = face(5);
  const inside = polygonPixels(f.width, f.height, f.lips.outer);
  const lipArea = inside.reduce((s, v) => s + v, 0);
  const base: TryOnShade = { lab: SHADES.berry, finish: 'matte' };
  const plain = (await pixels(await renderTryOn(f.png, f.lips, base, { seed: 7 }))).data;
  const rows: string[] = [];
  for (const [coverage, sizeRel] of [[0.05, 0.03], [0.15, 0.02], [0.3, 0.015]]) {
    const shade: TryOnShade = { ...base, particles: { present: true, coverage, sizeRel, color: '#e8c860' } };
    const png = await renderTryOn(f.png, f.lips, shade, { seed: 7 });
    const sparkly = (await pixels(png)).data;
    let changed = 0;
    let gold = 0;
    const sparkle = new Uint8Array(inside.length);
    for (let i = 0; i < inside.length; i++) {
      if (!inside[i]) continue;
      const moved = Math.abs(sparkly[i * 3] - plain[i * 3]) + Math.abs(sparkly[i * 3 + 1] - plain[i * 3 + 1]) + Math.abs(sparkly[i * 3 + 2] - plain[i * 3 + 2]);
      if (moved > 30) {
        changed++;
        sparkle[i] = 1;
        // Gold: more green than the berry, and yellow (b* well above the berry's 5).
        if (labAt(sparkly, i).b > 30) gold++;
      }
    }
    const measured = changed / lipArea;
    rows.push(`requested ${coverage} → drawn ${measured.toFixed(3)}`);
    if (coverage === 0.05) {
      // Sparse enough that sparkles seldom touch: each one's area gives its diameter.
      const areas = blobAreas(sparkle, f.width);
      const diameter = areas.map((a) => Math.sqrt((4 * a) / Math.PI)).reduce((s, d) => s + d, 0) / areas.length;
      const expected = sizeRel * f.lipWidth;
      rows.push(`mean sparkle ${diameter.toFixed(1)} px for ${expected.toFixed(1)} px`);
      assert.ok(Math.abs(diameter - expected) / expected <= 0.3, `sparkle diameter ${diameter.toFixed(1)} px, expected ${expected.toFixed(1)}`);
    }
    assert.ok(Math.abs(measured - coverage) / coverage <= 0.3, `coverage ${measured} for ${coverage}`);
    assert.ok(gold / changed > 0.9, `sparkles are gold: ${gold} of ${changed}`);
    assert.deepEqual(await renderTryOn(f.png, f.lips, shade, { seed: 7 }), png);
    assert.notDeepEqual(await renderTryOn(f.png, f.lips, shade, { seed: 8 }), png);
  }
  t.diagnostic(rows.join('; '));
});

test('findLips finds the mouth on faces of seven skin tones (IoU ≥ 0.8 with the known outline, ≤ 64 points)', async (t) => {
  const rows: string[] = [];
  for (const tone of [1, 3, 5, 7, 8, 9, 10] as SkinTone[]) {
    const f = face(tone);
    const found = await findLips(f.png);
    assert.ok(found, `tone ${tone}: no lips found`);
    assert.ok(found.outer.length <= 64 && found.outer.length >= 8, `tone ${tone}: ${found.outer.length} points`);
    assert.equal(found.inner, undefined, 'a closed mouth has no opening');
    const score = iou(polygonPixels(f.width, f.height, found.outer), polygonPixels(f.width, f.height, f.lips.outer));
    rows.push(`tone ${tone}: IoU ${score.toFixed(3)}`);
    assert.ok(score >= 0.8, `tone ${tone}: IoU ${score.toFixed(3)}`);
  }
  t.diagnostic(rows.join('; '));
});

/** Pixels of the lips themselves: inside the outer outline and outside the opening. */
function lipPixels(width: number, height: number, lips: LipRegion): Uint8Array {
  const out = polygonPixels(width, height, lips.outer);
  if (lips.inner && lips.inner.length > 0) {
    const opening = polygonPixels(width, height, lips.inner);
    for (let i = 0; i < out.length; i++) if (opening[i]) out[i] = 0;
  }
  return out;
}

test('an open mouth: the teeth in the opening are left as they are, and findLips gives the opening', async (t) => {
  const rows: string[] = [];
  for (const tone of [3, 6, 9] as SkinTone[]) {
    // An opening 14 % of the half-width tall at its middle (about 18 px on this 640 px face).
    const f = renderFace({ tone, mouthOpen: 0.14 });
    assert.ok(f.lips.inner, 'the fixture gives the opening');
    const out = await pixels(await renderTryOn(f.png, f.lips, { lab: SHADES.red, finish: 'glossy' }));
    const opening = polygonPixels(f.width, f.height, f.lips.inner);
    for (let i = 0; i < opening.length; i++) {
      if (!opening[i]) continue;
      assert.deepEqual([...out.data.subarray(i * 3, i * 3 + 3)], [...f.rgb.subarray(i * 3, i * 3 + 3)], `pixel ${i} in the opening changed`);
    }
    const found = await findLips(f.png);
    assert.ok(found?.inner, `tone ${tone}: no opening found`);
    const score = iou(lipPixels(f.width, f.height, found), lipPixels(f.width, f.height, f.lips));
    rows.push(`tone ${tone}: lips IoU ${score.toFixed(3)}`);
    assert.ok(score >= 0.8, `tone ${tone}: IoU ${score.toFixed(3)}`);
  }
  t.diagnostic(rows.join('; '));
});

test('findLips finds nothing on a plain white image, a lipstick product photo or a swatch on paper', async () => {
  const white = await sharp({ create: { width: 640, height: 560, channels: 3, background: '#ffffff' } }).png().toBuffer();
  assert.equal(await findLips(white), null);
  const bullet = await renderPhoto({ ...defaultSpec(), color: '#b22146', format: 'png' });
  assert.equal(await findLips(bullet.bytes), null);
  const swatch = await renderPhoto({ ...defaultSpec(), kind: 'swatch', color: '#c0304a', width: 1200, height: 900, format: 'png' });
  assert.equal(await findLips(swatch.bytes), null);
});

test('a photo larger than maxSide comes back at maxSide, same aspect, with the outline scaled onto its lips', async () => {
  const big = renderFace({ tone: 6, width: 1400 });
  const out = await pixels(await renderTryOn(big.png, big.lips, { lab: SHADES.red, finish: 'matte' }, { maxSide: 700 }));
  assert.equal(out.width, 700);
  assert.equal(out.height, Math.round((big.height * 700) / big.width));
  const scale = 700 / big.width;
  const lips: LipRegion = { outer: big.lips.outer.map(([x, y]) => [(x + 0.5) * scale - 0.5, (y + 0.5) * scale - 0.5]) };
  const dE = ciede2000(meanLab(out.data, interior({ width: out.width, height: out.height, lips }, INTERIOR_MARGIN)), SHADES.red);
  assert.ok(dE <= 2, `ΔE00 ${dE.toFixed(2)}`);
});

test('the try-on of a matte shade agrees with the same face rendered wearing it (independent model)', async (t) => {
  const rows: string[] = [];
  for (const tone of TONES) {
    const f = face(tone);
    const at = interior(f, INTERIOR_MARGIN);
    for (const name of ['light nude', 'red', 'plum']) {
      const lab = SHADES[name];
      const worn = renderFaceWearing({ tone }, { lab, finish: 'matte' });
      const tried = await matteOn(tone, lab);
      const dE = ciede2000(meanLab(tried, at), meanLab(worn.rgb, at));
      const r = correlation(at.map((i) => labAt(tried, i).L), at.map((i) => labAt(worn.rgb, i).L));
      rows.push(`${tone}/${name}: ΔE00 ${dE.toFixed(2)} r ${r.toFixed(2)}`);
      // The reference fills the lip lines half way and lights by its own model: 3 ΔE00 and r 0.8 leave room for that.
      assert.ok(dE <= 3, `tone ${tone}, ${name}: ΔE00 ${dE.toFixed(2)} to the reference`);
      assert.ok(r >= 0.8, `tone ${tone}, ${name}: r ${r.toFixed(2)}`);
    }
  }
  t.diagnostic(rows.join('; '));
});

test('bad input is refused with a code: a shade without a colour, an outline of two points', async () => {
  const f = face(5);
  await assert.rejects(renderTryOn(f.png, f.lips, { lab: { L: Number.NaN, a: 0, b: 0 }, finish: 'matte' }), { code: 'INVALID_SHADE' });
  await assert.rejects(renderTryOn(f.png, f.lips, { lab: SHADES.red, finish: 'velvet' as TryOnShade['finish'] }), { code: 'INVALID_SHADE' });
  await assert.rejects(renderTryOn(f.png, { outer: [[1, 1], [5, 5]] }, { lab: SHADES.red, finish: 'matte' }), { code: 'INVALID_LIP_REGION' });
  await assert.rejects(renderTryOn(Buffer.from('<svg></svg>'), f.lips, { lab: SHADES.red, finish: 'matte' }), { code: 'UNSUPPORTED_TYPE' });
});
