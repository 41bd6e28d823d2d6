import type { ImageErrorCode, ImageFormat } from '../../extraction/types.ts';
import { makeFinding, ref, round } from '../finding.ts';
import { FORMAT_LABELS, formatInWords, type FormatLimits } from '../standards.ts';
import { formatThresholdText } from '../threshold-text.ts';
import type { Finding, TextRef } from '../types.ts';

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
  text: { message: TextRef; fix: TextRef; measured?: TextRef };
}

const MB = 1024 * 1024;

/**
 * Why the file is refused before its name is even looked at, or null. The reader's error codes
 * come first: a size or pixel refusal is only ever raised after the type was recognised.
 */
function refusalOf(input: FormatInput): Refusal | null {
  const { limits, errorCode } = input;
  if (errorCode === 'CORRUPT_IMAGE') {
    return {
      measured: 'corrupt',
      unit: null,
      message: 'The file could not be decoded: it is truncated or damaged.',
      fix: 'Export the photo again from the original and upload the new file.',
      text: { message: ref('format.corrupt'), fix: ref('format.fixCorrupt'), measured: ref('measured.corrupt') },
    };
  }
  if (errorCode === 'FILE_TOO_LARGE' || (!errorCode && input.bytes > limits.maxBytes)) {
    const mb = round(input.bytes / MB, 1);
    const limit = round(limits.maxBytes / MB, 1);
    return {
      measured: mb,
      unit: 'MB',
      message: `The file is ${mb} MB, above the ${limit} MB limit.`,
      fix: 'Export with a little more JPEG compression, or as WebP, to bring the file under the limit.',
      text: { message: ref('format.tooLarge', { size: mb, limit }), fix: ref('format.fixTooLarge') },
    };
  }
  if (errorCode === 'TOO_MANY_PIXELS' || (!errorCode && input.pixels !== null && input.pixels > limits.maxPixels)) {
    const mp = input.pixels === null ? 'too many' : round(input.pixels / 1_000_000, 1);
    const limit = round(limits.maxPixels / 1_000_000, 1);
    return {
      measured: mp,
      unit: 'MP',
      message: `The photo has ${mp} megapixels, above the ${limit} MP limit.`,
      fix: 'Export the photo at a smaller size (a longest side of 4000–6000 px is plenty).',
      text:
        typeof mp === 'number'
          ? { message: ref('format.tooManyPixels', { megapixels: mp, limit }), fix: ref('format.fixTooManyPixels') }
          : { message: ref('format.tooManyPixelsUnknown', { limit }), fix: ref('format.fixTooManyPixels'), measured: ref('measured.tooMany') },
    };
  }
  if (errorCode === 'TOO_MANY_CHANNELS') {
    return {
      measured: 'too many channels',
      unit: null,
      message: 'The photo has more colour channels than an RGB image (e.g. CMYK with spot channels).',
      fix: 'Export as an 8-bit RGB image.',
      text: { message: ref('format.tooManyChannels'), fix: ref('format.fixTooManyChannels'), measured: ref('measured.tooManyChannels') },
    };
  }
  if (errorCode === 'UNSUPPORTED_TYPE' || input.sniffed === null || !limits.types.includes(input.sniffed)) return unsupported(input);
  return null;
}

function unsupported(input: FormatInput): Refusal {
  const known = input.detected ?? input.sniffed ?? null;
  const found = known ?? 'an unknown type';
  const types = typeNames(input.limits.types);
  return {
    measured: found,
    unit: null,
    message: `The file's content is not ${types} (found: ${found}).`,
    fix: FIX_TYPE,
    text:
      known === null
        ? { message: ref('format.unsupportedUnknown', { types }), fix: ref('format.fixType'), measured: ref('measured.unknownType') }
        : { message: ref('format.unsupported', { types, found: known }), fix: ref('format.fixType') },
  };
}

export function checkFormat(input: FormatInput): Finding {
  const { limits } = input;
  const threshold = formatInWords(limits);
  const thresholdText = formatThresholdText(limits);
  const refusal = refusalOf(input);
  const sniffed = input.sniffed;
  if (refusal !== null || sniffed === null) {
    const { text, ...parts } = refusal ?? unsupported(input);
    return makeFinding('format', 'fail', { ...parts, threshold, text: { message: [text.message], fix: [text.fix], threshold: thresholdText, ...(text.measured ? { measured: text.measured } : {}) } });
  }
  const ext = extensionOf(input.fileName);
  const honest = limits.extensions[sniffed];
  if (!honest.includes(ext)) {
    const shown = ext === '' ? 'no extension' : `.${ext}`;
    const type = FORMAT_LABELS[sniffed];
    return makeFinding('format', 'fail', {
      measured: shown,
      unit: null,
      threshold,
      message: `The file is a ${type} but is named with ${shown}.`,
      fix: `Name the file with .${honest[0]} (or export it in the type its name says).`,
      text: {
        message: [ext === '' ? ref('format.noExtension', { type }) : ref('format.wrongExtension', { type, extension: ext })],
        fix: [ref('format.fixExtension', { extension: honest[0] })],
        threshold: thresholdText,
        ...(ext === '' ? { measured: ref('measured.noExtension') } : {}),
      },
    });
  }
  return makeFinding('format', 'pass', {
    measured: sniffed,
    unit: null,
    threshold,
    message: `The file is a ${FORMAT_LABELS[sniffed]} named .${ext}, within the size and pixel limits.`,
    fix: '',
    text: { message: [ref('format.pass', { type: FORMAT_LABELS[sniffed], extension: ext })], fix: [], threshold: thresholdText },
  });
}
