import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { defaultSpec, renderPhoto, renderScene, type PhotoSpec, type PixelRect, type RawImage } from '../fixtures/index.ts';
import { parseHex, srgbToLinear } from '../fixtures/color-math.ts';

/** Modest size: every property checked here is scale-free. */
const SMALL = { width: 600, height: 800 };
const GOLD_GLITTER = { coverage: 0.15, sizeRel: 0.04, color: '#f0c850' };

async function uprightPixels(bytes: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(bytes).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

function pixelAt(image: RawImage, x: number, y: number): number[] {
  const i = (Math.round(y) * image.width + Math.round(x)) * image.channels;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}

function centreOf(rect: PixelRect): [number, number] {
  return [rect.x + rect.width / 2, rect.y + rect.height / 2];
}

function maxChannelDifference(a: number[], b: number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i])));
}

/** Bounding box of the pixels for which `keep(r, g, b)` holds. */
function boxOf(image: RawImage, keep: (r: number, g: number, b: number) => boolean): PixelRect {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * image.channels;
      if (!keep(image.data[i], image.data[i + 1], image.data[i + 2])) continue;
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  }
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** Each edge within `tolerance` px: anti-aliased corners are partly covered, so a pixel or two may fall short. */
function assertBoxesClose(measured: PixelRect, truth: PixelRect, tolerance: number): void {
  const edges = (r: PixelRect) => ({ left: r.x, top: r.y, right: r.x + r.width, bottom: r.y + r.height });
  const m = edges(measured);
  const t = edges(truth);
  for (const key of ['left', 'top', 'right', 'bottom'] as const) {
    assert.ok(Math.abs(m[key] - t[key]) <= tolerance, `${key}: measured ${m[key]}, truth ${t[key]}`);
  }
}

