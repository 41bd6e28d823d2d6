import crypto from 'node:crypto';
import type { Db } from '../db/database.ts';

export interface SessionRecord {
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
}

export const hashSessionId = (id: string) => crypto.createHash('sha256').update(id).digest('hex');

export function createSessionRepository(db: Db) {
  return {
    /** Creates a session and returns the cookie value (only its hash is stored). */
    async create(userId: string): Promise<{ sessionId: string; csrfToken: string }> {
      const sessionId = crypto.randomBytes(32).toString('base64url');
      const csrfToken = crypto.randomBytes(32).toString('hex');
      const now = new Date().toISOString();
      await db('sessions').insert({
        id_hash: hashSessionId(sessionId),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
      });
      return { sessionId, csrfToken };
    },
    async find(sessionId: string): Promise<SessionRecord | null> {
      const row = await db('sessions').where({ id_hash: hashSessionId(sessionId) }).first();
      return row
        ? { userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.created_at, lastSeenAt: row.last_seen_at }
        : null;
    },
    async touch(sessionId: string): Promise<void> {
      await db('sessions')
        .where({ id_hash: hashSessionId(sessionId) })
        .update({ last_seen_at: new Date().toISOString() });
    },
    async destroy(sessionId: string): Promise<void> {
      await db('sessions').where({ id_hash: hashSessionId(sessionId) }).delete();
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
