import net from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from './errors.ts';

/**
 * Fixed-window limiter keyed by client network: IPv4 per address, IPv6 per /56 (one customer's
 * allocation), so rotating addresses inside one subnet does not buy more attempts. The counts live
 * in the database (see rate-limit-repository.ts), shared by every portal process.
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

/** Where a limiter counts its hits (the database, so that every portal process shares the count). */
export interface RateLimitCounter {
  hit(bucket: string, windowMs: number): Promise<{ hits: number; resetInMs: number }>;
}

/**
 * `keyOf`, when given, narrows the bucket to the client *and* what it names (e.g. one invitation link):
 * the client's network and the key's value, joined. It must not return a secret: bucket names are stored.
 */
export function createRateLimiter(opts: { windowMs: number; max: number; counter: RateLimitCounter; keyOf?: (req: Request) => string }) {
  return async function rateLimit(req: Request, res: Response, next: NextFunction) {
    let counted: { hits: number; resetInMs: number };
    try {
      const bucket = opts.keyOf ? `${clientBucket(req.ip)}|${opts.keyOf(req)}` : clientBucket(req.ip);
      counted = await opts.counter.hit(bucket, opts.windowMs);
    } catch (error) {
      return next(error);
    }
    const remaining = Math.max(0, opts.max - counted.hits);
    const resetSeconds = Math.max(1, Math.ceil(counted.resetInMs / 1000));
    res.setHeader('RateLimit-Limit', String(opts.max));
    res.setHeader('RateLimit-Remaining', String(remaining));
    res.setHeader('RateLimit-Reset', String(resetSeconds));
    if (counted.hits > opts.max) {
      res.setHeader('Retry-After', String(resetSeconds));
      return next(new AppError('RATE_LIMITED', 'Too many attempts. Wait a few minutes and try again.'));
    }
    next();
  };
}
