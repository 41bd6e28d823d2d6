import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PasswordHasher } from './auth/passwords.ts';
import type { UserRepository } from './repositories/user-repository.ts';

export interface DemoCredentials {
  brand: { email: string; password: string };
  reviewer: { email: string; password: string };
}

const BRAND_EMAIL = 'brand@lumiere.example';
const REVIEWER_EMAIL = 'reviewer@shadegate.example';

/**
 * First start on an empty database: a demo brand ("Lumière") with one brand user, and one reviewer.
 * Passwords are random per installation, kept (mode 0600) in the data folder so they can be printed
 * on every start — nothing guessable ships with the code.
 */
export async function seedDemo(deps: { users: UserRepository; passwords: PasswordHasher; dataDir: string }): Promise<DemoCredentials> {
  const file = path.join(deps.dataDir, 'demo-credentials.json');
  const existing = await deps.users.findCredentials(BRAND_EMAIL);
  if (existing && fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as DemoCredentials;

  const credentials: DemoCredentials = {
    brand: { email: BRAND_EMAIL, password: randomPassword() },
    reviewer: { email: REVIEWER_EMAIL, password: randomPassword() },
  };
  if (!existing) {
    const brand = (await deps.users.findBrandBySlug('lumiere')) ?? (await deps.users.createBrand({ name: 'Lumière', slug: 'lumiere' }));
    await deps.users.createUser({
      email: credentials.brand.email,
      name: 'Camille (Lumière)',
      role: 'brand',
      brandId: brand.id,
      passwordHash: await deps.passwords.hash(credentials.brand.password),
    });
    await deps.users.createUser({
      email: credentials.reviewer.email,
      name: 'Robin (bridge team)',
      role: 'reviewer',
      brandId: null,
      passwordHash: await deps.passwords.hash(credentials.reviewer.password),
    });
    fs.mkdirSync(deps.dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
    return credentials;
  }
  // Users exist but the file is gone: the passwords cannot be recovered, say so rather than invent them.
  return {
    brand: { email: BRAND_EMAIL, password: '(set at first start; demo-credentials.json was removed)' },
    reviewer: { email: REVIEWER_EMAIL, password: '(set at first start; demo-credentials.json was removed)' },
  };
}

function randomPassword(): string {
  return crypto.randomBytes(9).toString('base64url');
}
