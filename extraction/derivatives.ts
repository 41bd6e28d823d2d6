import sharp from 'sharp';
import { readFormatInfo, DEFAULT_LIMITS, type DecodeLimits } from './decode.ts';
import { ImageError } from './types.ts';

export interface DerivativeOptions {
  /** Longest side of the copy, pixels (never enlarged). */
  maxSide: number;
  format: 'jpeg' | 'webp';
  /** Encoder quality 1–100. */
  quality: number;
}

/**
 * A display copy or thumbnail: upright, sRGB, re-encoded from decoded pixels with every piece
 * of metadata dropped (EXIF, XMP, IPTC, GPS, comments), so nothing riding in the original —
 * a location, a polyglot trailer — reaches anyone who views it.
 */
export async function renderDerivative(
  bytes: Uint8Array,
  options: DerivativeOptions,
  limits: Partial<DecodeLimits> = {},
): Promise<Buffer> {
  assertOptions(options);
  await readFormatInfo(bytes, limits);
  const { maxPixels, timeoutSeconds } = { ...DEFAULT_LIMITS, ...limits };
  try {
    const pipeline = sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels, pages: 1, autoOrient: true })
      .timeout({ seconds: timeoutSeconds })
      .resize({ width: options.maxSide, height: options.maxSide, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb');
    // sharp writes no metadata unless asked (no keepMetadata/withMetadata here).
    return options.format === 'jpeg'
      ? await pipeline.jpeg({ quality: options.quality, mozjpeg: true }).toBuffer()
      : await pipeline.webp({ quality: options.quality }).toBuffer();
  } catch (err) {
    throw new ImageError('CORRUPT_IMAGE', 'The image could not be read; it may be truncated or damaged.', {
      reason: err instanceof Error ? err.message : String(err),
    });
  }
}

function assertOptions({ maxSide, format, quality }: DerivativeOptions): void {
  if (!Number.isInteger(maxSide) || maxSide < 1 || maxSide > 10000) {
    throw new RangeError(`Expected an integer 1–10000 for maxSide but received ${maxSide}`);
  }
  if (format !== 'jpeg' && format !== 'webp') {
    throw new RangeError(`Expected 'jpeg' or 'webp' for format but received ${String(format)}`);
  }
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
    throw new RangeError(`Expected an integer 1–100 for quality but received ${quality}`);
  }
}
