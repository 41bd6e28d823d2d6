import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Db } from '../../server/db/database.ts';
import { runMigrations } from '../../server/db/migrate.ts';
import { createJobQueue, type JobQueue } from '../../server/jobs/job-queue.ts';
import { createSessionMiddleware, SESSION_IDLE_MS, SESSION_ABSOLUTE_MS } from '../../server/auth/session-middleware.ts';
import { SESSION_COOKIE } from '../../server/auth/cookies.ts';
import { createDbClock } from '../../server/db/db-clock.ts';
import { createSessionRepository, hashSessionId } from '../../server/repositories/session-repository.ts';
import { createUserRepository } from '../../server/repositories/user-repository.ts';
import { withClockSkew } from '../support/skewed-clock.ts';
import { freshTestDatabase } from '../support/test-portal.ts';

/**
 * F17: a worker whose clock jumped 10 minutes ahead or behind shares the queue with a worker on time,
 * and a portal process whose clock jumped judges sessions as one on time would.
 * Leases, due times and backoff are the database's time, so the skewed worker neither steals a live
 * lease nor keeps a dead one, and what it schedules runs when it should. SQLite by default; PostgreSQL
 * when SHADEGATE_TEST_PG is set.
 */
const TEN_MINUTES = 10 * 60_000;
/** Short enough for a quick test, long enough that a busy machine does not let it lapse between two calls. */
const SHORT_LEASE_MS = 800;
const BACKOFF_BASE_MS = 600; // attempt 1 waits 450–750 ms
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let db: Db;
let dir: string;
let database: Awaited<ReturnType<typeof freshTestDatabase>>;
let onTime: JobQueue;
let typeCounter = 0;
const freshType = () => `clock-${++typeCounter}`;

/** A second worker on the same database whose process clock is `offsetMs` off (for everything it does). */
function skewedWorker(offsetMs: number) {
  let queue: JobQueue | null = null;
  const run = <T>(fn: (q: JobQueue) => Promise<T>) =>
    withClockSkew(offsetMs, async () => fn((queue ??= createJobQueue(db, { backoffBaseMs: BACKOFF_BASE_MS }))));
  return run;
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-clock-'));
  database = await freshTestDatabase();
  db = openDatabase(database?.url ?? `sqlite:${path.join(dir, 'jobs.sqlite')}`);
  await runMigrations(db);
  onTime = createJobQueue(db, { backoffBaseMs: BACKOFF_BASE_MS });
});
after(async () => {
  await db.destroy();
  await database?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a worker whose clock is 10 minutes off', () => {
  it('10 minutes ahead: does not steal a lease that is still live', async () => {
    const ahead = skewedWorker(TEN_MINUTES);
    const type = freshType();
    await onTime.enqueue(db, { type, payload: null });
    const held = await onTime.claim([type], 60_000);
    assert.ok(held);
    assert.equal(await ahead((q) => q.claim([type], 60_000)), null, 'the live lease stays with its holder');
    assert.equal(await onTime.complete(held), true);
  });

  it('10 minutes behind: takes over a dead lease as soon as it expired', async () => {
    const behind = skewedWorker(-TEN_MINUTES);
    const type = freshType();
    await onTime.enqueue(db, { type, payload: null });
    const dead = await onTime.claim([type], SHORT_LEASE_MS);
    assert.ok(dead);
    assert.equal(await behind((q) => q.claim([type], 60_000)), null, 'not before the lease expires');
    await sleep(SHORT_LEASE_MS + 300); // the holder died; its lease is over
    const taken = await behind((q) => q.claim([type], 60_000));
    assert.equal(taken?.id, dead.id);
    assert.equal(taken?.attempts, 2);
    assert.equal(await onTime.complete(dead), false, 'the dead holder cannot complete it any more');
    assert.equal(await behind((q) => q.complete(taken!)), true);
  });

  it('10 minutes ahead: a lease it takes is not kept 10 minutes longer when it dies', async () => {
    const ahead = skewedWorker(TEN_MINUTES);
    const type = freshType();
    await onTime.enqueue(db, { type, payload: null });
    const dead = await ahead((q) => q.claim([type], SHORT_LEASE_MS));
    assert.ok(dead);
    assert.equal(await onTime.claim([type], 60_000), null, 'its lease is live at first');
    await sleep(SHORT_LEASE_MS + 300);
    const taken = await onTime.claim([type], 60_000);
    assert.equal(taken?.id, dead.id, 'the worker on time takes over once the lease passed');
    assert.equal(await onTime.complete(taken!), true);
  });

  it('10 minutes behind: a lease it takes is not stolen by a worker on time', async () => {
    const behind = skewedWorker(-TEN_MINUTES);
    const type = freshType();
    await onTime.enqueue(db, { type, payload: null });
    const held = await behind((q) => q.claim([type], 60_000));
    assert.ok(held);
    assert.equal(await onTime.claim([type], 60_000), null);
    assert.equal(await behind((q) => q.complete(held)), true);
  });

  it('what it enqueues is due when the database says, not 10 minutes early or late', async () => {
    const ahead = skewedWorker(TEN_MINUTES);
    const behind = skewedWorker(-TEN_MINUTES);
    const now = freshType();
    const later = freshType();
    await ahead((q) => q.enqueue(db, { type: now, payload: null }));
    await behind((q) => q.enqueue(db, { type: later, payload: null, delayMs: 60_000 }));
    const due = await onTime.claim([now], 60_000);
    assert.ok(due, 'enqueued without delay by a clock ahead: due at once');
    assert.equal(await onTime.claim([later], 60_000), null, 'enqueued with a 60 s delay by a clock behind: not due yet');
    assert.equal(await onTime.complete(due), true);
  });

  it('a retry it schedules waits its backoff by the database clock', async () => {
    const ahead = skewedWorker(TEN_MINUTES);
    const behind = skewedWorker(-TEN_MINUTES);
    const early = freshType();
    const late = freshType();
    await onTime.enqueue(db, { type: early, payload: null, maxAttempts: 3 });
    await onTime.enqueue(db, { type: late, payload: null, maxAttempts: 3 });
    const a = await behind((q) => q.claim([early], 60_000));
    const b = await ahead((q) => q.claim([late], 60_000));
    assert.equal(await behind((q) => q.fail(a!, new Error('try later'))), 'queued');
    assert.equal(await ahead((q) => q.fail(b!, new Error('try later'))), 'queued');
    assert.equal(await onTime.claim([early], 60_000), null, 'a clock behind does not make the retry due at once');
    await sleep(BACKOFF_BASE_MS * 1.25 + 300);
    const retriedEarly = await onTime.claim([early], 60_000);
    const retriedLate = await onTime.claim([late], 60_000);
    assert.equal(retriedEarly?.attempts, 2);
    assert.equal(retriedLate?.attempts, 2, 'a clock ahead does not push the retry 10 minutes out');
  });

  it('the job timestamps it writes are within a second of the database clock', async () => {
    const ahead = skewedWorker(TEN_MINUTES);
    const type = freshType();
    const id = await ahead((q) => q.enqueue(db, { type, payload: null }));
    const row = await db('jobs').where({ id }).first();
    const dbNow = await onTime.currentTime();
    for (const column of ['created_at', 'run_at']) {
      assert.ok(Math.abs(Date.parse(row[column]) - dbNow) < 1000, `${column} ${row[column]} vs ${new Date(dbNow).toISOString()}`);
    }
  });
});

