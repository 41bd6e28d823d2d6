import type express from 'express';
import { imageLibraryVersions } from '../../../extraction/index.ts';
import { isPostgres, type Db } from '../../db/database.ts';

/**
 * Refuses to serve on a runtime the advisories call unsafe (checklist H): an SQLite library older than
 * the last fix for untrusted-input bugs, a sharp older than the last fix in its decoders, `trust proxy`
 * set to `true` (which would make every client's X-Forwarded-For its address, and so every rate limit
 * bypassable), no helmet headers, or csurf (deprecated, with known bypasses) anywhere in the dependency
 * tree. Throws a coded error listing each problem.
 */
export const MIN_SQLITE_VERSION = '3.51.3';
export const MIN_SHARP_VERSION = '0.35.5';

export class UnsafeRuntimeError extends Error {
  readonly code = 'UNSAFE_RUNTIME';
}

export interface RuntimeFacts {
  /** sharp's version; read from the library when not given (tests give one). */
  sharpVersion?: string;
  /** Whether a module can be resolved from here (tests give one). */
  resolvable?: (specifier: string) => boolean;
}

export async function assertSafeRuntime(deps: { app: express.Express; db: Db }, facts: RuntimeFacts = {}): Promise<void> {
  const problems: string[] = [];
  const sharpVersion = facts.sharpVersion ?? imageLibraryVersions().sharp;
  if (compareVersions(sharpVersion, MIN_SHARP_VERSION) < 0) problems.push(`sharp ${sharpVersion} is older than ${MIN_SHARP_VERSION}`);
  if (!hasMiddleware(deps.app, 'helmetMiddleware')) problems.push('helmet is not mounted');
  if ((facts.resolvable ?? canResolve)('csurf')) problems.push('csurf is in the dependency tree; CSRF is checked by our own guard');
  if (!isPostgres(deps.db)) {
    const row = (await deps.db.raw('select sqlite_version() as v')) as Array<{ v: string }>;
    const version = row[0]?.v ?? '0';
    if (compareVersions(version, MIN_SQLITE_VERSION) < 0) problems.push(`SQLite ${version} is older than ${MIN_SQLITE_VERSION}`);
  }
  if (deps.app.get('trust proxy') === true) problems.push('trust proxy is `true`; name a hop count instead');
  if (problems.length > 0) throw new UnsafeRuntimeError(`Refusing to start: ${problems.join('; ')}.`);
}

/** Whether a middleware function of that name is mounted on the app's router. */
function hasMiddleware(app: express.Express, name: string): boolean {
  const router = (app as unknown as { router?: { stack?: Array<{ name?: string }> } }).router;
  return (router?.stack ?? []).some((layer) => layer.name === name);
}

function canResolve(specifier: string): boolean {
  try {
    import.meta.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/**
 * Multer limits as given, once each is checked to be a finite positive number (0 allowed where it
 * means "none"): an Infinity or a NaN that slipped in through configuration would remove a bound.
 */
export function finiteLimits<T extends Record<string, number>>(limits: T): T {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value < 0) throw new UnsafeRuntimeError(`Refusing to start: the upload limit ${name} is ${value}, not a finite number.`);
  }
  return limits;
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
