import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { loadConfig, testConfig } from '../../../server/config.ts';
import { createReconciler } from '../../../server/storage/reconciler.ts';
import { createS3Storage } from '../../../server/storage/s3-storage.ts';
import { newKey } from '../../../server/storage/photo-storage.ts';
import { defaultSpec, renderPhoto } from '../../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../../support/browserless-client.ts';
import { createBrandUser, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { rawClient, storageBackends, testS3, type StorageBackend } from './storage-backends.ts';

/**
 * The photo store's promises, held by local disk and by S3-compatible object storage with the same test
 * bodies: what is read back verifies against its SHA-256 or is refused; what is changed or removed
 * behind the portal's back is never served and the reconciler finds it; a write that never finished is
 * never visible and is swept.
 */
const HOUR = 60 * 60 * 1000;
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const junk = (n = 4096) => crypto.randomBytes(n);

async function rejectsWith(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (err: { code?: string }) => {
    assert.equal(err.code, code);
    return true;
  });
}

for (const backend of storageBackends) {
  describe(`the photo store on ${backend.name}`, { skip: backend.skip }, () => {
    let store: StorageBackend;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.cleanup());

    it('stores under a key it makes, returns SHA-256 and size, and reads back verified byte for byte', async () => {
      const bytes = junk();
      const stored = await store.storage.put('originals', 'jpg', bytes);
      assert.match(stored.key, /^originals\/[0-9a-f]{2}\/[0-9a-f-]{36}\.jpg$/);
      assert.equal(stored.sha256, sha256(bytes));
      assert.equal(stored.bytes, bytes.length);
      assert.deepEqual(await store.storage.readVerified(stored.key, stored.sha256), bytes);
      assert.deepEqual(await store.storage.read(stored.key), bytes);
      assert.equal(await store.storage.digest(stored.key), stored.sha256);
    });

    it('lists what it stored under its kind, and only there', async () => {
      const original = await store.storage.put('originals', 'png', junk(100));
      const copy = await store.storage.put('derivatives', 'jpg', junk(100));
      const originals = (await store.storage.list('originals')).map((o) => o.key);
      const derivatives = (await store.storage.list('derivatives')).map((o) => o.key);
      assert.ok(originals.includes(original.key) && !originals.includes(copy.key));
      assert.ok(derivatives.includes(copy.key) && !derivatives.includes(original.key));
      const listed = (await store.storage.list('originals')).find((o) => o.key === original.key)!;
      assert.ok(Math.abs(Date.now() - listed.modifiedMs) < 10 * 60 * 1000, 'listed with its write time');
    });

    it('refuses to serve an object overwritten behind its back', async () => {
      const stored = await store.storage.put('originals', 'jpg', junk());
      const tampered = junk();
      await store.overwrite(store.storage, stored.key, tampered);
      await rejectsWith(store.storage.readVerified(stored.key, stored.sha256), 'PHOTO_DAMAGED');
      assert.equal(await store.storage.digest(stored.key), sha256(tampered));
    });

    it('refuses a missing object as damaged, and its digest is null', async () => {
      const stored = await store.storage.put('derivatives', 'jpg', junk());
      await store.delete(store.storage, stored.key);
      await rejectsWith(store.storage.readVerified(stored.key, stored.sha256), 'PHOTO_DAMAGED');
      assert.equal(await store.storage.digest(stored.key), null);
    });

    it('refuses names it did not make (no way out of its root or prefix)', async () => {
      for (const name of ['../secret.jpg', 'originals/../../x.jpg', 'originals/ab/not-a-uuid.jpg', '/etc/passwd', 'tmp/x.part']) {
        assert.throws(() => store.storage.resolve(name), (err: { code?: string }) => err.code === 'NOT_FOUND', name);
        await rejectsWith(store.storage.readVerified(name, sha256(Buffer.alloc(0))), 'NOT_FOUND');
        assert.equal(await store.storage.digest(name), null, name);
      }
    });

    it('removes what it stored, and removing it again is no error', async () => {
      const stored = await store.storage.put('originals', 'jpg', junk());
      await store.storage.remove(stored.key);
      await store.storage.remove(stored.key);
      assert.ok(!(await store.storage.list('originals')).some((o) => o.key === stored.key));
      assert.equal(await store.storage.digest(stored.key), null);
    });

    it('never lists or serves a write that did not finish, and sweeps it only once past the cutoff', async () => {
      const key = newKey('originals', 'jpg');
      const bytes = junk(64 * 1024);
      await store.leaveUnfinishedWrite(store.storage, key, bytes);
      assert.ok(!(await store.storage.list('originals')).some((o) => o.key === key));
      assert.equal(await store.storage.digest(key), null);
      await rejectsWith(store.storage.readVerified(key, sha256(bytes)), 'PHOTO_DAMAGED');
      assert.equal(await store.storage.sweepUnfinished(Date.now() - HOUR), 0, 'a write within the grace period is left alone');
      assert.ok((await store.storage.sweepUnfinished(Date.now() + HOUR)) >= 1);
      assert.equal(await store.storage.sweepUnfinished(Date.now() + HOUR), 0);
    });
  });

  describe(`a portal keeping its photos on ${backend.name}`, { skip: backend.skip }, () => {
    let store: StorageBackend;
    let portal: TestPortal;
    let brand: Client;
    let photoBytes: Buffer;

    before(async () => {
      store = await backend.open();
      portal = await startTestPortal(store.portalEnv);
      const b = await createBrandUser(portal, 'Nuance');
      brand = await login(portal, b.email, b.password);
      photoBytes = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 900, height: 1200 }))).bytes;
    });
    after(async () => {
      await portal?.cleanup();
      await store?.cleanup();
    });

    async function submitPhoto(code: string) {
      const res = await submitShade(brand, defaultFields({ shadeCode: code }), [{ view: 'front', bytes: photoBytes, fileName: `nuance_${code}_front.jpg` }]);
      assert.equal(res.status, 303, res.text.slice(0, 200));
      const id = /\/submissions\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
      return portal.db('photos').where({ submission_id: id }).first();
    }
    const copiesOf = (photoId: string): Promise<Array<{ storage_key: string; sha256: string }>> => portal.db('photo_copies').where({ photo_id: photoId });
    const imageOf = (photoId: string) => brand.get(`/photos/${photoId}/image`).set('Accept', 'application/json');

    it('stores the upload with its SHA-256, serves it, and the reconciler verifies it', async () => {
      const photo = await submitPhoto('st-1');
      assert.equal(photo.sha256, sha256(photoBytes));
      assert.equal(await portal.storage.digest(photo.storage_key), photo.sha256);
      const res = await imageOf(photo.id);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'image/jpeg');
      const report = await portal.reconciler.run();
      assert.equal(report.verified, report.photosChecked);
      assert.deepEqual([report.missing, report.checksumMismatch, report.orphansRemoved], [[], [], []]);
    });

    it('refuses a photo whose stored bytes were overwritten behind its back: nothing unverified is served, and the reconciler flags it', async () => {
      const photo = await submitPhoto('st-rot');
      const tampered = junk();
      for (const key of [photo.storage_key, ...(await copiesOf(photo.id)).map((c) => c.storage_key)]) await store.overwrite(portal.storage, key, tampered);

      const before = await imageOf(photo.id);
      assert.equal(before.status, 500);
      assert.equal(before.body.error.code, 'PHOTO_DAMAGED');
      assert.notEqual(before.headers['content-type'], 'image/jpeg');

      const report = await portal.reconciler.run();
      assert.deepEqual(report.checksumMismatch, [photo.id]);
      assert.equal((await portal.db('photo_integrity_issues').where({ photo_id: photo.id }).first()).problem, 'checksum_mismatch');
      assert.equal((await imageOf(photo.id)).body.error.code, 'PHOTO_DAMAGED');
    });

    it('serves a fresh copy rendered from the verified original when only a stored copy was damaged', async () => {
      const photo = await submitPhoto('st-copy');
      const copies = await copiesOf(photo.id);
      for (const c of copies) await store.overwrite(portal.storage, c.storage_key, junk());
      const res = await imageOf(photo.id);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'image/jpeg');
      const now = await copiesOf(photo.id);
      for (const c of now.filter((c) => copies.every((old) => old.storage_key !== c.storage_key))) {
        assert.equal(await portal.storage.digest(c.storage_key), c.sha256, 'the re-rendered copy is stored with its checksum');
      }
    });

    it('flags a photo whose object is missing, and lifts the flag once it is back', async () => {
      const photo = await submitPhoto('st-gone');
      await store.delete(portal.storage, photo.storage_key);
      assert.deepEqual((await portal.reconciler.run()).missing, [photo.id]);
      assert.equal((await imageOf(photo.id)).body.error.code, 'PHOTO_DAMAGED');

      await store.overwrite(portal.storage, photo.storage_key, photoBytes);
      const report = await portal.reconciler.run();
      assert.deepEqual(report.restored, [photo.id]);
      assert.equal((await imageOf(photo.id)).status, 200);
    });

    it('removes objects no row names only once past the grace period, and never a stored photo or copy', async () => {
      const photo = await submitPhoto('st-keep');
      const orphan = newKey('originals', 'jpg');
      const stray = 'derivatives/zz/left-behind.bin';
      await store.plant(portal.storage, orphan, junk());
      await store.plant(portal.storage, stray, junk());
      const reconcilerAt = (offsetMs: number) => createReconciler({ db: portal.db, storage: portal.storage, graceMs: HOUR, now: () => Date.now() + offsetMs });

      const early = await reconcilerAt(0).run();
      assert.deepEqual(early.orphansRemoved, []);
      assert.ok(early.orphansWithinGrace >= 2);

      const late = await reconcilerAt(2 * HOUR).run();
      assert.deepEqual(late.orphansRemoved.sort(), [orphan, stray].sort());
      const listed = [...(await portal.storage.list('originals')), ...(await portal.storage.list('derivatives'))].map((o) => o.key);
      assert.ok(!listed.includes(orphan) && !listed.includes(stray));
      for (const key of [photo.storage_key, ...(await copiesOf(photo.id)).map((c) => c.storage_key)]) assert.ok(listed.includes(key), key);
      assert.equal((await imageOf(photo.id)).status, 200);
    });
  });
}

