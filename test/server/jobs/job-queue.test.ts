import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Db } from '../../../server/db/database.ts';
import { runMigrations } from '../../../server/db/migrate.ts';
import { createJobQueue, PermanentJobError } from '../../../server/jobs/job-queue.ts';

let db: Db;
let dir: string;
/** The queue keeps time by the database's clock: tests let real (short) time pass. */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-jobs-'));
  db = openDatabase(`sqlite:${path.join(dir, 'jobs.sqlite')}`);
  await runMigrations(db);
});
after(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the job queue', () => {
  it('creates no job when the transaction that enqueued it rolls back', async () => {
    const queue = createJobQueue(db);
    await assert.rejects(
      db.transaction(async (trx) => {
        await queue.enqueue(trx, { type: 'rollback-test', payload: {} });
        throw new Error('state change failed');
      }),
    );
    assert.equal(await queue.claim(['rollback-test'], 1000), null);
  });

  it('enqueues one job per dedupe key', async () => {
    const queue = createJobQueue(db);
    assert.ok(await queue.enqueue(db, { type: 'dedupe', payload: 1, dedupeKey: 'event-1' }));
    assert.equal(await queue.enqueue(db, { type: 'dedupe', payload: 2, dedupeKey: 'event-1' }), null);
    const job = await queue.claim(['dedupe'], 1000);
    assert.equal(job?.payload, 1);
    assert.equal(await queue.claim(['dedupe'], 1000), null);
  });

  it('gives a claimed job to nobody else until its lease expires, then to the next worker', async () => {
    const queue = createJobQueue(db);
    await queue.enqueue(db, { type: 'lease', payload: 'x' });
    const first = await queue.claim(['lease'], 800);
    assert.ok(first);
    assert.equal(await queue.claim(['lease'], 800), null);
    await sleep(1_100);
    const second = await queue.claim(['lease'], 30_000);
    assert.equal(second?.id, first.id);
    assert.equal(second?.attempts, 2);
    // The stale worker resumes: its completion is refused; the current holder's is accepted.
    assert.equal(await queue.complete(first), false);
    assert.equal(await queue.complete(second!), true);
  });

  it('retries a failed job after a backoff and dead-letters it after max attempts', async () => {
    const queue = createJobQueue(db, { backoffBaseMs: 600 });
    await queue.enqueue(db, { type: 'flaky', payload: null, maxAttempts: 2 });
    const a1 = await queue.claim(['flaky'], 10_000);
    assert.equal(await queue.fail(a1!, new Error('451 try later')), 'queued');
    assert.equal(await queue.claim(['flaky'], 10_000), null, 'not before the backoff');
    await sleep(1_050); // backoff of attempt 1 is 600 ms ± 25 %
    const a2 = await queue.claim(['flaky'], 10_000);
    assert.equal(a2?.attempts, 2);
    assert.equal(await queue.fail(a2!, new Error('451 try later')), 'dead');
    const row = await db('jobs').where({ id: a2!.id }).first();
    assert.equal(row.status, 'dead');
    assert.match(row.last_error, /451/);
  });

  it('dead-letters a permanent failure at once', async () => {
    const queue = createJobQueue(db);
    await queue.enqueue(db, { type: 'permanent', payload: null, maxAttempts: 5 });
    const job = await queue.claim(['permanent'], 10_000);
    assert.equal(await queue.fail(job!, new PermanentJobError('550 no such user')), 'dead');
  });

  it('reports queue depth and the age of the oldest queued job', async () => {
    const queue = createJobQueue(db);
    await queue.enqueue(db, { type: 'stats', payload: null });
    await sleep(300);
    const stats = await queue.stats();
    assert.ok(stats.byStatus.queued >= 1);
    assert.ok(stats.oldestQueuedAgeSeconds >= 0.25, String(stats.oldestQueuedAgeSeconds));
  });
});
