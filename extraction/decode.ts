import sharp, { type Metadata } from 'sharp';
import { sniffFormat } from './sniff.ts';
import { ImageError, type FormatInfo, type ImageFormat, type RgbImage } from './types.ts';

/**
 * The only door from untrusted bytes to pixels. Every refusal that can be made from the header
 * (type, size, pixel count, channels) is made before a single pixel is decoded.
 */

export interface DecodeLimits {
  /** Largest accepted file, bytes. */
  maxBytes: number;
  /** Largest accepted width × height × pages. */
  maxPixels: number;
  /** Abort a decode that takes longer than this. */
  timeoutSeconds: number;
}

export const DEFAULT_LIMITS: DecodeLimits = {
  maxBytes: 25 * 1024 * 1024,
  maxPixels: 64_000_000,
  timeoutSeconds: 30,
};

const MAX_CHANNELS = 5;

// Loaders libvips itself marks as unsafe for untrusted input. The sniff already keeps all but
// JPEG/PNG/WebP/TIFF away from sharp; this is the second lock on the same door.
sharp.block({
  operation: [
    'VipsForeignLoadMagick',
    'VipsForeignLoadOpenslide',
    'VipsForeignLoadFits',
    'VipsForeignLoadMatrix',
    'VipsForeignLoadCsv',
    'VipsForeignLoadAnalyze',
    'VipsForeignLoadMat',
    'VipsForeignLoadVips',
    'VipsForeignLoadPdf',
  ],
});

/**
 * The strict lock for a serving process: every libvips loader is blocked except the four formats the
 * standards accept (from memory buffers), so SVG, GIF, HEIF, PDF, JP2, JXL … can never be decoded even
 * if sniffing were fooled. Process-wide and irreversible in practice: call it once at startup of a
 * server or worker process, not in tools that render SVG fixtures.
 */
export function lockImageLoaders(): void {
  sharp.block({ operation: ['VipsForeignLoad'] });
  sharp.unblock({
    operation: ['VipsForeignLoadJpegBuffer', 'VipsForeignLoadPngBuffer', 'VipsForeignLoadWebpBuffer', 'VipsForeignLoadTiffBuffer'],
  });
}

/** Versions of the image libraries in use (sharp and its libvips), for the startup checks. */
export function imageLibraryVersions(): { sharp: string; vips: string } {
  const versions = sharp.versions as Record<string, string | undefined>;
  return { sharp: versions.sharp ?? '0', vips: versions.vips ?? '0' };
}

/** Reads the container header only and refuses what the limits forbid. */
export async function readFormatInfo(bytes: Uint8Array, limits: Partial<DecodeLimits> = {}): Promise<FormatInfo> {
  const resolved = { ...DEFAULT_LIMITS, ...limits };
  return readHeaderInfo(bytes, checkContainer(bytes, resolved), resolved);
}

/** The header's facts of bytes that passed checkContainer, refused when they break the pixel or channel limits. */
async function readHeaderInfo(bytes: Uint8Array, format: ImageFormat, { maxPixels }: DecodeLimits): Promise<FormatInfo> {
  const meta = await readHeader(bytes);
  const pages = Math.max(1, meta.pages ?? 1);
  const pixels = meta.width * meta.height * pages;
  if (pixels > maxPixels) {
    throw new ImageError('TOO_MANY_PIXELS', `The image declares ${pixels} pixels; the limit is ${maxPixels}.`, {
      width: meta.width,
      height: meta.height,
      pages,
      maxPixels,
    });
  }
  if (meta.channels > MAX_CHANNELS) {
    throw new ImageError('TOO_MANY_CHANNELS', `The image has ${meta.channels} channels; the limit is ${MAX_CHANNELS}.`, {
      channels: meta.channels,
    });
  }
  return {
    format,
    bytes: bytes.length,
    width: meta.width,
    height: meta.height,
    pages,
    channels: meta.channels,
    hasAlpha: meta.hasAlpha,
    bitDepth: meta.depth,
    orientation: meta.orientation ?? 1,
    space: meta.space,
    iccDescription: meta.icc ? iccDescription(meta.icc) : null,
  };
}

/** The refusals made from the bytes alone: not an accepted image type, or too large a file. */
function checkContainer(bytes: Uint8Array, { maxBytes }: DecodeLimits): ImageFormat {
  const format = sniffFormat(bytes);
  if (format === null) {
    throw new ImageError('UNSUPPORTED_TYPE', 'The file is not a JPEG, PNG, WebP or TIFF image.', { bytes: bytes.length });
  }
  if (bytes.length > maxBytes) {
    throw new ImageError('FILE_TOO_LARGE', `The file is larger than ${maxBytes} bytes.`, { bytes: bytes.length, maxBytes });
  }
  return format;
}

async function readHeader(bytes: Uint8Array): Promise<Metadata> {
  try {
    const meta = await sharp(bytes, { failOn: 'error', limitInputPixels: false, pages: 1 }).metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions in header');
    return meta;
  } catch (err) {
    throw corrupt(err);
  }
}

