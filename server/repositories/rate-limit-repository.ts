import type { Db } from '../db/database.ts';
import { createDbClock } from '../db/db-clock.ts';
import type { DbRow } from '../db/db-row.ts';

/** A hit as counted: hits in the current window so far (this one included), and the time until it ends. */
export interface RateLimitHit {
  hits: number;
  resetInMs: number;
}

/** Expired windows are deleted after this many hits counted by one process. */
const SWEEP_EVERY = 500;

/**
 * The rate limits' fixed windows, one row per limit and client bucket, so that every portal process
 * on the database counts against the same limit (a client cannot multiply its attempts by the
 * number of processes behind the load balancer). Windows open and close on the database's clock.
 */
export function createRateLimitRepository(db: Db) {
  const clock = createDbClock(db);
  let sinceSweep = 0;
  return {
    /**
     * Counts one hit of `bucket` against `limiter`: in its open window, or in a new window of
     * `windowMs` starting now when none is open. One statement, so concurrent hits from several
     * processes are all counted.
     */
    async hit(limiter: string, bucket: string, windowMs: number): Promise<RateLimitHit> {
      const now = clock.at(db);
      const result = await db.raw(
        `insert into rate_limit_windows (limiter, bucket, hits, reset_at) values (?, ?, 1, ?)
         on conflict (limiter, bucket) do update set
           hits = case when rate_limit_windows.reset_at <= ? then 1 else rate_limit_windows.hits + 1 end,
           reset_at = case when rate_limit_windows.reset_at <= ? then excluded.reset_at else rate_limit_windows.reset_at end
         returning hits, reset_at, ? as now`,
        [limiter, bucket, clock.at(db, windowMs), now, now, now],
      );
      // PostgreSQL answers { rows }, SQLite the rows themselves.
      const row = ((result as { rows?: DbRow[] }).rows ?? (result as DbRow[]))[0];
      if (++sinceSweep >= SWEEP_EVERY) {
        sinceSweep = 0;
        await db('rate_limit_windows').where('reset_at', '<=', clock.at(db)).del();
      }
      // A statement's clock is read when it starts: one that waited on a concurrent hit opening the
      // window reads a time just before that window began, so the time left is capped at the window.
      const left = Date.parse(String(row.reset_at)) - Date.parse(String(row.now));
      return { hits: Number(row.hits), resetInMs: Math.min(windowMs, Math.max(0, left)) };
    },
  };
}

export type RateLimitRepository = ReturnType<typeof createRateLimitRepository>;