describe('objects in S3-compatible storage', { skip: storageBackends[1].skip }, () => {
  it('carry our SHA-256 as metadata beside the database copy', async () => {
    const backend = await storageBackends[1].open();
    try {
      const bytes = junk();
      const stored = await backend.storage.put('originals', 'jpg', bytes);
      const [, bucket, prefix] = /^s3:\/\/([^/]+)\/(.*)$/.exec(backend.storage.root)!;
      const head = await rawClient().send(new HeadObjectCommand({ Bucket: bucket, Key: `${prefix}/${stored.key}` }));
      assert.equal(head.Metadata?.sha256, sha256(bytes));
      assert.equal(head.ContentLength, bytes.length);
    } finally {
      await backend.cleanup();
    }
  });
});

describe('STORAGE_URL', () => {
  const s3 = { S3_ENDPOINT: 'http://127.0.0.1:9', S3_ACCESS_KEY_ID: 'key', S3_SECRET_ACCESS_KEY: 'secret' };

  it('unset keeps photos on local disk under DATA_DIR', () => {
    assert.equal(testConfig({}).objectStorage, null);
  });

  it('names the bucket and the prefix inside it, path-style on the given endpoint', () => {
    const config = testConfig({ STORAGE_URL: 's3://shade-photos/prod/eu', S3_REGION: 'eu-west-1', ...s3 });
    assert.deepEqual(config.objectStorage, {
      bucket: 'shade-photos',
      prefix: 'prod/eu',
      endpoint: 'http://127.0.0.1:9',
      region: 'eu-west-1',
      accessKeyId: 'key',
      secretAccessKey: 'secret',
    });
    assert.equal(testConfig({ STORAGE_URL: 's3://shade-photos', ...s3 }).objectStorage?.prefix, '');
  });

  it('is refused without credentials or in another shape', () => {
    assert.throws(() => loadConfig({ STORAGE_URL: 's3://shade-photos/p' }), /STORAGE_URL: needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
    for (const bad of ['http://shade-photos/p', 's3://', 's3://UPPER/p', 'file:///tmp/photos']) {
      assert.throws(() => loadConfig({ STORAGE_URL: bad, ...s3 }), /STORAGE_URL/, bad);
    }
  });
});

describe('an object store that cannot be reached', () => {
  it('makes a write fail as the coded "unavailable" error (503), not a crash', async () => {
    const storage = createS3Storage({ bucket: 'photos', prefix: '', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', accessKeyId: 'key', secretAccessKey: 'secret' });
    await rejectsWith(storage.put('originals', 'jpg', junk(10)), 'UNAVAILABLE');
    await rejectsWith(storage.readVerified('originals/ab/0b0c8a52-5d2e-4c59-9b5d-2f8a3f1e0c11.jpg', sha256(Buffer.alloc(0))), 'UNAVAILABLE');
  });

  it('stops a portal from starting when its bucket does not exist', { skip: storageBackends[1].skip }, async () => {
    const s3 = testS3()!;
    await assert.rejects(
      // (SQLite named, so no PostgreSQL database is created for a portal that never starts.)
      startTestPortal({ DATABASE_URL: 'sqlite::memory:', STORAGE_URL: 's3://shadegate-no-such-bucket/photos', S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey }),
      /photo store s3:\/\/shadegate-no-such-bucket is not reachable/,
    );
  });
});
