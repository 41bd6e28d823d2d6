import zlib from 'node:zlib';
import { decodeForAnalysis, readFormatInfo, type DecodeLimits } from '../../extraction/index.ts';
import type { Rect, RgbImage } from '../../extraction/types.ts';

/**
 * The normalised crop the export links to: the region cut from the upright, sRGB-converted photo
 * (decoded by extraction/, so orientation and colour profiles are handled once), encoded as PNG here.
 * Crops are capped at CROP_MAX_SIDE on the photo's longest side so a 64 MP original cannot cost a
 * full-size decode per request.
 */
const CROP_MAX_SIDE = 4096;

export async function renderRegionCrop(bytes: Buffer, region: Rect, limits: Partial<DecodeLimits>): Promise<Buffer> {
  const info = await readFormatInfo(bytes, limits);
  const decoded = await decodeForAnalysis(bytes, info, { maxSide: CROP_MAX_SIDE, limits });
  const s = decoded.scale;
  const x = clamp(Math.floor(region.x * s), 0, decoded.image.width - 1);
  const y = clamp(Math.floor(region.y * s), 0, decoded.image.height - 1);
  const width = clamp(Math.ceil(region.width * s), 1, decoded.image.width - x);
  const height = clamp(Math.ceil(region.height * s), 1, decoded.image.height - y);
  return encodePng(cropImage(decoded.image, { x, y, width, height }));
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

/** A minimal PNG writer: 8-bit RGB, filter 0 on every scanline, one zlib stream. */
export function encodePng(image: RgbImage): Buffer {
  const stride = image.width * 3;
  const raw = Buffer.alloc((stride + 1) * image.height);
  for (let y = 0; y < image.height; y++) {
    raw[y * (stride + 1)] = 0;
    raw.set(image.data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}
