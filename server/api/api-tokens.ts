import crypto from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { DbRow } from '../db/db-row.ts';

/**
 * API tokens: `sg_brand_…` lets a brand's own systems submit shades for that brand; `sg_export_…` lets
 * the 3D team read accepted shades (and manage its webhooks). A token is 32 random bytes, base64url,
 * behind its prefix; only its SHA-256 is stored, so it is shown once, at creation.
 */
export type TokenKind = 'brand' | 'export';

export const TOKEN_PREFIX: Record<TokenKind, string> = { brand: 'sg_brand_', export: 'sg_export_' };
const TOKEN_SHAPE = /^sg_(brand|export)_[A-Za-z0-9_-]{43}$/;
/** last_used_at is written at most this often per token, so a busy client does not cost a write per call. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface ApiToken {
  id: string;
  kind: TokenKind;
  name: string;
  displayPrefix: string;
  userId: string;
  brandId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const hashToken = (token: string) => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

/** The kind a well-formed token claims by its prefix, or null for anything malformed. */
export function tokenKindOf(token: string): TokenKind | null {
  const match = TOKEN_SHAPE.exec(token);
  return match ? (match[1] as TokenKind) : null;
}

function newTokenValue(kind: TokenKind): string {
  return TOKEN_PREFIX[kind] + crypto.randomBytes(32).toString('base64url');
}

const toToken = (r: DbRow): ApiToken => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  displayPrefix: r.display_prefix,
  userId: r.user_id,
  brandId: r.brand_id,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export function createApiTokenRepository(db: Db, now: () => number = Date.now) {
  return {
    /** Creates a token; the returned `value` exists nowhere else and cannot be recovered later. */
    async create(input: { kind: TokenKind; name: string; userId: string; brandId: string | null }): Promise<{ token: ApiToken; value: string }> {
      const value = newTokenValue(input.kind);
      const row = {
        id: crypto.randomUUID(),
        kind: input.kind,
        name: input.name,
        token_hash: hashToken(value),
        display_prefix: value.slice(0, TOKEN_PREFIX[input.kind].length + 6),
        user_id: input.userId,
        brand_id: input.brandId,
        created_at: new Date(now()).toISOString(),
        last_used_at: null,
        revoked_at: null,
      };
      await db('api_tokens').insert(row);
      return { token: toToken(row), value };
    },

    /** The live (not revoked) token with this value, or null. Comparison is by hash lookup. */
    async findLive(value: string): Promise<ApiToken | null> {
      const row = await db('api_tokens').where({ token_hash: hashToken(value) }).whereNull('revoked_at').first();
      return row ? toToken(row) : null;
    },

    /** Records a successful use. Refused requests never reach this. */
    async touch(token: ApiToken): Promise<void> {
      const t = now();
      if (token.lastUsedAt && t - Date.parse(token.lastUsedAt) < TOUCH_EVERY_MS) return;
      await db('api_tokens').where({ id: token.id }).update({ last_used_at: new Date(t).toISOString() });
    },

    /** Tokens a person manages: a brand user sees the brand's tokens, a reviewer the export tokens. */
    async listFor(owner: { role: 'brand' | 'reviewer'; brandId: string | null }): Promise<ApiToken[]> {
      const q = db('api_tokens').orderBy('created_at', 'desc').orderBy('id');
      if (owner.role === 'brand') q.where({ kind: 'brand', brand_id: owner.brandId ?? '\u0000none' });
      else q.where({ kind: 'export' });
      return (await q).map(toToken);
    },

    /** Revokes a token the owner manages; false when there is no such token (or it is not theirs). */
    async revoke(id: string, owner: { role: 'brand' | 'reviewer'; brandId: string | null }): Promise<boolean> {
      const q = db('api_tokens').where({ id }).whereNull('revoked_at');
      if (owner.role === 'brand') q.where({ kind: 'brand', brand_id: owner.brandId ?? '\u0000none' });
      else q.where({ kind: 'export' });
      return (await q.update({ revoked_at: new Date(now()).toISOString() })) === 1;
    },
  };
}

export type ApiTokenRepository = ReturnType<typeof createApiTokenRepository>;
