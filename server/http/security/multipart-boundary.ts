/**
 * RFC 2046 §5.1.1: a multipart boundary is 1–70 characters from a small set (bchars), and may not end
 * in a space. Parsers tolerate more; refusing anything else up front keeps odd bodies away from them.
 */
const BCHARS = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

export function multipartBoundaryOf(contentType: string | undefined): string | null {
  const match = /;\s*boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2] ?? null) : null;
}

export function hasValidBoundary(contentType: string | undefined): boolean {
  const boundary = multipartBoundaryOf(contentType);
  return boundary !== null && BCHARS.test(boundary);
}
