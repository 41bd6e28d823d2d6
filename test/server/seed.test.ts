import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPasswordHasher } from '../../server/auth/passwords.ts';
import { openDatabase, type Db } from '../../server/db/database.ts';
import { runMigrations } from '../../server/db/migrate.ts';
import { createMarketplaceRepository } from '../../server/marketplaces/marketplace-repository.ts';
import { createUserRepository } from '../../server/repositories/user-repository.ts';
import { seedDemo } from '../../server/seed.ts';

let dataDir: string;
let db: Db;

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-seed-'));
  db = openDatabase(`sqlite:${path.join(dataDir, 'seed.sqlite')}`);
  await runMigrations(db);
});
after(async () => {
  await db.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the demo seed', () => {
  const deps = () => ({ users: createUserRepository(db), marketplaces: createMarketplaceRepository(db), passwords: createPasswordHasher(4), dataDir });

  it('seeds a brand selling in a few marketplaces, a reviewer and an operator who can log in', async () => {
    const creds = await seedDemo(deps());
    const operator = await deps().users.findCredentials(creds.operator.email);
    assert.equal(operator?.user.role, 'operator');
    assert.ok(await deps().passwords.verify(creds.operator.password, operator!.passwordHash));
    const brand = await deps().users.findCredentials(creds.brand.email);
    assert.deepEqual(await deps().marketplaces.ofBrand(brand!.user.brandId!), ['US', 'JP', 'GB', 'DE', 'FR']);
    assert.deepEqual(await seedDemo(deps()), creds);
  });

  it('adds the operator to an installation seeded before operators existed', async () => {
    const file = path.join(dataDir, 'demo-credentials.json');
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    await db('users').where({ email: saved.operator.email }).delete();
    delete saved.operator;
    fs.writeFileSync(file, JSON.stringify(saved));
    const creds = await seedDemo(deps());
    assert.equal(creds.brand.password, saved.brand.password);
    const operator = await deps().users.findCredentials(creds.operator.email);
    assert.ok(await deps().passwords.verify(creds.operator.password, operator!.passwordHash));
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')).operator, creds.operator);
  });
});
