import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PasswordHasher } from './auth/passwords.ts';
import type { UserRepository } from './repositories/user-repository.ts';

export interface DemoCredentials {
  brand: { email: string; password: string };
  reviewer: { email: string; password: string };
  researcher: { email: string; password: string };
}

const BRAND_EMAIL = 'brand@lumiere.example';
const REVIEWER_EMAIL = 'reviewer@shadegate.example';
const RESEARCHER_EMAIL = 'researcher@shadegate.example';

/**
 * First start on an empty database: a demo brand ("Lumière") with one brand user, one reviewer and one
 * researcher (realism studies; added on the next start to an installation seeded before researchers existed).
 * Passwords are random per installation, kept (mode 0600) in the data folder so they can be printed
 * on every start — nothing guessable ships with the code.
 */
export async function seedDemo(deps: { users: UserRepository; passwords: PasswordHasher; dataDir: string }): Promise<DemoCredentials> {
  const file = path.join(deps.dataDir, 'demo-credentials.json');
  const existing = await deps.users.findCredentials(BRAND_EMAIL);
  if (existing && fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Omit<DemoCredentials, 'researcher'> & Partial<Pick<DemoCredentials, 'researcher'>>;
    if (saved.researcher) return saved as DemoCredentials;
    const withResearcher = { ...saved, researcher: await seedResearcher(deps) };
    fs.writeFileSync(file, JSON.stringify(withResearcher, null, 2), { mode: 0o600 });
    return withResearcher;
  }

  const credentials: DemoCredentials = {
    brand: { email: BRAND_EMAIL, password: randomPassword() },
    reviewer: { email: REVIEWER_EMAIL, password: randomPassword() },
    researcher: { email: RESEARCHER_EMAIL, password: randomPassword() },
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
    await createResearcher(deps, credentials.researcher.password);
    fs.mkdirSync(deps.dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
    return credentials;
  }
  // Users exist but the file is gone: the passwords cannot be recovered, say so rather than invent them.
  return {
    brand: { email: BRAND_EMAIL, password: '(set at first start; demo-credentials.json was removed)' },
    reviewer: { email: REVIEWER_EMAIL, password: '(set at first start; demo-credentials.json was removed)' },
    researcher: { email: RESEARCHER_EMAIL, password: '(set at first start; demo-credentials.json was removed)' },
  };
}

/** The demo researcher for an installation seeded before researchers existed (none yet: a new password). */
async function seedResearcher(deps: { users: UserRepository; passwords: PasswordHasher }): Promise<{ email: string; password: string }> {
  if (await deps.users.findCredentials(RESEARCHER_EMAIL)) {
    return { email: RESEARCHER_EMAIL, password: '(set at an earlier start; not in demo-credentials.json)' };
  }
  const password = randomPassword();
  await createResearcher(deps, password);
  return { email: RESEARCHER_EMAIL, password };
}

async function createResearcher(deps: { users: UserRepository; passwords: PasswordHasher }, password: string): Promise<void> {
  await deps.users.createUser({
    email: RESEARCHER_EMAIL,
    name: 'Noor (realism studies)',
    role: 'researcher',
    brandId: null,
    passwordHash: await deps.passwords.hash(password),
  });
}

function randomPassword(): string {
  return crypto.randomBytes(9).toString('base64url');
}
