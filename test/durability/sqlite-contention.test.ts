import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../support/browserless-client.ts';
import { distinctJpeg, named } from '../support/submission-helpers.ts';
import { createBrandUser, startTestPortal, testPostgresUrl, type TestPortal } from '../support/test-portal.ts';
import { spawnPortal, type PortalProcess } from './portal-process.ts';

/**
 * F7 (bounded): three processes on one SQLite file — the web process of this test (with its job runner),
 * a second web process and a worker process, the reconciler running every second — while brands upload
 * and browse for LOAD_MS. No SQLITE_BUSY may reach a user, every job must finish, the file must pass
 * `PRAGMA integrity_check` and the WAL must stay bounded. The suite holds the load 30 s; the full
 * 10-minute soak is the same test with F7_SOAK_SECONDS=600.
 */
const LOAD_MS = Number(process.env.F7_SOAK_SECONDS ?? 30) * 1000;
/** SQLite checkpoints every 1000 pages (about 4 MiB); a WAL far beyond that means checkpoints are starved. */
const WAL_LIMIT_BYTES = 16 * 1024 * 1024;
const skip = testPostgresUrl() ? 'SQLite contention only (SHADEGATE_TEST_PG is set)' : false;

describe('one SQLite file under web uploads, worker jobs and the reconciler at once', { skip, timeout: LOAD_MS + 150_000 }, () => {
  let web: TestPortal;
  const processes: PortalProcess[] = [];
  let clients: Client[] = [];
  let photo: Buffer;

  before(async () => {
    web = await startTestPortal({ RECONCILE_INTERVAL_MS: 1_000 });
    const shared = { DATA_DIR: web.dataDir, SEED_DEMO: 'false', ANALYSIS_THREADS: '1', RECONCILE_INTERVAL_MS: '1000' };
    processes.push(
      ...(await Promise.all([spawnPortal({ ...shared, RUN_WORKERS: 'false' }), spawnPortal(shared, ['worker'])])),
    );
    const brands = await Promise.all([createBrandUser(web, 'Busy One'), createBrandUser(web, 'Busy Two')]);
    clients = await Promise.all(brands.map((b) => login(web, b.email, b.password)));
    // 300 × 400: refused by the resolution rule, so every upload also enqueues a rejection email job.
    photo = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 300, height: 400 }))).bytes;
  });

  after(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGTERM')));
    await web?.cleanup();
  });

  it('answers every request, finishes every job and keeps the file sound and the WAL bounded', async () => {
    const wal = path.join(web.dataDir, 'shadegate.sqlite-wal');
    const webUrls = [web.url, processes[0].url];
    const answers: Array<{ what: string; status: number; text: string; ms: number }> = [];
    let uploads = 0;
    let walMax = 0;
    const deadline = Date.now() + LOAD_MS;

    const sampling = setInterval(() => {
      if (fs.existsSync(wal)) walMax = Math.max(walMax, fs.statSync(wal).size);
    }, 200);

    const uploader = async (client: Client, url: string, lane: number) => {
      const onUrl = { ...client, post: (p: string) => request(url).post(p).set('Cookie', client.cookie) };
      while (Date.now() < deadline) {
        const code = `bz-${lane}-${++uploads}`;
        const started = Date.now();
        const res = await submitShade(onUrl, defaultFields({ shadeCode: code }), [named(distinctJpeg(photo, code), code)]);
        answers.push({ what: `upload ${code}`, status: res.status, text: res.text, ms: Date.now() - started });
      }
    };
    const browser = async (client: Client, url: string) => {
      while (Date.now() < deadline) {
        const started = Date.now();
        const res = await request(url).get('/dashboard').set('Cookie', client.cookie);
        answers.push({ what: 'dashboard', status: res.status, text: res.text, ms: Date.now() - started });
      }
    };

    await Promise.all([
      ...webUrls.flatMap((url, i) => [uploader(clients[0], url, i * 2), uploader(clients[1], url, i * 2 + 1)]),
      ...webUrls.map((url, i) => browser(clients[i], url)),
    ]);

    const bad = answers.filter((a) => (a.what === 'dashboard' ? a.status !== 200 : a.status !== 303));
    assert.deepEqual(bad.map((a) => `${a.what}: ${a.status} ${a.text.slice(0, 120)}`), [], 'no request failed');
    assert.equal(answers.filter((a) => /SQLITE_BUSY|database is locked/i.test(a.text)).length, 0);

    // Every rejection email job runs to completion (the runner here and the worker process compete for them).
    const uploaded = answers.filter((a) => a.what.startsWith('upload')).length;
    const jobsDone = async () => {
      const rows = await web.db('jobs').where({ type: 'mail.send' }).select('status', 'attempts');
      return rows.length === uploaded && rows.every((r) => r.status === 'done') ? rows : null;
    };
    let mailJobs = null;
    for (const until = Date.now() + 60_000; !mailJobs && Date.now() < until; ) {
      mailJobs = await jobsDone();
      if (!mailJobs) await new Promise((r) => setTimeout(r, 250));
    }
    clearInterval(sampling);
    assert.ok(mailJobs, 'every mail job finished');
    const retried = mailJobs.filter((r) => Number(r.attempts) > 1).length;

    assert.equal(Number((await web.db('submissions').count({ n: '*' }))[0].n), uploaded, 'one row per answered upload');
    assert.equal(Number((await web.db('emails').where({ kind: 'rejection' }).count({ n: '*' }))[0].n), uploaded, 'one email per refusal');
    const integrity = await web.db.raw('PRAGMA integrity_check');
    assert.deepEqual(integrity, [{ integrity_check: 'ok' }]);
    const reconciles = Number((await web.db('jobs').where({ type: 'storage.reconcile', status: 'done' }).count({ n: '*' }))[0].n);
    assert.ok(reconciles >= 5, `the reconciler ran during the load (${reconciles} runs)`);
    assert.ok(walMax < WAL_LIMIT_BYTES, `WAL peaked at ${walMax} bytes`);

    // Not even the other processes' job claims met a lock they could not wait for (IMMEDIATE transactions).
    const busyInLogs = processes.map((p) => (p.output().match(/SQLITE_BUSY|database is locked/g) ?? []).length);
    assert.deepEqual(busyInLogs, [0, 0], 'no SQLITE_BUSY in the logs of the second web process and the worker');
    const dbBytes = fs.statSync(path.join(web.dataDir, 'shadegate.sqlite')).size;
    const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
    console.log(
      `# ${uploaded} uploads and ${answers.length - uploaded} page views in ${LOAD_MS / 1000} s on 3 processes; ` +
        `p50 ${ms[Math.floor(ms.length / 2)]} ms, p99 ${ms[Math.ceil(ms.length * 0.99) - 1]} ms; ` +
        `${reconciles} reconciler runs; WAL peak ${(walMax / 1024).toFixed(0)} KiB (database ${(dbBytes / 1024).toFixed(0)} KiB); ` +
        `${retried} mail jobs retried`,
    );
  });
});
