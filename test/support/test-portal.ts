import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import knexFactory from 'knex';
import { testConfig } from '../../server/config.ts';
import { start } from '../../server/main.ts';

/**
 * A real portal for one test file: its own database and photo folder in a fresh temp dir, listening on
 * an ephemeral port. Call `cleanup()` in the file's `after` hook.
 * The database is SQLite in the temp dir, or — when SHADEGATE_TEST_PG names a PostgreSQL server
 * (`postgres://127.0.0.1:5432/test`) — a fresh PostgreSQL database created for this portal and dropped
 * by `cleanup()`, so the whole suite also runs on the scale-out path.
 */
export type TestPortal = Awaited<ReturnType<typeof start>> & { dataDir: string; cleanup(): Promise<void> };

export async function startTestPortal(overrides: Record<string, string | number | boolean> = {}, options: Parameters<typeof start>[1] = {}): Promise<TestPortal> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-test-'));
  const database = overrides.DATABASE_URL === undefined ? await freshTestDatabase() : null;
  const config = testConfig({
    DATA_DIR: dataDir,
    PORT: 0,
    ANALYSIS_THREADS: 1,
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...overrides,
  } as never);
  const portal = await start(config, { passwordCost: 4, ...options });
  const cleanup = async () => {
    await portal.stop();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { ...portal, dataDir, cleanup };
}

/** The PostgreSQL server the suite should run against, if any (SHADEGATE_TEST_PG). */
export function testPostgresUrl(): string | null {
  const raw = process.env.SHADEGATE_TEST_PG;
  if (!raw) return null;
  // node-postgres takes a missing user from $USER, which CI shells may not set: name the OS user.
  const url = new URL(raw);
  if (!url.username) url.username = os.userInfo().username;
  return url.toString();
}

/**
 * A fresh, empty PostgreSQL database on the SHADEGATE_TEST_PG server, with `drop()` to remove it
 * (closing whatever connections are left); null when the suite runs on SQLite.
 */
export async function freshTestDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const serverUrl = testPostgresUrl();
  if (!serverUrl) return null;
  const name = `sg_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`create database ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
      try {
        await again.raw(`drop database if exists ${name} with (force)`);
      } finally {
        await again.destroy();
      }
    },
  };
}

let brandCounter = 0;

/** Factory: a brand with one brand user; returns the login. */
export async function createBrandUser(portal: TestPortal, name = `Brand ${++brandCounter}`) {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${brandCounter}-${Date.now() % 100000}`;
  const brand = await portal.users.createBrand({ name, slug });
  const email = `${slug}@brand.example`;
  const password = `pw-${slug}`;
  const user = await portal.users.createUser({
    email,
    name: `${name} user`,
    role: 'brand',
    brandId: brand.id,
    passwordHash: await portal.passwords.hash(password),
  });
  return { brand, user, email, password };
}

/** Factory: a staff user (no brand) of `role`, named `name`; returns the login. */
export async function createStaff(portal: TestPortal, role: 'reviewer' | 'operator' | 'researcher', name = role[0].toUpperCase() + role.slice(1)) {
  const email = `${role}-${++brandCounter}-${Date.now() % 100000}@shadegate.example`;
  const password = `pw-${role}-${brandCounter}`;
  const user = await portal.users.createUser({ email, name, role, brandId: null, passwordHash: await portal.passwords.hash(password) });
  return { user, email, password };
}

export const createReviewer = (portal: TestPortal) => createStaff(portal, 'reviewer');

/** Files under the portal's storage root, excluding directories: what a refused upload must not leave. */
export function storedFiles(portal: TestPortal): string[] {
  return filesUnder(portal.storage.root);
}

/** Files under a folder (relative paths), walked from the test process; none when it does not exist. */
export function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out;
}
