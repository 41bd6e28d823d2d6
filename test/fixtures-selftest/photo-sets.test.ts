import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import sharp from 'sharp';
import { RULE_IDS } from '../../validators/types.ts';
import { cleanSet, loadShadeColors, renderPhoto, renderViolation, violationSet, type PhotoSpec, type PhotoTruth, type PixelRect } from '../fixtures/index.ts';
import { deltaE76, hexToLab, rgbToLab } from '../fixtures/color-math.ts';

/** The naming convention of the standards: {brand}_{line}_{shade}_{view}.{ext}. */
const CONVENTION = /^[a-z0-9-]+_[a-z0-9-]+_[a-z0-9-]+_(front|swatch|open|side)\.(jpg|jpeg|png|webp|tif|tiff)$/;
const EXTENSION_OF: Record<string, string[]> = { jpeg: ['jpg', 'jpeg'], png: ['png'], webp: ['webp'], tiff: ['tif', 'tiff'] };

interface Upright {
  data: Buffer;
  width: number;
  height: number;
}

/** Upright, sRGB, transparent areas shown on white (as a viewer, and the standards, see them). */
async function upright(bytes: Buffer): Promise<Upright> {
  const { data, info } = await sharp(bytes).rotate().flatten({ background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Backdrops hold few distinct colours, so CIELAB is computed once per colour. */
const labCache = new Map<number, ReturnType<typeof rgbToLab>>();
function labOf(r: number, g: number, b: number): ReturnType<typeof rgbToLab> {
  const key = (r << 16) | (g << 8) | b;
  let lab = labCache.get(key);
  if (!lab) labCache.set(key, (lab = rgbToLab([r, g, b])));
  return lab;
}

/**
 * Share of the outer band (3 % of the shorter side) that is near-white by the standards'
 * definition: CIELAB L* ≥ 95 and chroma ≤ 4. Also its mean L*, a*, b*.
 */
function borderBand(image: Upright): { nearWhite: number; L: number; a: number; b: number } {
  const band = Math.max(4, Math.round(0.03 * Math.min(image.width, image.height)));
  let n = 0, white = 0, L = 0, a = 0, b = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (x >= band && x < image.width - band && y >= band && y < image.height - band) continue;
      const i = (y * image.width + x) * 3;
      const lab = labOf(image.data[i], image.data[i + 1], image.data[i + 2]);
      n++;
      L += lab.L; a += lab.a; b += lab.b;
      if (lab.L >= 95 && Math.hypot(lab.a, lab.b) <= 4) white++;
    }
  }
  return { nearWhite: white / n, L: L / n, a: a / n, b: b / n };
}

/**
 * Shares of the region's pixels with a channel at its ceiling (≥ 254), split by lightness: `white`
 * when the pixel is white (L* ≥ 98, blown out), `colourCut` when it is not (its colour cut off).
 */
function clippedShares(image: Upright, region: PixelRect): { white: number; colourCut: number } {
  let n = 0, white = 0, colourCut = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      const i = (y * image.width + x) * 3;
      const p: [number, number, number] = [image.data[i], image.data[i + 1], image.data[i + 2]];
      n++;
      if (Math.max(...p) < 254) continue;
      if (labOf(...p).L >= 98) white++;
      else colourCut++;
    }
  }
  return { white: white / n, colourCut: colourCut / n };
}

function touchesEdge(box: PixelRect, spec: PhotoSpec): boolean {
  return box.x <= 0 || box.y <= 0 || box.x + box.width >= spec.width || box.y + box.height >= spec.height;
}

