import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { openDatabase, type Db } from '../../server/db/database.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields } from '../support/browserless-client.ts';
import { freshTestDatabase } from '../support/test-portal.ts';
import { spawnPortal, type PortalProcess } from './portal-process.ts';

/**
 * Checklist F1–F3 and F10: the portal is SIGKILLed while uploads are streaming and again while jobs are
 * running, then restarted on the same data. Every acknowledged upload must be there and verify by
 * SHA-256, nothing half-written may remain, and every job's effect must have happened exactly once.
 */
let dataDir: string;
let photo: Buffer;
let running: PortalProcess | null = null;
const acknowledged = new Map<string, string>(); // submission id → sha256 of the bytes sent
/** SQLite in the data folder, or a fresh PostgreSQL database when the suite runs on one. */
let database: Awaited<ReturnType<typeof freshTestDatabase>> = null;
const databaseUrl = () => database?.url ?? `sqlite:${path.join(dataDir, 'shadegate.sqlite')}`;
const env = () => ({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl(), SEED_DEMO: 'true', ANALYSIS_THREADS: '1', JOB_LEASE_MS: '1500' });

interface Session {
  cookie: string;
  csrf: string;
}

async function logIn(url: string): Promise<Session> {
  const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
  const res = await request(url).post('/login').type('form').send(creds.brand);
  assert.equal(res.status, 303, res.text);
  const cookie = ([] as string[]).concat(res.headers['set-cookie']).map((c) => c.split(';')[0]).join('; ');
  const page = await request(url).get('/dashboard').set('Cookie', cookie);
  return { cookie, csrf: /<meta name="csrf-token" content="([^"]+)"/.exec(page.text)![1] };
}

/** One upload; resolves to the submission id when the server acknowledged it, null otherwise. */
async function upload(url: string, session: Session, bytes: Buffer, code: string): Promise<string | null> {
  try {
    const req = request(url).post('/submissions').set('Cookie', session.cookie).field('_csrf', session.csrf);
    for (const [k, v] of Object.entries(defaultFields({ shadeCode: code }))) req.field(k, v);
    const res = await req.attach('front', bytes, { filename: `lumiere_silk-matte_${code}_front.jpg`, contentType: 'image/jpeg' });
    if (res.status !== 303) return null;
    return /\/submissions\/([0-9a-f-]{36})$/.exec(res.headers.location)?.[1] ?? null;
  } catch {
    return null; // the connection died with the process: not acknowledged
  }
}

/** Uploads in parallel lanes until `stop()` turns true; records every acknowledgement. */
async function uploadUntil(url: string, session: Session, stop: () => boolean, lanes = 3): Promise<void> {
  const sha = crypto.createHash('sha256').update(photo).digest('hex');
  let n = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (!stop()) {
        const id = await upload(url, session, photo, `cr-${++n}`);
        if (id) acknowledged.set(id, sha);
        else if (stop()) return;
      }
    }),
  );
}

async function until(check: () => Promise<boolean>, what: string, budgetMs = 60_000): Promise<void> {
  const deadline = Date.now() + budgetMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}\n${running?.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase(databaseUrl());
  return fn(db).finally(() => db.destroy());
}

