import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testConfig } from '../../server/config.ts';
import { start } from '../../server/main.ts';

/**
 * A real portal for one test file: its own SQLite file and photo folder in a fresh temp dir,
 * listening on an ephemeral port. Call `cleanup()` in the file's `after` hook.
 */
export type TestPortal = Awaited<ReturnType<typeof start>> & { dataDir: string; cleanup(): Promise<void> };

export async function startTestPortal(overrides: Record<string, string | number | boolean> = {}, options: Parameters<typeof start>[1] = {}): Promise<TestPortal> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-test-'));
  const config = testConfig({ DATA_DIR: dataDir, PORT: 0, ANALYSIS_THREADS: 1, ...overrides } as never);
  const portal = await start(config, { passwordCost: 4, ...options });
  const cleanup = async () => {
    await portal.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { ...portal, dataDir, cleanup };
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

export async function createReviewer(portal: TestPortal) {
  const email = `reviewer-${++brandCounter}@shadegate.example`;
  const password = `pw-reviewer-${brandCounter}`;
  const user = await portal.users.createUser({
    email,
    name: 'Reviewer',
    role: 'reviewer',
    brandId: null,
    passwordHash: await portal.passwords.hash(password),
  });
  return { user, email, password };
}

/** Files under the portal's storage root, excluding directories: what a refused upload must not leave. */
export function storedFiles(portal: TestPortal): string[] {
  const root = portal.storage.root;
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
