import type express from 'express';
import { isPostgres, type Db } from '../../db/database.ts';

/**
 * Refuses to serve on a runtime the advisories call unsafe (checklist H): an SQLite library older than
 * the last fix for untrusted-input bugs, or `trust proxy` set to `true` (which would make every client's
 * X-Forwarded-For its address, and so every rate limit bypassable). Throws a coded error listing each problem.
 */
export const MIN_SQLITE_VERSION = '3.51.3';

export class UnsafeRuntimeError extends Error {
  readonly code = 'UNSAFE_RUNTIME';
}

export async function assertSafeRuntime(deps: { app: express.Express; db: Db }): Promise<void> {
  const problems: string[] = [];
  if (!isPostgres(deps.db)) {
    const row = (await deps.db.raw('select sqlite_version() as v')) as Array<{ v: string }>;
    const version = row[0]?.v ?? '0';
    if (compareVersions(version, MIN_SQLITE_VERSION) < 0) problems.push(`SQLite ${version} is older than ${MIN_SQLITE_VERSION}`);
  }
  if (deps.app.get('trust proxy') === true) problems.push('trust proxy is `true`; name a hop count instead');
  if (problems.length > 0) throw new UnsafeRuntimeError(`Refusing to start: ${problems.join('; ')}.`);
}

/** Compares dotted numeric versions: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
