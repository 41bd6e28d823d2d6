/**
 * Rate limits shared across processes: two portals on one database count a client's attempts
 * together, so running more processes does not multiply anyone's attempts. On SQLite the two portals
 * share one database file; with SHADEGATE_TEST_PG, one fresh PostgreSQL database.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { isPostgres, openDatabase, type Db } from '../../../server/db/database.ts';
import { runMigrations } from '../../../server/db/migrate.ts';
import { createRateLimitRepository } from '../../../server/repositories/rate-limit-repository.ts';
import { freshTestDatabase, startTestPortal, type TestPortal } from '../../support/test-portal.ts';

const MAX = 4;
let dir = '';
let database: Awaited<ReturnType<typeof freshTestDatabase>> = null;
let databaseUrl = '';
const portals: TestPortal[] = [];
const handles: Db[] = [];

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-rate-limit-'));
  database = await freshTestDatabase();
  databaseUrl = database?.url ?? `sqlite:${path.join(dir, 'shared.sqlite')}`;
});

after(async () => {
  for (const portal of portals) await portal.cleanup();
  for (const db of handles) await db.destroy();
  await database?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A database handle of its own (its own connections, as another process would have), migrated. */
async function connect(): Promise<Db> {
  const db = openDatabase(databaseUrl);
  handles.push(db);
  await runMigrations(db);
  return db;
}

describe('login rate limit across two portals on one database', () => {
  it('counts the attempts made at either portal together, and refuses at both once over the limit', async () => {
    for (let i = 0; i < 2; i++) portals.push(await startTestPortal({ DATABASE_URL: databaseUrl }, { loginLimit: { windowMs: 60_000, max: MAX } }));
    const [a, b] = portals;
    const attempt = (portal: TestPortal, i: number) =>
      request(portal.url).post('/login').type('form').send({ email: 'nobody@example.com', password: `wrong-${i}` });

    for (let i = 0; i < MAX; i++) {
      const res = await attempt(i % 2 === 0 ? a : b, i);
      assert.equal(res.status, 401, `attempt ${i + 1}`);
      assert.equal(res.headers['ratelimit-remaining'], String(MAX - 1 - i), `attempt ${i + 1}, at portal ${i % 2 === 0 ? 'a' : 'b'}`);
    }
    for (const portal of [a, b]) {
      const blocked = await attempt(portal, 99);
      assert.equal(blocked.status, 429);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
    }
  });
});

describe('rate limit windows in the database', () => {
  it('counts every one of many concurrent hits from two connections exactly once', async () => {
    const [first, second] = [createRateLimitRepository(await connect()), createRateLimitRepository(await connect())];
    const hits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).hit('concurrent', '198.51.100.1', 60_000)));
    assert.deepEqual(
      hits.map((h) => h.hits).sort((x, y) => x - y),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    for (const h of hits) assert.ok(h.resetInMs > 0 && h.resetInMs <= 60_000, `${h.resetInMs} ms left`);
  });

  it('never reports more time left than the window, for a hit that waited on the one opening it', async (t) => {
    const db = await connect();
    // SQLite writers queue before their statement reads the clock; PostgreSQL reads it first, then waits.
    if (!isPostgres(db)) return t.skip('PostgreSQL reads a statement clock before waiting on a row lock');
    const limits = createRateLimitRepository(await connect());
    const opener = await db.transaction();
    try {
      await opener.raw(`insert into rate_limit_windows (limiter, bucket, hits, reset_at) values ('waited', '198.51.100.4', 1, '')`);
      const waiting = limits.hit('waited', '198.51.100.4', 60_000); // its clock reads now, then it waits on the row
      await new Promise((resolve) => setTimeout(resolve, 200));
      // The window opens 200 ms after the waiting hit read its clock.
      await opener.raw(
        `update rate_limit_windows set reset_at = to_char((clock_timestamp() + interval '60 seconds') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') where limiter = 'waited'`,
      );
      await opener.commit();
      const hit = await waiting;
      assert.equal(hit.hits, 2);
      assert.ok(hit.resetInMs <= 60_000, `${hit.resetInMs} ms left of a 60 s window`);
      assert.ok(hit.resetInMs > 59_000, `${hit.resetInMs} ms left`);
    } finally {
      if (!opener.isCompleted()) await opener.rollback();
    }
  });

  it('starts a new window once the open one has ended, and keeps limits and buckets apart', async () => {
    const limits = createRateLimitRepository(await connect());
    const windowMs = 300;
    assert.equal((await limits.hit('short', '198.51.100.2', windowMs)).hits, 1);
    const second = await limits.hit('short', '198.51.100.2', windowMs);
    assert.equal(second.hits, 2);
    assert.equal((await limits.hit('short', '198.51.100.3', windowMs)).hits, 1, 'another bucket');
    assert.equal((await limits.hit('other', '198.51.100.2', windowMs)).hits, 1, 'another limit');
    // Past the end of the window (on the database's clock), the next hit opens a new one.
    await new Promise((resolve) => setTimeout(resolve, second.resetInMs + 50));
    assert.equal((await limits.hit('short', '198.51.100.2', windowMs)).hits, 1);
  });
});
