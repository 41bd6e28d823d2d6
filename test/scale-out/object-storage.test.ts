import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createPasswordHasher } from '../../server/auth/passwords.ts';
import { openDatabase, type Db } from '../../server/db/database.ts';
import { runMigrations } from '../../server/db/migrate.ts';
import { createJobQueue } from '../../server/jobs/job-queue.ts';
import { createUserRepository } from '../../server/repositories/user-repository.ts';
import { RECONCILE_JOB } from '../../server/storage/reconciler.ts';
import { spawnPortal, type PortalProcess } from '../durability/portal-process.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../support/browserless-client.ts';
import { filesUnder, freshTestDatabase, testPostgresUrl, type TestPortal } from '../support/test-portal.ts';
import { openS3Backend, rawClient, S3_SKIP_MESSAGE, testS3, type StorageBackend } from '../server/storage/storage-backends.ts';

/**
 * Scale-out with no shared disk: two web processes and two worker processes, each with a DATA_DIR of
 * its own, sharing only PostgreSQL (SHADEGATE_TEST_PG) and S3-compatible object storage
 * (SHADEGATE_TEST_S3). Every upload a web process acknowledged must be in the store, verify against its
 * recorded SHA-256, be served by the other web process, and be verified by a worker's reconciler.
 */
const skip = !testPostgresUrl() ? 'needs a PostgreSQL server in SHADEGATE_TEST_PG' : !testS3() ? S3_SKIP_MESSAGE : false;
const UPLOADS_PER_WEB = 4;
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('two web and two worker processes on PostgreSQL and object storage, no shared disk', { skip, timeout: 240_000 }, () => {
  let database: Awaited<ReturnType<typeof freshTestDatabase>>;
  let db: Db;
  let store: StorageBackend;
  const dataDirs: string[] = [];
  const processes: PortalProcess[] = [];
  let webs: PortalProcess[] = [];
  let brandUser = { email: '', password: '' };

  before(async () => {
    database = await freshTestDatabase();
    db = openDatabase(database!.url);
    await runMigrations(db);
    store = await openS3Backend();
    const users = createUserRepository(db);
    const brand = await users.createBrand({ name: 'Lumiere', slug: 'lumiere-scale-out' });
    brandUser = { email: 'scale-out@brand.example', password: 'pw-scale-out' };
    await users.createUser({ email: brandUser.email, name: 'Lumiere user', role: 'brand', brandId: brand.id, passwordHash: await createPasswordHasher(4).hash(brandUser.password) });

    const ownDataDir = () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-scale-out-'));
      dataDirs.push(dir);
      return dir;
    };
    const env = (extra: Record<string, string>) => ({
      DATABASE_URL: database!.url,
      DATA_DIR: ownDataDir(),
      SEED_DEMO: 'false',
      ANALYSIS_THREADS: '1',
      JOB_BACKOFF_BASE_MS: '100',
      ...store.portalEnv,
      ...extra,
    });
    processes.push(
      ...(await Promise.all([
        spawnPortal(env({ RUN_WORKERS: 'false' })),
        spawnPortal(env({ RUN_WORKERS: 'false' })),
        spawnPortal(env({}), ['worker']),
        spawnPortal(env({}), ['worker']),
      ])),
    );
    webs = processes.slice(0, 2);
  });
  after(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGTERM')));
    await db?.destroy();
    await database?.drop();
    await store?.cleanup();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A logged-in client of one web process (the session lives in the shared database). */
  const clientOf = (web: PortalProcess): Promise<Client> => login({ url: web.url } as TestPortal, brandUser.email, brandUser.password);

  it('keeps every acknowledged upload in object storage, verified, served by either web process and reconciled by a worker', async () => {
    const bytes = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 900, height: 1200 }))).bytes;
    const clients = await Promise.all(webs.map(clientOf));
    // Both web processes take uploads at the same time, two at a time each.
    const acknowledged: Array<{ submissionId: string; web: number }> = [];
    await Promise.all(
      clients.flatMap((client, web) =>
        [0, 1].map(async (lane) => {
          for (let i = lane; i < UPLOADS_PER_WEB; i += 2) {
            const code = `so-${web}-${i}`;
            const res = await submitShade(client, defaultFields({ shadeCode: code }), [{ view: 'front', bytes, fileName: `lumiere_silk-matte_${code}_front.jpg` }]);
            assert.equal(res.status, 303, `${res.status} ${res.text.slice(0, 200)}`);
            acknowledged.push({ submissionId: /\/submissions\/([0-9a-f-]{36})$/.exec(res.headers.location)![1], web });
          }
        }),
      ),
    );
    assert.equal(acknowledged.length, 2 * UPLOADS_PER_WEB);

    const bucket = /^s3:\/\/([^/]+)\/(.*)$/.exec(store.portalEnv.STORAGE_URL)!;
    const s3 = rawClient();
    try {
      for (const { submissionId, web } of acknowledged) {
        const photo = await db('photos').where({ submission_id: submissionId }).first();
        assert.ok(photo, `acknowledged submission ${submissionId} has its photo row`);
        assert.equal(photo.sha256, sha256(bytes));
        const objects = [{ key: photo.storage_key, sha256: photo.sha256 }, ...(await db('photo_copies').where({ photo_id: photo.id }).select('storage_key as key', 'sha256'))];
        assert.ok(objects.length >= 3, 'the original and its display copies');
        for (const o of objects) {
          const got = await s3.send(new GetObjectCommand({ Bucket: bucket[1], Key: `${bucket[2]}/${o.key}` }));
          assert.equal(sha256(Buffer.from(await got.Body!.transformToByteArray())), o.sha256, `${o.key} verifies`);
        }
        // The web process that did not take the upload serves it: nothing lives on its disk.
        const res = await clients[1 - web].get(`/photos/${photo.id}/image`);
        assert.equal(res.status, 200, `photo ${photo.id} from the other web process`);
        assert.equal(res.headers['content-type'], 'image/jpeg');
      }
    } finally {
      s3.destroy();
    }

    // One worker (whichever claims it) reconciles the store against the database.
    const queued = new Date().toISOString();
    await createJobQueue(db).enqueue(db, { type: RECONCILE_JOB, payload: { slot: null }, maxAttempts: 3 });
    const deadline = Date.now() + 60_000;
    let run: { report: string } | undefined;
    while (!run && Date.now() < deadline) {
      run = await db('reconciler_runs').where('started_at', '>=', queued).orderBy('finished_at', 'desc').first();
      if (!run) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(run, 'a worker ran the reconciler');
    const report = JSON.parse(run.report);
    assert.equal(report.photosChecked, acknowledged.length);
    assert.equal(report.verified, acknowledged.length);
    assert.deepEqual([report.missing, report.checksumMismatch, report.orphansRemoved], [[], [], []]);

    // No process kept a photo on its own disk.
    for (const dir of dataDirs) assert.deepEqual(filesUnder(path.join(dir, 'photos')).filter((f) => !f.startsWith('tmp')), [], dir);
  });
});
