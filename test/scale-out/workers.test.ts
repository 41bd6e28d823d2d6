import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { openDatabase, type Db } from '../../server/db/database.ts';
import { runMigrations } from '../../server/db/migrate.ts';
import { createJobQueue } from '../../server/jobs/job-queue.ts';
import { spawnPortal, type PortalProcess } from '../durability/portal-process.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade } from '../support/browserless-client.ts';
import { createBrandUser, freshTestDatabase, startTestPortal, testPostgresUrl, type TestPortal } from '../support/test-portal.ts';

/**
 * The scale-out path on a real PostgreSQL server (SHADEGATE_TEST_PG): jobs claimed with
 * FOR UPDATE SKIP LOCKED by competing workers, and several web and worker processes sharing one
 * database and one photo store.
 */
const skip = testPostgresUrl() ? false : 'needs a PostgreSQL server in SHADEGATE_TEST_PG';

describe('competing workers on PostgreSQL', { skip }, () => {
  let database: Awaited<ReturnType<typeof freshTestDatabase>>;
  const pools: Db[] = [];
  before(async () => {
    database = await freshTestDatabase();
    for (let i = 0; i < 2; i++) pools.push(openDatabase(database!.url));
    await runMigrations(pools[0]);
  });
  after(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
    await database?.drop();
  });

  it('gives each of 200 jobs to exactly one of two workers claiming at the same time', async () => {
    const [a, b] = pools.map((p) => createJobQueue(p));
    for (let i = 0; i < 200; i++) await a.enqueue(pools[0], { type: 'race', payload: i });
    const claimedBy = async (queue: typeof a) => {
      const ids: string[] = [];
      for (let job = await queue.claim(['race'], 60_000); job; job = await queue.claim(['race'], 60_000)) {
        ids.push(job.id);
        assert.equal(await queue.complete(job), true);
      }
      return ids;
    };
    const [first, second] = await Promise.all([claimedBy(a), claimedBy(b)]);
    assert.equal(first.length + second.length, 200);
    assert.equal(new Set([...first, ...second]).size, 200, 'no job was claimed twice');
    assert.ok(first.length > 0 && second.length > 0, `both workers got work (${first.length} / ${second.length})`);
    const attempts = await pools[0]('jobs').where({ type: 'race' }).max({ m: 'attempts' }).first();
    assert.equal(Number(attempts?.m), 1);
  });
});

describe('two web processes and two worker processes on one database', { skip, timeout: 180_000 }, () => {
  let database: Awaited<ReturnType<typeof freshTestDatabase>>;
  let web: TestPortal;
  const processes: PortalProcess[] = [];
  before(async () => {
    database = await freshTestDatabase();
    // The in-process web server migrates the new database first; the others share it and its photo folder.
    web = await startTestPortal({ DATABASE_URL: database!.url, RUN_WORKERS: false });
    const shared = { DATABASE_URL: database!.url, DATA_DIR: web.dataDir, SEED_DEMO: 'false', ANALYSIS_THREADS: '1' };
    processes.push(
      ...(await Promise.all([
        spawnPortal({ ...shared, RUN_WORKERS: 'false' }),
        spawnPortal(shared, ['worker']),
        spawnPortal(shared, ['worker']),
      ])),
    );
  });
  after(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGTERM')));
    await web?.cleanup();
    await database?.drop();
  });

  it('accepts uploads on either web process and has the workers send each email exactly once', async () => {
    const u = await createBrandUser(web, 'Lumiere');
    const client = await login(web, u.email, u.password);
    const secondWeb = processes[0].url;
    // 300 × 400 is refused by the resolution rule: each upload enqueues a rejection email job.
    const bytes = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 300, height: 400 }))).bytes;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const code = `so-${i}`;
      const photos = [{ view: 'front', bytes, fileName: `lumiere_silk-matte_${code}_front.jpg` }];
      // The same session works on both web processes: it lives in the shared database.
      const res =
        i % 2 === 0
          ? await submitShade(client, defaultFields({ shadeCode: code }), photos)
          : await submitShade({ ...client, post: (p: string) => request(secondWeb).post(p).set('Cookie', client.cookie) }, defaultFields({ shadeCode: code }), photos);
      assert.equal(res.status, 303, `${res.status} ${res.text.slice(0, 200)}`);
      ids.push(/\/submissions\/([0-9a-f-]{36})$/.exec(res.headers.location)![1]);
    }

    const deadline = Date.now() + 60_000;
    let mailJobs: Array<{ status: string; attempts: number }> = [];
    while (Date.now() < deadline) {
      mailJobs = await web.db('jobs').where({ type: 'mail.send' }).select('status', 'attempts');
      if (mailJobs.length === ids.length && mailJobs.every((j) => j.status === 'done')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(mailJobs.length, ids.length);
    assert.ok(mailJobs.every((j) => j.status === 'done' && Number(j.attempts) === 1), JSON.stringify(mailJobs));
    for (const id of ids) {
      const emails = await web.db('emails').where({ submission_id: id, kind: 'rejection' }).select('status');
      assert.equal(emails.length, 1, id);
      assert.ok(['captured', 'no_recipients'].includes(emails[0].status), emails[0].status);
    }
  });
});
