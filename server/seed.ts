import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PasswordHasher } from './auth/passwords.ts';
import type { MarketplaceRepository } from './marketplaces/marketplace-repository.ts';
import type { Role, UserRepository } from './repositories/user-repository.ts';

interface Login {
  email: string;
  password: string;
}

export interface DemoCredentials {
  brand: Login;
  reviewer: Login;
  operator: Login;
  researcher: Login;
}

const BRAND_EMAIL = 'brand@lumiere.example';
/** Where the demo brand sells. */
const DEMO_MARKETPLACES = ['US', 'JP', 'GB', 'DE', 'FR'];
const LOST = '(set at first start; demo-credentials.json was removed)';

/** The demo users without a brand: each added on the next start to an installation seeded before its role existed. */
const STAFF = {
  reviewer: { email: 'reviewer@shadegate.example', name: 'Robin (bridge team)' },
  operator: { email: 'operator@shadegate.example', name: 'Sam (operations)' },
  researcher: { email: 'researcher@shadegate.example', name: 'Noor (realism studies)' },
} as const satisfies Partial<Record<Role, { email: string; name: string }>>;
type StaffRole = keyof typeof STAFF;
const STAFF_ROLES = Object.keys(STAFF) as StaffRole[];

type SeedDeps = { users: UserRepository; marketplaces: Pick<MarketplaceRepository, 'setForBrand'>; passwords: PasswordHasher; dataDir: string };

/**
 * First start on an empty database: a demo brand ("Lumière", selling in a few marketplaces) with one
 * brand user, and one reviewer, operator and researcher. Passwords are random per installation, kept
 * (mode 0600) in the data folder so they can be printed on every start — nothing guessable ships with
 * the code.
 */
export async function seedDemo(deps: SeedDeps): Promise<DemoCredentials> {
  const file = path.join(deps.dataDir, 'demo-credentials.json');
  const existing = await deps.users.findCredentials(BRAND_EMAIL);
  if (existing) {
    // Seeded before: complete the file with any role added since; passwords that are gone stay gone.
    const saved: Partial<DemoCredentials> = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DemoCredentials>) : {};
    const completed = { brand: saved.brand ?? { email: BRAND_EMAIL, password: LOST } } as DemoCredentials;
    let changed = false;
    for (const role of STAFF_ROLES) {
      const known = saved[role];
      if (known) completed[role] = known;
      else {
        completed[role] = await seedStaff(deps, role);
        changed ||= completed[role].password !== LOST;
      }
    }
    if (changed && fs.existsSync(file)) fs.writeFileSync(file, JSON.stringify(completed, null, 2), { mode: 0o600 });
    return completed;
  }

  const brand = (await deps.users.findBrandBySlug('lumiere')) ?? (await deps.users.createBrand({ name: 'Lumière', slug: 'lumiere' }));
  await deps.marketplaces.setForBrand(brand.id, DEMO_MARKETPLACES);
  const brandLogin = { email: BRAND_EMAIL, password: randomPassword() };
  await deps.users.createUser({
    email: brandLogin.email,
    name: 'Camille (Lumière)',
    role: 'brand',
    brandId: brand.id,
    passwordHash: await deps.passwords.hash(brandLogin.password),
  });
  const credentials = { brand: brandLogin } as DemoCredentials;
  for (const role of STAFF_ROLES) credentials[role] = await seedStaff(deps, role);
  fs.mkdirSync(deps.dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

/** Creates the demo user of a staff role unless it exists (then its password cannot be recovered). */
async function seedStaff(deps: Pick<SeedDeps, 'users' | 'passwords'>, role: StaffRole): Promise<Login> {
  const { email, name } = STAFF[role];
  if (await deps.users.findCredentials(email)) return { email, password: LOST };
  const password = randomPassword();
  await deps.users.createUser({ email, name, role, brandId: null, passwordHash: await deps.passwords.hash(password) });
  return { email, password };
}

function randomPassword(): string {
  return crypto.randomBytes(9).toString('base64url');
}
