import { readAndDecode, type DecodeLimits } from '../../extraction/index.ts';
import type { Rect, RgbImage } from '../../extraction/types.ts';
import { encodePng } from '../views/png-encoder.ts';

/**
 * The normalised crop the export links to: the region cut from the upright, sRGB-converted photo
 * (decoded by extraction/, so orientation and colour profiles are handled once), encoded as PNG here.
 * Crops are capped at CROP_MAX_SIDE on the photo's longest side so a 64 MP original cannot cost a
 * full-size decode per request.
 */
const CROP_MAX_SIDE = 4096;

export async function renderRegionCrop(bytes: Buffer, region: Rect, limits: Partial<DecodeLimits>): Promise<Buffer> {
  const { decoded } = await readAndDecode(bytes, { maxSide: CROP_MAX_SIDE, limits });
  const s = decoded.scale;
  const x = clamp(Math.floor(region.x * s), 0, decoded.image.width - 1);
  const y = clamp(Math.floor(region.y * s), 0, decoded.image.height - 1);
  const width = clamp(Math.ceil(region.width * s), 1, decoded.image.width - x);
  const height = clamp(Math.ceil(region.height * s), 1, decoded.image.height - y);
  return encodePng({ ...cropImage(decoded.image, { x, y, width, height }), channels: 3 });
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function cropImage(image: RgbImage, r: Rect): RgbImage {
  const data = new Uint8Array(r.width * r.height * 3);
  for (let row = 0; row < r.height; row++) {
    const from = ((r.y + row) * image.width + r.x) * 3;
    data.set(image.data.subarray(from, from + r.width * 3), row * r.width * 3);
  }
  return { width: r.width, height: r.height, data };
}
