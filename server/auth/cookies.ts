import type { Response } from 'express';

/**
 * `__Host-` prefix: Secure, Path=/, no Domain — the cookie cannot be set by a sibling subdomain.
 * Browsers treat http://localhost as a secure context, so this works on the one-machine default too.
 */
export const SESSION_COOKIE = '__Host-sg_session';

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key && !(key in out)) {
      try {
        out[key] = decodeURIComponent(value);
      } catch {
        out[key] = value;
      }
    }
  }
  return out;
}

export function setSessionCookie(res: Response, sessionId: string): void {
  res.cookie(SESSION_COOKIE, sessionId, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
}