/** Upright dimensions: orientations 5–8 swap width and height. */
export function uprightSize(info: FormatInfo): { width: number; height: number } {
  return info.orientation >= 5 ? { width: info.height, height: info.width } : { width: info.width, height: info.height };
}

/**
 * Longest side of the analysis image, pixels; a smaller photo is never enlarged. Every per-pixel pass
 * costs in proportion to the analysis area, and 1000 px keep a bullet several hundred pixels tall and a
 * glitter particle several pixels wide. A JPEG gets there cheaply by shrinking on load (1/2, 1/4, 1/8)
 * and libvips resamples what remains during the same decode, so a 2 MP photo costs no more to analyse
 * than a 24 MP one.
 */
export const ANALYSIS_SIDE = 1000;

export interface DecodedForAnalysis {
  image: RgbImage;
  /** Analysis pixels per upright original pixel (≤ 1). */
  scale: number;
  uprightWidth: number;
  uprightHeight: number;
}

/**
 * One decode: upright, ICC → sRGB (Display P3, Adobe RGB and CMYK included), alpha flattened onto
 * white, 8-bit RGB, shrunk on load to the analysis size.
 */
export async function decodeForAnalysis(
  bytes: Uint8Array,
  info: FormatInfo,
  options: { maxSide?: number; limits?: Partial<DecodeLimits> } = {},
): Promise<DecodedForAnalysis> {
  return asDecoded(await decodePixels(bytes, info.hasAlpha, options), info);
}

/**
 * The header's facts, then the analysis decode. The header's refusals come first, before a pixel is
 * decoded, and the header says whether there is an alpha channel to flatten: flattening an opaque
 * image changes no pixel but costs the decode a pass (about 5 ms of a 12 MP camera JPEG's 60 ms,
 * where reading the header costs under 1 ms).
 */
export async function readAndDecode(
  bytes: Uint8Array,
  options: { maxSide?: number; limits?: Partial<DecodeLimits> } = {},
): Promise<{ info: FormatInfo; decoded: DecodedForAnalysis }> {
  const info = await readFormatInfo(bytes, options.limits);
  return { info, decoded: await decodeForAnalysis(bytes, info, options) };
}

/**
 * 8-bit RGB pixels, upright and no larger than the analysis size; an image with alpha (`hasAlpha`, from
 * its header) is flattened onto white. The decode enforces the pixel limit itself as well.
 */
async function decodePixels(bytes: Uint8Array, hasAlpha: boolean, options: { maxSide?: number; limits?: Partial<DecodeLimits> }): Promise<RgbImage> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  // 'inside' without enlargement: the longest side becomes min(its length, side).
  const side = options.maxSide ?? ANALYSIS_SIDE;
  try {
    let pipeline = sharp(bytes, {
      failOn: 'error',
      limitInputPixels: limits.maxPixels,
      pages: 1,
      sequentialRead: true,
      autoOrient: true,
    })
      .timeout({ seconds: limits.timeoutSeconds })
      .resize({ width: side, height: side, fit: 'inside', fastShrinkOnLoad: true, withoutEnlargement: true });
    // Transparent product cut-outs are judged as if shot on white.
    if (hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
    const { data, info: out } = await pipeline.toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (out.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${out.channels}`);
    return { width: out.width, height: out.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (err) {
    throw corrupt(err);
  }
}

function asDecoded(image: RgbImage, info: FormatInfo): DecodedForAnalysis {
  const upright = uprightSize(info);
  return { image, scale: image.width / upright.width, uprightWidth: upright.width, uprightHeight: upright.height };
}

function corrupt(err: unknown): ImageError {
  if (err instanceof ImageError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new ImageError('CORRUPT_IMAGE', 'The image could not be read; it may be truncated or damaged.', { reason });
}

/**
 * The profile's own name from its 'desc' tag (ICC v2 'desc' or v4 'mluc'); null when the
 * profile is malformed. Read by hand because it is a few bytes and sharp does not expose it.
 */
export function iccDescription(icc: Uint8Array): string | null {
  try {
    const view = new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
    const count = view.getUint32(128);
    for (let i = 0; i < count && 132 + i * 12 + 12 <= icc.length; i++) {
      const entry = 132 + i * 12;
      if (ascii(icc, entry, 4) !== 'desc') continue;
      return readDescTag(view, icc, view.getUint32(entry + 4));
    }
    return null;
  } catch {
    return null;
  }
}

function readDescTag(view: DataView, icc: Uint8Array, offset: number): string | null {
  const type = ascii(icc, offset, 4);
  if (type === 'desc') {
    const length = view.getUint32(offset + 8);
    return ascii(icc, offset + 12, Math.max(0, length - 1)).trim() || null;
  }
  if (type === 'mluc' && view.getUint32(offset + 8) > 0) {
    const length = view.getUint32(offset + 20);
    const start = offset + view.getUint32(offset + 24);
    let text = '';
    for (let i = 0; i + 1 < length; i += 2) text += String.fromCharCode(view.getUint16(start + i));
    return text.replace(/\0+$/, '').trim() || null;
  }
  return null;
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (offset + length > bytes.length) throw new RangeError('tag outside the profile');
  let s = '';
  for (let i = 0; i < length; i++) {
    const c = bytes[offset + i];
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}
