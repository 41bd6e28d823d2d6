import crypto from 'node:crypto';
import type { Db } from '../db/database.ts';
import { createDbClock } from '../db/db-clock.ts';

export interface SessionRecord {
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  /** The database's time when the session was read: what its age is judged against. */
  readAt: string;
}

export const hashSessionId = (id: string) => crypto.createHash('sha256').update(id).digest('hex');

/**
 * Sessions. Their times are written and read on the database's clock, so a portal process whose own
 * clock is off (a jump of minutes) neither ends a live session early nor keeps an expired one.
 */
export function createSessionRepository(db: Db) {
  const clock = createDbClock(db);
  return {
    /** Creates a session and returns the cookie value (only its hash is stored). */
    async create(userId: string): Promise<{ sessionId: string; csrfToken: string }> {
      const sessionId = crypto.randomBytes(32).toString('base64url');
      const csrfToken = crypto.randomBytes(32).toString('hex');
      await db('sessions').insert({
        id_hash: hashSessionId(sessionId),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: clock.at(),
        last_seen_at: clock.at(),
      });
      return { sessionId, csrfToken };
    },
    async find(sessionId: string): Promise<SessionRecord | null> {
      const row = await db('sessions')
        .select('user_id', 'csrf_token', 'created_at', 'last_seen_at', { read_at: clock.at() })
        .where({ id_hash: hashSessionId(sessionId) })
        .first();
      return row
        ? { userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.created_at, lastSeenAt: row.last_seen_at, readAt: String(row.read_at) }
        : null;
    },
    async touch(sessionId: string): Promise<void> {
      await db('sessions')
        .where({ id_hash: hashSessionId(sessionId) })
        .update({ last_seen_at: clock.at() });
    },
    async destroy(sessionId: string): Promise<void> {
      await db('sessions').where({ id_hash: hashSessionId(sessionId) }).delete();
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
