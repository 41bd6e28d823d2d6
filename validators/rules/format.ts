import type { ImageErrorCode, ImageFormat } from '../../extraction/types.ts';
import { makeFinding, round } from '../finding.ts';
import { FORMAT_LABELS, formatInWords, type FormatLimits } from '../standards.ts';
import type { Finding } from '../types.ts';

export interface FormatInput {
  /** The file's own name (only its extension matters here). */
  fileName: string;
  /** Type sniffed from the bytes; null when it is none we accept. */
  sniffed: ImageFormat | null;
  bytes: number;
  /** Declared pixel count (width × height of the header); null when unknown. */
  pixels: number | null;
  /** The code of the ImageError raised while reading the file, if any. */
  errorCode?: ImageErrorCode | null;
  /** What the bytes were found to be when not an accepted type (e.g. 'text/html'), if known. */
  detected?: string | null;
  limits: FormatLimits;
}

const FIX_TYPE = 'Export the photo as JPEG, PNG, WebP or TIFF from your photo editor; renaming a file does not change its type.';

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

function typeNames(types: readonly ImageFormat[]): string {
  return types.map((t) => FORMAT_LABELS[t]).join(', ');
}

interface Refusal {
  measured: number | string;
  unit: string | null;
  message: string;
  fix: string;
}

const MB = 1024 * 1024;

/**
 * Why the file is refused before its name is even looked at, or null. The reader's error codes
 * come first: a size or pixel refusal is only ever raised after the type was recognised.
 */
function refusalOf(input: FormatInput): Refusal | null {
  const { limits, errorCode } = input;
  if (errorCode === 'CORRUPT_IMAGE') {
    return { measured: 'corrupt', unit: null, message: 'The file could not be decoded: it is truncated or damaged.', fix: 'Export the photo again from the original and upload the new file.' };
  }
  if (errorCode === 'FILE_TOO_LARGE' || (!errorCode && input.bytes > limits.maxBytes)) {
    const mb = round(input.bytes / MB, 1);
    return { measured: mb, unit: 'MB', message: `The file is ${mb} MB, above the ${round(limits.maxBytes / MB, 1)} MB limit.`, fix: 'Export with a little more JPEG compression, or as WebP, to bring the file under the limit.' };
  }
  if (errorCode === 'TOO_MANY_PIXELS' || (!errorCode && input.pixels !== null && input.pixels > limits.maxPixels)) {
    const mp = input.pixels === null ? 'too many' : round(input.pixels / 1_000_000, 1);
    return { measured: mp, unit: 'MP', message: `The photo has ${mp} megapixels, above the ${round(limits.maxPixels / 1_000_000, 1)} MP limit.`, fix: 'Export the photo at a smaller size (a longest side of 4000–6000 px is plenty).' };
  }
  if (errorCode === 'TOO_MANY_CHANNELS') {
    return { measured: 'too many channels', unit: null, message: 'The photo has more colour channels than an RGB image (e.g. CMYK with spot channels).', fix: 'Export as an 8-bit RGB image.' };
  }
  if (errorCode === 'UNSUPPORTED_TYPE' || input.sniffed === null || !limits.types.includes(input.sniffed)) return unsupported(input);
  return null;
}

function unsupported(input: FormatInput): Refusal {
  const found = input.detected ?? input.sniffed ?? 'an unknown type';
  return { measured: found, unit: null, message: `The file's content is not ${typeNames(input.limits.types)} (found: ${found}).`, fix: FIX_TYPE };
}

export function checkFormat(input: FormatInput): Finding {
  const { limits } = input;
  const threshold = formatInWords(limits);
  const refusal = refusalOf(input);
  const sniffed = input.sniffed;
  if (refusal !== null || sniffed === null) return makeFinding('format', 'fail', { ...(refusal ?? unsupported(input)), threshold });
  const ext = extensionOf(input.fileName);
  const honest = limits.extensions[sniffed];
  if (!honest.includes(ext)) {
    const shown = ext === '' ? 'no extension' : `.${ext}`;
    return makeFinding('format', 'fail', {
      measured: shown,
      unit: null,
      threshold,
      message: `The file is a ${FORMAT_LABELS[sniffed]} but is named with ${shown}.`,
      fix: `Name the file with .${honest[0]} (or export it in the type its name says).`,
    });
  }
  return makeFinding('format', 'pass', {
    measured: sniffed,
    unit: null,
    threshold,
    message: `The file is a ${FORMAT_LABELS[sniffed]} named .${ext}, within the size and pixel limits.`,
    fix: '',
  });
}