describe('a portal process whose clock is 10 minutes off, judging sessions', () => {
  const FIVE_MINUTES = 5 * 60_000;

  /** A brand user of their own, for a session to belong to. */
  async function freshUser() {
    const users = createUserRepository(db);
    const brand = await users.createBrand({ name: 'Clock', slug: `clock-${crypto.randomUUID().slice(0, 8)}` });
    return users.createUser({ email: `${crypto.randomUUID()}@clock.test`, name: 'Clock', role: 'brand', brandId: brand.id, passwordHash: 'x' });
  }

  /** A live session of a fresh user, with its times set to the database's now plus the given offsets. */
  async function sessionAged(lastSeenOffsetMs: number, createdOffsetMs = lastSeenOffsetMs) {
    const { sessionId } = await createSessionRepository(db).create((await freshUser()).id);
    const clock = createDbClock(db);
    await db('sessions')
      .where({ id_hash: hashSessionId(sessionId) })
      .update({ last_seen_at: clock.at(db, lastSeenOffsetMs), created_at: clock.at(db, createdOffsetMs) });
    return sessionId;
  }

  /** One request through the session middleware of a process whose clock is `offsetMs` off: whose session it carried. */
  async function requestWith(sessionId: string, offsetMs: number): Promise<{ user: unknown; cleared: boolean }> {
    return withClockSkew(offsetMs, async () => {
      // Built inside the skew, as in a process started on that clock.
      const middleware = createSessionMiddleware({ sessions: createSessionRepository(db), users: createUserRepository(db) });
      let cleared = false;
      const req = { headers: { cookie: `${SESSION_COOKIE}=${sessionId}` } } as any;
      const res = { locals: {}, clearCookie: () => (cleared = true) } as any;
      await new Promise<void>((resolve, reject) => middleware(req, res, (error?: unknown) => (error ? reject(error) : resolve())).catch(reject));
      return { user: req.ctx.user, cleared };
    });
  }

  it('10 minutes ahead: keeps a session idle for less than the limit', async () => {
    const sessionId = await sessionAged(-(SESSION_IDLE_MS - FIVE_MINUTES));
    const { user, cleared } = await requestWith(sessionId, TEN_MINUTES);
    assert.ok(user, 'the session is live');
    assert.equal(cleared, false);
  });

  it('10 minutes behind: ends a session idle for longer than the limit, on the server too', async () => {
    const sessionId = await sessionAged(-(SESSION_IDLE_MS + FIVE_MINUTES));
    const { user, cleared } = await requestWith(sessionId, -TEN_MINUTES);
    assert.equal(user, null);
    assert.equal(cleared, true);
    assert.equal(await db('sessions').where({ id_hash: hashSessionId(sessionId) }).first(), undefined, 'destroyed server-side');
  });

  it('10 minutes behind: ends a session older than the absolute limit, however recently it was used', async () => {
    const sessionId = await sessionAged(-60_000, -(SESSION_ABSOLUTE_MS + FIVE_MINUTES));
    assert.equal((await requestWith(sessionId, -TEN_MINUTES)).user, null);
  });

  it('writes a session\'s times on the database clock, not its own', async () => {
    const user = await freshUser();
    const { sessionId } = await withClockSkew(TEN_MINUTES, () => createSessionRepository(db).create(user.id));
    const row = await db('sessions').where({ id_hash: hashSessionId(sessionId) }).first();
    const dbNow = await createDbClock(db).now();
    // Written and read back within one step of the test: well under a second apart, where the skewed clock is 10 minutes off.
    for (const column of ['created_at', 'last_seen_at']) {
      assert.ok(Math.abs(Date.parse(row[column]) - dbNow) < 1000, `${column} ${row[column]} vs ${new Date(dbNow).toISOString()}`);
    }
  });
});