describe('renderPhoto', () => {
  it('renders the same bytes for the same spec, noise and glitter included', async () => {
    const spec = defaultSpec({ ...SMALL, glitter: GOLD_GLITTER, noise: 2, tiltDeg: 1.5, vignette: 0.02, format: 'png' });
    const [a, b] = await Promise.all([renderPhoto(spec), renderPhoto(structuredClone(spec))]);
    assert.ok(a.bytes.equals(b.bytes));
    assert.deepEqual(a.truth, b.truth);
  });

  it('renders the same bytes whatever the order of the spec keys', async () => {
    const spec = defaultSpec({ ...SMALL, noise: 2, format: 'png' });
    const reversed = Object.fromEntries(Object.entries(spec).reverse()) as PhotoSpec;
    const [a, b] = await Promise.all([renderPhoto(spec), renderPhoto(reversed)]);
    assert.ok(a.bytes.equals(b.bytes));
  });

  it('renders different noise for a different spec', async () => {
    const a = await renderPhoto(defaultSpec({ ...SMALL, noise: 2, format: 'png' }));
    const b = await renderPhoto(defaultSpec({ ...SMALL, noise: 2, format: 'png', vignette: 0.001 }));
    assert.ok(!a.bytes.equals(b.bytes));
  });

  it('keeps the base colour at the centre of a matte bullet, within 2/255 after JPEG', async () => {
    // The bullet's central 60 % is drawn in exactly the base colour; only JPEG rounding remains.
    const { bytes, truth } = await renderPhoto(defaultSpec({ finish: 'matte', color: '#b22146', format: 'jpeg' }));
    const image = await uprightPixels(bytes);
    const [cx, cy] = centreOf(truth.region);
    assert.ok(maxChannelDifference(pixelAt(image, cx, cy), parseHex('#b22146')) <= 2);
    assert.equal(truth.color.hex, '#b22146');
  });

  it('reports the base colour in CIELAB D65 (#ffffff is L* 100, a* b* 0)', async () => {
    const { truth } = await renderPhoto(defaultSpec({ ...SMALL, color: '#FFFFFF', finish: 'matte' }));
    assert.equal(truth.color.hex, '#ffffff');
    assert.ok(Math.abs(truth.color.lab.L - 100) < 0.01 && Math.abs(truth.color.lab.a) < 0.01 && Math.abs(truth.color.lab.b) < 0.01);
  });

  it('places the truth region on the rendered bullet, tilt included', async () => {
    // Cylinder shading scales linear light, so the bullet keeps the base red's linear chromaticity,
    // which no backdrop, black case or gold collar pixel shares.
    const lin = (v: number) => srgbToLinear(v / 255);
    const [r0, g0, b0] = parseHex('#b22146').map(lin);
    const isBullet = (r: number, g: number, b: number) =>
      r > 40 && Math.abs(lin(g) / lin(r) - g0 / r0) < 0.03 && Math.abs(lin(b) / lin(r) - b0 / r0) < 0.03;
    for (const tiltDeg of [0, 7, -12]) {
      const spec = defaultSpec({ ...SMALL, finish: 'matte', tiltDeg, format: 'png' });
      const { image, truth } = await renderScene(spec);
      assertBoxesClose(boxOf(image, isBullet), truth.region, 3);
    }
  });

  it('places the product box on everything that is not backdrop', async () => {
    const spec = defaultSpec({ ...SMALL, tiltDeg: 5, caseColor: '#c3c6cc', format: 'png' });
    const { image, truth } = await renderScene(spec);
    assertBoxesClose(boxOf(image, (r, g, b) => Math.min(r, g, b) < 245), truth.productBox, 3);
  });

  it('clips the product box at the frame when the product is cut by the bottom edge', async () => {
    const { truth } = await renderPhoto(defaultSpec({ ...SMALL, offset: { x: 0, y: 0.25 } }));
    assert.equal(truth.productBox.y + truth.productBox.height, SMALL.height);
  });

  it('embeds a Display P3 profile and stores P3 values, which decode back to the base colour', async () => {
    const { bytes, truth } = await renderPhoto(defaultSpec({ ...SMALL, finish: 'matte', profile: 'p3', format: 'png' }));
    const meta = await sharp(bytes).metadata();
    assert.ok(meta.icc, 'an ICC profile is embedded');
    // The profile's description ('sP3C', libvips' compact Display P3) is stored as UTF-16BE.
    assert.ok(meta.icc.includes(Buffer.from([0, 0x50, 0, 0x33])), 'the profile describes itself as P3');
    const [cx, cy] = centreOf(truth.region);
    const stored = await sharp(bytes).keepIccProfile().raw().toBuffer({ resolveWithObject: true });
    const storedPixel = pixelAt({ data: stored.data, width: stored.info.width, height: stored.info.height, channels: 3 }, cx, cy);
    // In P3 the saturated red #b22146 is stored with a clearly lower red value.
    assert.ok(parseHex('#b22146')[0] - storedPixel[0] >= 8, `stored ${storedPixel}`);
    assert.ok(maxChannelDifference(pixelAt(await uprightPixels(bytes), cx, cy), parseHex('#b22146')) <= 2);
  });

  it('stores an orientation-6 JPEG turned, with the tag that makes it upright again', async () => {
    const { bytes, truth } = await renderPhoto(defaultSpec({ ...SMALL, finish: 'matte', exifOrientation: 6 }));
    const meta = await sharp(bytes).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.orientation, 6);
    assert.deepEqual([meta.width, meta.height], [SMALL.height, SMALL.width]);
    const upright = await uprightPixels(bytes);
    assert.deepEqual([upright.width, upright.height], [SMALL.width, SMALL.height]);
    // Truth stays in upright coordinates: the bullet centre is found there after auto-orientation.
    const [cx, cy] = centreOf(truth.region);
    assert.ok(maxChannelDifference(pixelAt(upright, cx, cy), parseHex('#b22146')) <= 2);
  });

  it('covers the requested share of the bullet with glitter on the raw render', async () => {
    // Sparse, medium and dense (placed randomly) and very dense (placed on a jittered lattice).
    const glitters = [0.05, 0.15, 0.3, 0.4].map((coverage, i) => ({ coverage, sizeRel: [0.025, 0.04, 0.05, 0.035][i], color: '#f0c850' }));
    for (const glitter of glitters) {
      const spec = defaultSpec({ ...SMALL, finish: 'matte', glitter, format: 'png' });
      const { image, truth } = await renderScene(spec);
      const measured = measureGlitter(image, truth.region, parseHex(glitter.color));
      assert.ok(Math.abs(measured.share - glitter.coverage) <= 0.1 * glitter.coverage, `coverage ${measured.share} vs ${glitter.coverage}`);
      assert.ok(Math.abs(truth.particles.coverage - glitter.coverage) <= 0.1 * glitter.coverage);
      // Separate discs with a 1 px gap: every particle is one blob, of the truth's mean size.
      assert.ok(Math.abs(measured.count - truth.particles.count) <= 0.03 * truth.particles.count, `count ${measured.count} vs ${truth.particles.count}`);
      const measuredSizeRel = measured.meanDiameter / truth.region.width;
      assert.ok(Math.abs(measuredSizeRel - truth.particles.sizeRel) <= 0.1 * truth.particles.sizeRel, `sizeRel ${measuredSizeRel} vs ${truth.particles.sizeRel}`);
      assert.equal(truth.particles.present, true);
      assert.equal(truth.particles.color, glitter.color);
    }
  });

  it('darkens a grey card by the exposure in linear light', async () => {
    // #bcbcbc (188) is 0.5029 linear; ×0.5 = 0.2515 linear, which encodes to 137.3 in sRGB.
    const { bytes } = await renderPhoto(defaultSpec({ ...SMALL, background: '#bcbcbc', exposure: 0.5, format: 'png' }));
    const corner = pixelAt(await uprightPixels(bytes), 5, 5);
    assert.deepEqual(corner, [137, 137, 137]);
  });

  it('lights the backdrop alone with backdropGain: a grey card brightens, the bullet keeps its colour', async () => {
    // #bcbcbc is 0.5029 linear; ×1.5 = 0.7544 linear, which encodes to 225.5 in sRGB.
    const { bytes, truth } = await renderPhoto(defaultSpec({ ...SMALL, background: '#bcbcbc', backdropGain: 1.5, finish: 'matte', format: 'png' }));
    const image = await uprightPixels(bytes);
    const corner = pixelAt(image, 5, 5);
    assert.ok(corner.every((v) => Math.abs(v - 225.5) <= 1), `corner ${corner}`);
    const [cx, cy] = centreOf(truth.region);
    assert.ok(maxChannelDifference(pixelAt(image, cx, cy), parseHex(truth.color.hex)) <= 1);
  });

  it('names the file by the convention, with the extension of the format', async () => {
    const { fileName } = await renderPhoto(defaultSpec({ ...SMALL, format: 'tiff', kind: 'swatch' }));
    assert.match(fileName, /^[a-z0-9-]+_[a-z0-9-]+_[a-z0-9-]+_swatch\.tif$/);
  });

  it('refuses a spec whose colour is not a hex value, with a code', async () => {
    await assert.rejects(renderPhoto(defaultSpec({ color: 'unicorn red' })), { code: 'FIXTURE_BAD_SPEC' });
  });
});

