import sharp from 'sharp';
// The faces are drawn with the fixtures' own colour maths; ΔE00 is only the yardstick.
import { deltaE2000 } from '../../../extraction/color-space.ts';
import type { Lab } from '../../../extraction/types.ts';
import { labToRgb, rgbToLab } from '../../fixtures/color-math.ts';

/**
 * Faces drawn by code for the study tests: a skin-coloured field (gently shaded) with lips of a known
 * CIELAB colour inside a known outline, so every colour a test measures on a rendered try-on has a reason.
 */
export const FACE = { width: 480, height: 360 };
const CENTRE = { x: 240, y: 230 };
const RADII = { x: 92, y: 38 };
export const SKIN: Lab = { L: 68, a: 13, b: 19 };
export const BARE_LIPS: Lab = { L: 52, a: 24, b: 12 };

/** The lip outline: 32 points on an ellipse (upright pixels, origin top-left). */
export const LIP_OUTLINE: Array<[number, number]> = Array.from({ length: 32 }, (_, i) => {
  const t = (2 * Math.PI * i) / 32;
  return [Math.round(CENTRE.x + RADII.x * Math.cos(t)), Math.round(CENTRE.y + RADII.y * Math.sin(t))];
});

const insideLips = (x: number, y: number, shrink = 1) => ((x - CENTRE.x) / (RADII.x * shrink)) ** 2 + ((y - CENTRE.y) / (RADII.y * shrink)) ** 2 <= 1;

/** A face JPEG whose lips are `lips` (their lightness shaded ±4 from top to bottom, as real lips are). */
export async function faceJpeg(lips: Lab, skin: Lab = SKIN): Promise<Buffer> {
  const { width, height } = FACE;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const onLips = insideLips(x, y);
      const shade = onLips ? 4 * ((y - CENTRE.y) / RADII.y) * -1 : 3 * Math.sin(x / 60);
      const base = onLips ? lips : skin;
      const [r, g, b] = labToRgb({ L: base.L + shade, a: base.a, b: base.b });
      data.set([r, g, b], (y * width + x) * 3);
    }
  return sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
}

/** The mean CIELAB of the inner part of the lips (70 % of the outline, clear of the feathered edge) in a picture of the face. */
export async function lipColourOf(picture: Buffer): Promise<Lab> {
  const { data, info } = await sharp(picture).removeAlpha().resize(FACE.width, FACE.height, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  let L = 0;
  let a = 0;
  let b = 0;
  let n = 0;
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++) {
      if (!insideLips(x, y, 0.7)) continue;
      const i = (y * info.width + x) * 3;
      const lab = rgbToLab([data[i], data[i + 1], data[i + 2]]);
      L += lab.L;
      a += lab.a;
      b += lab.b;
      n++;
    }
  return { L: L / n, a: a / n, b: b / n };
}

/** Lips less saturated than their body by more than this (1 − min/max of linear RGB) carry a highlight. */
const HIGHLIGHT_DESATURATION = 0.03;
/**
 * Where in the try-on's saturation distribution its body is read: the least highlighted tenth of the
 * lips. A broad highlight covers most of the lips, and what a person compares is the part it spares.
 */
const BODY_QUANTILE = 0.9;

interface LipPixel {
  saturation: number;
  lab: Lab;
}

/** Pixels already read, per picture: a rater compares one reference with each of its candidates. */
const read = new WeakMap<Buffer, Promise<LipPixel[]>>();

/** The inner lips' pixels (70 % of the outline, clear of the feathered edge) of a picture of the face, in a fixed order. */
function lipPixels(picture: Buffer): Promise<LipPixel[]> {
  if (!read.has(picture)) read.set(picture, readLipPixels(picture));
  return read.get(picture)!;
}

async function readLipPixels(picture: Buffer): Promise<LipPixel[]> {
  const { data, info } = await sharp(picture).removeAlpha().resize(FACE.width, FACE.height, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  const pixels: LipPixel[] = [];
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++) {
      if (!insideLips(x, y, 0.7)) continue;
      const i = (y * info.width + x) * 3;
      const linear = [data[i], data[i + 1], data[i + 2]].map(srgbByteToLinear);
      const max = Math.max(...linear);
      pixels.push({ saturation: max > 0 ? 1 - Math.min(...linear) / max : 0, lab: rgbToLab([data[i], data[i + 1], data[i + 2]]) });
    }
  return pixels;
}

/**
 * The lips' colour in a try-on and in the reference as a person compares them: the body colour where
 * the try-on shows no highlight, on the same part of the lips in both pictures. A highlight adds white
 * light, so it lowers a pixel's saturation (1 − min/max of its linear RGB), while the lips' own shading
 * scales all three channels alike and leaves it unchanged. The body's saturation is read high in the
 * try-on's distribution (highlights only pull it down); its pixels more than a little below it are left
 * out, and each picture's remaining pixels are summarised by the median of L*, a* and b* (robust to the
 * creases and JPEG noise left). The same pixels in both pictures, because the lips' light varies across
 * them (darker below): comparing the try-on's lit-free part with the whole reference would read that
 * shading as a colour difference.
 */
export async function perceivedLipColours(tryOn: Buffer, reference: Buffer): Promise<{ tryOn: Lab; reference: Lab; share: number }> {
  const [candidate, ref] = await Promise.all([lipPixels(tryOn), lipPixels(reference)]);
  const body = quantile(candidate.map((p) => p.saturation), BODY_QUANTILE);
  const kept = candidate.flatMap((p, k) => (p.saturation >= body - HIGHLIGHT_DESATURATION ? [k] : []));
  const median = (pixels: LipPixel[]) => ({
    L: quantile(kept.map((k) => pixels[k].lab.L), 0.5),
    a: quantile(kept.map((k) => pixels[k].lab.a), 0.5),
    b: quantile(kept.map((k) => pixels[k].lab.b), 0.5),
  });
  return { tryOn: median(candidate), reference: median(ref), share: kept.length / candidate.length };
}

const srgbByteToLinear = (v: number) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** The q-quantile (0–1) of the values, linear between order statistics. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * (sorted[Math.min(sorted.length - 1, lo + 1)] - sorted[lo]);
}

/** Lab moved by a ΔE00 of about `target` along a* (found by bisection), for colours at a known distance. */
export function labAtDistance(from: Lab, target: number): Lab {
  let lo = 0;
  let hi = 60;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (deltaE2000(from, { ...from, a: from.a - mid, b: from.b + mid / 2 }) < target) lo = mid;
    else hi = mid;
  }
  return { ...from, a: from.a - lo, b: from.b + lo / 2 };
}
