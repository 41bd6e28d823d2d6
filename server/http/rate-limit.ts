import net from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from './errors.ts';

/**
 * Fixed-window limiter keyed by client network: IPv4 per address, IPv6 per /56 (one customer's
 * allocation), so rotating addresses inside one subnet does not buy more attempts.
 */
export function clientBucket(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (net.isIPv4(v4)) return v4;
  if (!net.isIPv6(ip)) return 'unknown';
  const groups = expandIPv6(ip);
  // /56 = first 3 groups + the high byte of the 4th
  return `${groups.slice(0, 3).join(':')}:${groups[3].slice(0, 2)}::/56`;
}

function expandIPv6(ip: string): string[] {
  const [head, tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => g.padStart(4, '0'));
}

export function createRateLimiter(opts: { windowMs: number; max: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const hits = new Map<string, { count: number; resetAt: number }>();
  return function rateLimit(req: Request, res: Response, next: NextFunction) {
    const key = clientBucket(req.ip);
    const t = now();
    let entry = hits.get(key);
    if (!entry || entry.resetAt <= t) {
      entry = { count: 0, resetAt: t + opts.windowMs };
      hits.set(key, entry);
      if (hits.size > 50_000) for (const [k, v] of hits) if (v.resetAt <= t) hits.delete(k);
    }
    entry.count++;
    const remaining = Math.max(0, opts.max - entry.count);
    const resetSeconds = Math.ceil((entry.resetAt - t) / 1000);
    res.setHeader('RateLimit-Limit', String(opts.max));
    res.setHeader('RateLimit-Remaining', String(remaining));
    res.setHeader('RateLimit-Reset', String(resetSeconds));
    if (entry.count > opts.max) {
      res.setHeader('Retry-After', String(resetSeconds));
      return next(new AppError('RATE_LIMITED', 'Too many attempts. Wait a few minutes and try again.'));
    }
    next();
  };
}