function inside(inner: PixelRect, outer: PixelRect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

describe('cleanSet', () => {
  const set = cleanSet();
  const specs = set.map((e) => e.spec);

  it('has at least 40 uniquely named photos', () => {
    assert.ok(set.length >= 40);
    assert.equal(new Set(set.map((e) => e.name)).size, set.length);
  });

  it('covers every finish and format, with and without glitter, lipstick and swatch', () => {
    for (const finish of ['matte', 'satin', 'shiny', 'glossy']) assert.ok(specs.some((s) => s.finish === finish), finish);
    for (const format of ['jpeg', 'png', 'webp', 'tiff']) assert.ok(specs.some((s) => s.format === format), format);
    assert.ok(specs.some((s) => s.glitter) && specs.some((s) => !s.glitter));
    assert.ok(specs.some((s) => s.kind === 'swatch') && specs.some((s) => s.kind === 'lipstick'));
  });

  it('includes the awkward-but-valid cases: P3, EXIF 6, transparent PNG, same-coloured case, off-white, landscape', () => {
    assert.ok(specs.some((s) => s.profile === 'p3'));
    assert.ok(specs.some((s) => s.exifOrientation === 6));
    assert.ok(specs.some((s) => s.alpha && s.format === 'png'));
    assert.ok(specs.some((s) => s.kind === 'lipstick' && s.caseColor === s.color));
    assert.ok(specs.some((s) => s.background !== '#ffffff' && hexToLab(s.background).L > 96.5));
    assert.ok(specs.some((s) => s.width > s.height) && specs.some((s) => s.height > s.width));
    for (const caseColor of ['#141416', '#c9a44c', '#c3c6cc']) assert.ok(specs.some((s) => s.caseColor === caseColor), caseColor);
  });

  it('stays inside the standards: tilt ≤ 2°, vignette ≤ 0.03, sharp, span ≥ 0.85, 1200–2000 px', () => {
    for (const s of specs) {
      assert.ok(Math.abs(s.tiltDeg) <= 2 && s.vignette <= 0.03 && s.blurSigma === 0 && s.productSpan >= 0.85);
      const longest = Math.max(s.width, s.height);
      assert.ok(longest >= 1200 && longest <= 2000);
    }
  });

  it('takes its colours from the shade table, spread from light to dark', { skip: !shadeTablePresent() }, () => {
    const known = new Set(loadShadeColors().map((c) => c.hex));
    for (const s of specs) assert.ok(known.has(s.color), s.color);
    const lightness = specs.map((s) => hexToLab(s.color).L);
    assert.ok(Math.min(...lightness) < 35 && Math.max(...lightness) > 65, `L* from ${Math.min(...lightness)} to ${Math.max(...lightness)}`);
  });

  describe('rendered', () => {
    const rendered: Array<{ name: string; spec: PhotoSpec; truth: PhotoTruth; fileName: string; format?: string; image: Upright }> = [];
    before(async () => {
      // Two at a time: sharp's work then overlaps the JavaScript of the other render.
      for (let i = 0; i < set.length; i += 2) {
        const pair = await Promise.all(
          set.slice(i, i + 2).map(async ({ name, spec }) => {
            const photo = await renderPhoto(spec);
            const meta = await sharp(photo.bytes).metadata();
            return { name, spec, truth: photo.truth, fileName: photo.fileName, format: meta.format, image: await upright(photo.bytes) };
          }),
        );
        rendered.push(...pair);
      }
    });

    it('decodes in the declared format at the declared upright size, under a conventional file name', () => {
      for (const r of rendered) {
        assert.equal(r.format, r.spec.format, r.name);
        assert.deepEqual([r.image.width, r.image.height], [r.spec.width, r.spec.height], r.name);
        assert.match(r.fileName, CONVENTION, r.name);
        assert.ok(EXTENSION_OF[r.spec.format].includes(r.fileName.split('.').pop()!), r.name);
      }
    });

    it('shows a near-white, neutral backdrop all around (≥ 95 % of the border band, |a*|, |b*| < 2)', () => {
      for (const r of rendered) {
        const band = borderBand(r.image);
        assert.ok(band.nearWhite >= 0.95, `${r.name}: ${band.nearWhite}`);
        assert.ok(Math.abs(band.a) < 2 && Math.abs(band.b) < 2, `${r.name}: a* ${band.a} b* ${band.b}`);
      }
    });

    it('frames the whole product at ≥ 85 % of the height, uncut, with the colour part inside it', () => {
      for (const r of rendered) {
        const { productBox, region } = r.truth;
        assert.ok(productBox.height / r.spec.height >= 0.85, r.name);
        assert.ok(!touchesEdge(productBox, r.spec), r.name);
        assert.ok(inside(region, productBox), r.name);
      }
    });
  });
});

describe('violationSet', () => {
  const set = violationSet();

  it('has at least two violations of every rule, uniquely named', () => {
    for (const rule of RULE_IDS) assert.ok(set.filter((v) => v.rule === rule).length >= 2, rule);
    assert.equal(new Set(set.map((v) => v.name)).size, set.length);
  });

  it('breaks each rule clearly and keeps every other rule as clean as physics allows', async () => {
    for (const entry of set) {
      const upload = await renderViolation(entry);
      const { spec } = entry;
      const clean = (rule: string) => entry.rule !== rule;
      if (entry.rule === 'format') {
        const meta = await sharp(upload.bytes).metadata().catch(() => null);
        const mismatched = meta === null || !(EXTENSION_OF[meta.format ?? ''] ?? []).includes(upload.fileName.split('.').pop()!);
        assert.ok(mismatched, entry.name);
        assert.match(upload.fileName, CONVENTION, entry.name);
        continue;
      }
      assert.ok(upload.truth, entry.name);
      const truth = upload.truth;
      const image = await upright(upload.bytes);
      const band = borderBand(image);
      const longest = Math.max(spec.width, spec.height);
      // Each rule's failure, by the default limits of the standards.
      if (entry.rule === 'resolution') assert.ok(longest < 1000, entry.name);
      if (entry.rule === 'background') assert.ok(band.nearWhite < 0.5, `${entry.name}: ${band.nearWhite}`);
      if (entry.name === 'exposure-under-grey-backdrop') assert.ok(band.L < 85, `${entry.name}: L* ${band.L}`);
      if (entry.name === 'exposure-over-blown-product') assert.ok(clippedShares(image, truth.region).white > 0.5, entry.name);
      if (entry.name === 'exposure-over-colour-cut') {
        // The colour is cut on more of the bullet than the 60 % that fails; the white highlight stays
        // under the quarter that would fail the product as blown out.
        const { white, colourCut } = clippedShares(image, truth.region);
        assert.ok(colourCut > 0.6 && white < 0.25, `${entry.name}: colour cut on ${colourCut}, white on ${white}`);
      }
      if (entry.rule === 'color_cast') assert.ok(Math.hypot(band.a, band.b) > 10, `${entry.name}: a* ${band.a} b* ${band.b}`);
      if (entry.rule === 'angle') assert.ok(Math.abs(truth.tiltDeg) > 10, `${entry.name}: ${truth.tiltDeg}`);
      if (entry.rule === 'sharpness') assert.ok(spec.blurSigma >= 8, entry.name);
      if (entry.rule === 'framing') assert.ok(truth.productBox.height / spec.height < 0.5 || touchesEdge(truth.productBox, spec), entry.name);
      if (entry.rule === 'swatch') assert.ok(entry.swatchHex && deltaE76(hexToLab(entry.swatchHex), truth.color.lab) > 50, entry.name);
      if (entry.rule === 'naming') assert.doesNotMatch(upload.fileName, CONVENTION, entry.name);
      // …and the other rules pass.
      if (clean('resolution')) assert.ok(longest >= 1600, `${entry.name}: ${longest} px`);
      if (clean('background') && clean('exposure') && clean('color_cast')) assert.ok(band.nearWhite >= 0.95, `${entry.name}: ${band.nearWhite}`);
      if (clean('angle')) assert.ok(Math.abs(spec.tiltDeg) <= 3, `${entry.name}: tilt ${spec.tiltDeg}`);
      if (clean('sharpness')) assert.equal(spec.blurSigma, 0, `${entry.name}: blur`);
      if (clean('framing')) {
        assert.ok(truth.productBox.height / spec.height >= 0.85, `${entry.name}: spans ${truth.productBox.height / spec.height}`);
        assert.ok(!touchesEdge(truth.productBox, spec), `${entry.name}: cut`);
      }
      if (entry.name === 'framing-cut-bottom') assert.ok(truth.productBox.y + truth.productBox.height === spec.height, entry.name);
      if (clean('naming')) assert.match(upload.fileName, CONVENTION, entry.name);
      if (clean('swatch')) assert.equal(entry.swatchHex, undefined, entry.name);
    }
  });
});

function shadeTablePresent(): boolean {
  return existsSync(fileURLToPath(new URL('../../../shared/data/shades/lipstick-shades.csv', import.meta.url)));
}
