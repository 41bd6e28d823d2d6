/** Where each role starts: brands on their shades, reviewers on the review queue, operators on the rollouts. */
export function homePathFor(user: { role: string }): string {
  return user.role === 'reviewer' ? '/review' : user.role === 'operator' ? '/ops/rollouts' : user.role === 'researcher' ? '/studies' : '/dashboard';
}

/**
 * Only same-site relative paths are followed after login: `/dashboard` yes; `//evil.com`,
 * `/\evil.com`, `https:evil.com` and anything with a scheme or control characters fall back to the
 * start (the user's home; '' when not yet known).
 */
export function safeNextPath(value: unknown, fallback = ''): string {
  if (typeof value !== 'string' || value === '' || value.length > 300) return fallback;
  if (!/^\/[A-Za-z0-9\-._~/?=&%]*$/.test(value)) return fallback;
  if (value.startsWith('//')) return fallback;
  return value;
}
