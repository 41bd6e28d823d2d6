/**
 * Only same-site relative paths are followed after login: `/dashboard` yes; `//evil.com`,
 * `/\evil.com`, `https:evil.com` and anything with a scheme or control characters fall back to the start.
 */
export function safeNextPath(value: unknown, fallback = '/dashboard'): string {
  if (typeof value !== 'string' || value.length > 300) return fallback;
  if (!/^\/[A-Za-z0-9\-._~/?=&%]*$/.test(value)) return fallback;
  if (value.startsWith('//')) return fallback;
  return value;
}
