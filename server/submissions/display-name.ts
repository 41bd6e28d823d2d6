/**
 * The client's file name is only ever shown to people (and judged by the naming rule): never used on
 * disk or in headers. This makes it safe to show: last path segment, NFC, no control or bidi-override
 * characters, capped.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL_AND_BIDI = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function displayFileName(raw: string | undefined, maxLength = 120): string {
  const lastSegment = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const clean = lastSegment.normalize('NFC').replace(CONTROL_AND_BIDI, '').trim();
  const capped = Array.from(clean).slice(0, maxLength).join('');
  return capped || 'unnamed';
}
