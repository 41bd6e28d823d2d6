import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PasswordHasher } from './auth/passwords.ts';
import type { MarketplaceRepository } from './marketplaces/marketplace-repository.ts';
import type { UserRepository } from './repositories/user-repository.ts';

export interface DemoCredentials {
  brand: { email: string; password: string };
  reviewer: { email: string; password: string };
  operator: { email: string; password: string };
}

const BRAND_EMAIL = 'brand@lumiere.example';
const REVIEWER_EMAIL = 'reviewer@shadegate.example';
const OPERATOR_EMAIL = 'operator@shadegate.example';
/** Where the demo brand sells. */
const DEMO_MARKETPLACES = ['US', 'JP', 'GB', 'DE', 'FR'];
const LOST = '(set at first start; demo-credentials.json was removed)';

/**
 * First start on an empty database: a demo brand ("Lumière", selling in a few marketplaces) with one
 * brand user, one reviewer and one operator. Passwords are random per installation, kept (mode 0600) in
 * the data folder so they can be printed on every start — nothing guessable ships with the code.
 * An installation seeded before operators existed gets its operator on the next start.
 */
export async function seedDemo(deps: { users: UserRepository; marketplaces: Pick<MarketplaceRepository, 'setForBrand'>; passwords: PasswordHasher; dataDir: string }): Promise<DemoCredentials> {
  const file = path.join(deps.dataDir, 'demo-credentials.json');
  const existing = await deps.users.findCredentials(BRAND_EMAIL);
  if (existing && fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DemoCredentials> & Omit<DemoCredentials, 'operator'>;
    if (saved.operator) return saved as DemoCredentials;
    const completed = { ...saved, operator: await seedOperator(deps) };
    fs.writeFileSync(file, JSON.stringify(completed, null, 2), { mode: 0o600 });
    return completed;
  }

  const credentials: DemoCredentials = {
    brand: { email: BRAND_EMAIL, password: randomPassword() },
    reviewer: { email: REVIEWER_EMAIL, password: randomPassword() },
    operator: { email: OPERATOR_EMAIL, password: randomPassword() },
  };
  if (!existing) {
    const brand = (await deps.users.findBrandBySlug('lumiere')) ?? (await deps.users.createBrand({ name: 'Lumière', slug: 'lumiere' }));
    await deps.marketplaces.setForBrand(brand.id, DEMO_MARKETPLACES);
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
    await deps.users.createUser({
      email: credentials.operator.email,
      name: 'Sam (operations)',
      role: 'operator',
      brandId: null,
      passwordHash: await deps.passwords.hash(credentials.operator.password),
    });
    fs.mkdirSync(deps.dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
    return credentials;
  }
  // Users exist but the file is gone: the passwords cannot be recovered, say so rather than invent them.
  return {
    brand: { email: BRAND_EMAIL, password: LOST },
    reviewer: { email: REVIEWER_EMAIL, password: LOST },
    operator: { email: OPERATOR_EMAIL, password: (await deps.users.findCredentials(OPERATOR_EMAIL)) ? LOST : (await seedOperator(deps)).password },
  };
}

/** The demo operator, for an installation seeded before operators existed. */
async function seedOperator(deps: { users: UserRepository; passwords: PasswordHasher }): Promise<{ email: string; password: string }> {
  if (await deps.users.findCredentials(OPERATOR_EMAIL)) return { email: OPERATOR_EMAIL, password: LOST };
  const password = randomPassword();
  await deps.users.createUser({ email: OPERATOR_EMAIL, name: 'Sam (operations)', role: 'operator', brandId: null, passwordHash: await deps.passwords.hash(password) });
  return { email: OPERATOR_EMAIL, password };
}

function randomPassword(): string {
  return crypto.randomBytes(9).toString('base64url');
}