/**
 * Glitter on the raw render: a pixel counts as glitter when it is nearer the glitter colour than
 * half-way from the bullet colour (anti-aliased rims then count by half on average). The bullet
 * is the region's non-backdrop pixels; the last two rows are left out because they may hold the
 * top edge of the gold collar. Particles are 4-connected blobs; diameter from each blob's area.
 */
function measureGlitter(image: RawImage, region: PixelRect, glitter: number[]): { share: number; count: number; meanDiameter: number } {
  const base = parseHex('#b22146');
  const half = Math.hypot(glitter[0] - base[0], glitter[1] - base[1], glitter[2] - base[2]) / 2;
  const w = region.width;
  const h = region.height - 2;
  const mask = new Uint8Array(w * h);
  let bullet = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = pixelAt(image, region.x + x, region.y + y);
      if (Math.min(...p) > 250) continue;
      bullet++;
      if (Math.hypot(p[0] - glitter[0], p[1] - glitter[1], p[2] - glitter[2]) < half) mask[y * w + x] = 1;
    }
  }
  const areas = blobAreas(mask, w, h);
  const sparkle = areas.reduce((s, a) => s + a, 0);
  const meanDiameter = areas.reduce((s, a) => s + 2 * Math.sqrt(a / Math.PI), 0) / areas.length;
  return { share: sparkle / bullet, count: areas.length, meanDiameter };
}

function blobAreas(mask: Uint8Array, w: number, h: number): number[] {
  const areas: number[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== 1) continue;
    mask[start] = 2;
    stack.push(start);
    let area = 0;
    while (stack.length) {
      const i = stack.pop()!;
      area++;
      const x = i % w;
      const y = (i - x) / w;
      for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]]) {
        if (nx < 0 || ny < 0 || nx >= w || ny >= h || mask[ny * w + nx] !== 1) continue;
        mask[ny * w + nx] = 2;
        stack.push(ny * w + nx);
      }
    }
    areas.push(area);
  }
  return areas;
}
