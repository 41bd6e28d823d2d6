import sharp from 'sharp';
import { SRGB_TO_LINEAR, linearChannelToSrgb } from '../color-space.ts';
import { readAndDecode } from '../decode.ts';
import type { RgbImage } from '../types.ts';
import { glitterLayer } from './glitter.ts';
import { specularLayer } from './gloss.ts';
import { featheredMask, lipField } from './lip-mask.ts';
import { scaleRegion } from './region-scale.ts';
import { imageIndex, lipLight, shadeUnderLight } from './shade-transfer.ts';
import type { LipRegion, TryOnOptions, TryOnShade } from './types.ts';

/** Longest side of the output by default: enough for a page, and the work stays within a page's budget. */
const DEFAULT_MAX_SIDE = 1024;
/** Default width of the edge's alpha ramp, as a share of the mouth's width (3 px on a 250 px mouth). */
const FEATHER_SHARE_OF_WIDTH = 0.012;
/** The ramp is never narrower than a pixel, or the edge would alias. */
const MIN_FEATHER = 1;
/** Output PNG deflate level: 1 encodes a 1024 px photo in about half the time of level 3 (≈ 40 vs 65 ms). */
const PNG_COMPRESSION = 1;
/**
 * Linear light (0–1, in 65 536 steps) → sRGB byte: the transfer curve per output channel without a
 * Math.pow. Steps of 1.5e-5 in linear light move the byte by under 0.05 even at the steep dark end.
 */
const LINEAR_STEPS = 65535;
const LINEAR_TO_BYTE: Uint8Array = Uint8Array.from({ length: LINEAR_STEPS + 1 }, (_, i) => Math.round(255 * linearChannelToSrgb(i / LINEAR_STEPS)));

const FINISHES: ReadonlyArray<TryOnShade['finish']> = ['matte', 'satin', 'shiny', 'glossy'];

/**
 * The photo with the shade on the lips, as a PNG no longer than `maxSide` on its longest side (same
 * aspect as the photo). Pixels outside the lips are the decoded photo's, untouched.
 */
export async function renderTryOn(photo: Buffer, lips: LipRegion, shade: TryOnShade, options: TryOnOptions = {}): Promise<Buffer> {
  assertShade(shade);
  const maxSide = options.maxSide ?? DEFAULT_MAX_SIDE;
  if (!Number.isInteger(maxSide) || maxSide < 1) throw invalid(`Expected a positive integer for maxSide but received ${String(maxSide)}`, 'INVALID_OPTIONS');
  const { decoded } = await readAndDecode(photo, { maxSide });
  const image = decoded.image;
  paintLips(image, scaleRegion(lips, decoded.scale), shade, {
    seed: options.seed ?? 1,
    feather: options.feather === undefined ? undefined : options.feather * decoded.scale,
  });
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .png({ compressionLevel: PNG_COMPRESSION })
    .toBuffer();
}

/** The shade, its highlight and its glitter painted over the lips of `image`, in place. */
function paintLips(image: RgbImage, lips: LipRegion, shade: TryOnShade, options: { seed: number; feather?: number }): void {
  const { width, height, data } = image;
  const feather = options.feather ?? defaultFeather(lips, width);
  const field = lipField(width, height, lips, feather);
  if (!field.box) return;
  const box = field.box;
  const alpha = featheredMask(field, feather);
  const light = lipLight(data, width, box, alpha);
  const specular = specularLayer(field, light.relative, shade);
  const glitter = glitterLayer(field, shade, options.seed);
  const painted = new Float32Array(3);
  for (let k = 0; k < alpha.length; k++) {
    const a = alpha[k];
    if (a <= 0) continue;
    if (glitter?.covered[k]) painted.set(glitter.colour.subarray(k * 3, k * 3 + 3));
    else shadeUnderLight(shade.lab, light.relative[k], painted, 0);
    const gloss = specular ? specular[k] : 0;
    const i = imageIndex(k, box, width) * 3;
    for (let c = 0; c < 3; c++) {
      // Blended in linear light, as light adds.
      const value = SRGB_TO_LINEAR[data[i + c]] * (1 - a) + (painted[c] + gloss) * a;
      data[i + c] = LINEAR_TO_BYTE[Math.round(Math.min(1, Math.max(0, value)) * LINEAR_STEPS)];
    }
  }
}

/** The feather for lips this wide (their outline's extent within the photo). */
function defaultFeather(lips: LipRegion, imageWidth: number): number {
  const xs = lips.outer.map((p) => Math.min(imageWidth, Math.max(0, p[0])));
  return Math.max(MIN_FEATHER, FEATHER_SHARE_OF_WIDTH * (Math.max(...xs) - Math.min(...xs)));
}

function assertShade(shade: TryOnShade): void {
  const lab = shade?.lab;
  if (!lab || ![lab.L, lab.a, lab.b].every(Number.isFinite)) {
    throw invalid(`Expected finite CIELAB numbers for shade.lab but received ${JSON.stringify(lab)}`, 'INVALID_SHADE');
  }
  if (!FINISHES.includes(shade.finish)) {
    throw invalid(`Expected one of ${FINISHES.join(', ')} for shade.finish but received ${JSON.stringify(shade.finish)}`, 'INVALID_SHADE');
  }
}

function invalid(message: string, code: string): Error {
  return Object.assign(new RangeError(message), { code });
}
