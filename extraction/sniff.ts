import type { ImageFormat } from './types.ts';

/**
 * The real type of an upload, read from its first bytes. Only the four formats the standards
 * accept are recognised; everything else (SVG, HTML, GIF, HEIC/AVIF, PDF, ZIP, BMP, …) is null,
 * so no other decoder is ever reached with untrusted bytes.
 */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, JPEG_SOI)) return 'jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (isWebp(bytes)) return 'webp';
  if (startsWith(bytes, TIFF_LITTLE_ENDIAN) || startsWith(bytes, TIFF_BIG_ENDIAN)) return 'tiff';
  return null;
}

const JPEG_SOI = [0xff, 0xd8, 0xff];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const TIFF_LITTLE_ENDIAN = [0x49, 0x49, 0x2a, 0x00];
const TIFF_BIG_ENDIAN = [0x4d, 0x4d, 0x00, 0x2a];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];

function isWebp(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && startsWith(bytes, RIFF) && startsWith(bytes.subarray(8), WEBP);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}
