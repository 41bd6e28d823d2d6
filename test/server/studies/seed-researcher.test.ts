import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPasswordHasher } from '../../../server/auth/passwords.ts';
import { openDatabase, type Db } from '../../../server/db/database.ts';
import { runMigrations } from '../../../server/db/migrate.ts';
import { createMarketplaceRepository } from '../../../server/marketplaces/marketplace-repository.ts';
import { createUserRepository } from '../../../server/repositories/user-repository.ts';
import { seedDemo } from '../../../server/seed.ts';

let dir: string;
let db: Db;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-seed-'));
  db = openDatabase(`sqlite:${path.join(dir, 'seed.sqlite')}`);
  await runMigrations(db);
});
after(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the demo seed', () => {
  const deps = () => ({ users: createUserRepository(db), marketplaces: createMarketplaceRepository(db), passwords: createPasswordHasher(4), dataDir: dir });

  it('creates a demo researcher beside the brand user and reviewer, with a password that logs in', async () => {
    const demo = await seedDemo(deps());
    const found = await deps().users.findCredentials(demo.researcher.email);
    assert.equal(found?.user.role, 'researcher');
    assert.ok(await createPasswordHasher(4).verify(demo.researcher.password, found!.passwordHash));
    assert.deepEqual(await seedDemo(deps()), demo, 'the same credentials on the next start');
  });

  it('adds the researcher to an installation seeded before researchers existed', async () => {
    const file = path.join(dir, 'demo-credentials.json');
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    delete saved.researcher;
    fs.writeFileSync(file, JSON.stringify(saved));
    await db('users').where({ role: 'researcher' }).delete();
    const demo = await seedDemo(deps());
    assert.equal((await deps().users.findCredentials(demo.researcher.email))?.user.role, 'researcher');
    assert.ok(JSON.parse(fs.readFileSync(file, 'utf8')).researcher.password.length > 8);
  });
});