const dueJobs = (db: Db) =>
  db('jobs').whereIn('status', ['queued', 'running']).andWhere('run_at', '<=', new Date().toISOString()).count({ n: '*' }).first();

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-crash-'));
  database = await freshTestDatabase();
  // 300 × 400: refused by the resolution rule, so every upload also enqueues a rejection email job.
  photo = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 300, height: 400 }))).bytes;
});
after(async () => {
  await running?.kill();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a portal killed with SIGKILL', { timeout: 180_000 }, () => {
  it('keeps every acknowledged upload, verified, across a kill mid-upload and a kill mid-job', async () => {
    // 1. Kill while uploads stream: as soon as a few are acknowledged, with more in flight.
    running = await spawnPortal(env());
    const first = running;
    let killed = false;
    const session = await logIn(first.url);
    const lanes = uploadUntil(first.url, session, () => killed);
    await until(async () => acknowledged.size >= 4, 'four acknowledged uploads');
    await first.kill('SIGKILL');
    killed = true;
    await lanes;

    // 2. Restart, and kill again as soon as a job is being worked on.
    running = await spawnPortal(env());
    const second = running;
    await until(() => withDb(async (db) => (await db('jobs').where({ status: 'running' }).first()) !== undefined || Number((await dueJobs(db))?.n) === 0), 'a running job');
    await second.kill('SIGKILL');

    // 3. Restart with no grace period: the reconciler runs at once and removes what the kills left.
    // The time is taken before the spawn: the run may start before the process reports it is listening.
    const startedAt = new Date().toISOString();
    running = await spawnPortal({ ...env(), RECONCILE_GRACE_MS: '0', RECONCILE_ON_START: 'true' });
    await until(() => withDb(async (db) => (await db('reconciler_runs').where('started_at', '>=', startedAt).first()) !== undefined), 'a reconciler run');
    await until(() => withDb(async (db) => Number((await dueJobs(db))?.n) === 0), 'the job backlog to drain');

    // 4. A client whose upload died with the process retries: it succeeds once.
    const retried = await upload(running.url, await logIn(running.url), photo, 'cr-retry');
    assert.ok(retried, 'the retry is acknowledged');
    acknowledged.set(retried, crypto.createHash('sha256').update(photo).digest('hex'));
    await until(() => withDb(async (db) => Number((await dueJobs(db))?.n) === 0), 'the retry\'s jobs');
    await running.kill('SIGTERM');
    running = null;

    await withDb(async (db) => {
      const root = path.join(dataDir, 'photos');
      // Every acknowledged upload: its row and its bytes, verified.
      for (const [id, sha] of acknowledged) {
        const photos = await db('photos').where({ submission_id: id });
        assert.equal(photos.length, 1, `submission ${id} has its photo`);
        assert.equal(photos[0].sha256, sha);
        const onDisk = fs.readFileSync(path.join(root, photos[0].storage_key));
        assert.equal(crypto.createHash('sha256').update(onDisk).digest('hex'), sha, `${id}'s file verifies`);
      }
      // Nothing half-done: every submission has its photo; every stored original belongs to a row; no temp file.
      const submissions = await db('submissions').select('id');
      for (const s of submissions) assert.ok(await db('photos').where({ submission_id: s.id }).first(), `submission ${s.id} is complete`);
      const keys = new Set((await db('photos').select('storage_key')).map((r: { storage_key: string }) => r.storage_key));
      const originals = fs.readdirSync(path.join(root, 'originals'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      for (const f of originals) assert.ok(keys.has(path.relative(root, path.join(f.parentPath, f.name))), `orphan ${f.name} was removed`);
      assert.deepEqual(fs.readdirSync(path.join(root, 'tmp')).filter((n) => n.endsWith('.part')), []);
      assert.equal(await db('photo_integrity_issues').first(), undefined, 'the reconciler flagged nothing');

      // Every job finished, none dead, none still held; each rejection produced exactly one email.
      const stuck = await db('jobs').whereIn('status', ['running', 'dead']).select('type', 'status', 'last_error');
      assert.deepEqual(stuck, []);
      const emailCounts: Array<{ submission_id: string; n: number | string }> = await db('emails')
        .where({ kind: 'rejection' })
        .select('submission_id')
        .count({ n: '*' })
        .groupBy('submission_id');
      const perSubmission = new Map(emailCounts.map((r) => [r.submission_id, Number(r.n)]));
      for (const s of submissions) assert.equal(perSubmission.get(s.id), 1, `one rejection email for ${s.id}`);
      const undelivered = await db('emails').whereNotIn('status', ['captured', 'sent', 'no_recipients']).select('id', 'status');
      assert.deepEqual(undelivered, []);
      const mailJobs = await db('jobs').where({ type: 'mail.send' }).select('status');
      assert.equal(mailJobs.length, submissions.length);
      assert.ok(mailJobs.every((j: { status: string }) => j.status === 'done'));
    });
    assert.ok(acknowledged.size >= 5);
  });

  it('on SIGTERM under load, finishes or refuses what is in flight, releases its job leases and exits cleanly (F14)', async () => {
    running = await spawnPortal(env());
    const portal = running;
    const before = acknowledged.size;
    let stopping = false;
    const lanes = uploadUntil(portal.url, await logIn(portal.url), () => stopping);
    await until(async () => acknowledged.size >= before + 3, 'three more acknowledged uploads');
    stopping = true;
    await portal.kill('SIGTERM');
    await lanes;
    running = null;
    assert.equal(portal.child.exitCode, 0, portal.output().slice(-2000));

    await withDb(async (db) => {
      assert.deepEqual(await db('jobs').where({ status: 'running' }).select('type'), [], 'no job is left holding a lease');
      for (const [id, sha] of acknowledged) {
        const row = await db('photos').where({ submission_id: id }).first();
        assert.equal(row?.sha256, sha, `acknowledged ${id} is stored`);
        const onDisk = fs.readFileSync(path.join(dataDir, 'photos', row.storage_key));
        assert.equal(crypto.createHash('sha256').update(onDisk).digest('hex'), sha);
      }
      for (const s of await db('submissions').select('id')) assert.ok(await db('photos').where({ submission_id: s.id }).first(), `submission ${s.id} is complete`);
    });
    assert.deepEqual(fs.readdirSync(path.join(dataDir, 'photos', 'tmp')).filter((n) => n.endsWith('.part')), []);
  });
});
