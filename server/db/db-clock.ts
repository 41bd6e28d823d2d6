import type { Knex } from 'knex';
import { isPostgres, type Db } from './database.ts';

/**
 * The database's clock. Times that decide something for every process (job leases and run times,
 * session expiry) are written and compared on it, never on a process's own clock: a process whose
 * clock is minutes off neither steals a live lease nor ends (or prolongs) someone's session.
 */
export interface DbClock {
  /** The database's time, shifted by `offsetMs`, as the ISO-8601 UTC text the time columns hold. */
  at(conn?: Knex | Knex.Transaction, offsetMs?: number): Knex.Raw;
  /** The database's time now, ms since the epoch. */
  now(): Promise<number>;
}

export function createDbClock(db: Db): DbClock {
  const pg = isPostgres(db);
  const at = (conn: Knex | Knex.Transaction = db, offsetMs = 0): Knex.Raw =>
    pg
      ? conn.raw(`to_char((now() + ? * interval '1 millisecond') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`, [Math.round(offsetMs)])
      : conn.raw(`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)`, [`${offsetMs < 0 ? '-' : '+'}${(Math.abs(offsetMs) / 1000).toFixed(3)} seconds`]);
  return {
    at,
    async now() {
      const row = await db.first({ t: at() });
      return Date.parse(String(row.t));
    },
  };
}
