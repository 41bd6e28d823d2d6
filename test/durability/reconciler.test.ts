import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { bulkSpoolRoot } from '../../server/api/bulk/bulk-uploads.ts';
import { uploadSpoolRoot } from '../../server/http/upload.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../support/browserless-client.ts';
import { createBrandUser, createReviewer, startTestPortal, type TestPortal } from '../support/test-portal.ts';

let portal: TestPortal;
let brand: Client;
let reviewer: Client;
let photoBytes: Buffer;
const HOUR = 60 * 60 * 1000;

const photoName = (code: string) => `lumiere_silk-matte_${code}_front.jpg`;

async function submitPhoto(code: string) {
  const res = await submitShade(brand, defaultFields({ shadeCode: code }), [{ view: 'front', bytes: photoBytes, fileName: photoName(code) }]);
  assert.equal(res.status, 303, res.text.slice(0, 200));
  const id = /\/submissions\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
  return portal.db('photos').where({ submission_id: id }).first();
}

/** Ages a file past the reconciler's grace period (one hour by default). */
const age = (file: string) => {
  const past = new Date(Date.now() - 2 * HOUR);
  fs.utimesSync(file, past, past);
};

before(async () => {
  portal = await startTestPortal();
  const b = await createBrandUser(portal, 'Lumiere');
  const r = await createReviewer(portal);
  [brand, reviewer] = await Promise.all([login(portal, b.email, b.password), login(portal, r.email, r.password)]);
  photoBytes = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 1200, height: 1600 }))).bytes;
});
after(() => portal.cleanup());

describe('the storage reconciler', () => {
  it('verifies every intact photo against its SHA-256', async () => {
    const photo = await submitPhoto('ok-1');
    const report = await portal.reconciler.run();
    assert.ok(report.photosChecked >= 1);
    assert.equal(report.verified, report.photosChecked);
    assert.deepEqual(report.missing, []);
    assert.deepEqual(report.checksumMismatch, []);
    assert.equal((await brand.get(`/photos/${photo.id}/image`)).status, 200);
  });

  it('flags a photo whose bytes were flipped, and the photo route refuses it with an explicit error', async () => {
    const photo = await submitPhoto('rot-1');
    const file = path.join(portal.storage.root, photo.storage_key);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length >> 1] ^= 0xff;
    fs.writeFileSync(file, bytes);

    const report = await portal.reconciler.run();
    assert.deepEqual(report.checksumMismatch, [photo.id]);
    const flag = await portal.db('photo_integrity_issues').where({ photo_id: photo.id }).first();
    assert.equal(flag.problem, 'checksum_mismatch');

    const res = await brand.get(`/photos/${photo.id}/image`).set('Accept', 'application/json');
    assert.equal(res.status, 500);
    assert.equal(res.body.error.code, 'PHOTO_DAMAGED');
    assert.notEqual(res.headers['content-type'], 'image/jpeg');
  });

  it('flags a photo whose file was deleted, and lifts the flag once the file is restored', async () => {
    const photo = await submitPhoto('gone-1');
    const file = path.join(portal.storage.root, photo.storage_key);
    const saved = fs.readFileSync(file);
    fs.rmSync(file);
    assert.deepEqual((await portal.reconciler.run()).missing, [photo.id]);
    const res = await brand.get(`/photos/${photo.id}/image`).set('Accept', 'application/json');
    assert.equal(res.body.error.code, 'PHOTO_DAMAGED');

    fs.writeFileSync(file, saved);
    const report = await portal.reconciler.run();
    assert.deepEqual(report.missing, []);
    assert.ok(report.restored.includes(photo.id));
    assert.equal(await portal.db('photo_integrity_issues').where({ photo_id: photo.id }).first(), undefined);
    assert.equal((await brand.get(`/photos/${photo.id}/image`)).status, 200);
  });

  it('removes an orphan original past the grace period and keeps a young one', async () => {
    const dir = path.join(portal.storage.root, 'originals', 'ab');
    fs.mkdirSync(dir, { recursive: true });
    const old = path.join(dir, `ab${crypto.randomUUID().slice(2)}.jpg`);
    const young = path.join(dir, `ab${crypto.randomUUID().slice(2)}.jpg`);
    const stray = path.join(dir, 'stray file.txt');
    fs.writeFileSync(old, photoBytes);
    fs.writeFileSync(young, photoBytes);
    fs.writeFileSync(stray, 'not a photo');
    age(old);
    age(stray);
    const report = await portal.reconciler.run();
    assert.deepEqual(report.orphansRemoved.sort(), [old, stray].map((f) => path.relative(portal.storage.root, f)).sort());
    assert.equal(fs.existsSync(stray), false);
    assert.equal(report.orphansWithinGrace, 1);
    assert.equal(fs.existsSync(old), false);
    assert.equal(fs.existsSync(young), true);
    fs.rmSync(young);
  });

  it('removes an orphan display copy past the grace period and keeps the copies photos name', async () => {
    const photo = await submitPhoto('cp-orphan');
    const copies = await portal.db('photo_copies').where({ photo_id: photo.id });
    assert.ok(copies.length > 0);
    for (const c of copies) age(path.join(portal.storage.root, c.storage_key));
    const dir = path.join(portal.storage.root, 'derivatives', 'cd');
    fs.mkdirSync(dir, { recursive: true });
    const orphan = path.join(dir, `cd${crypto.randomUUID().slice(2)}.jpg`);
    fs.writeFileSync(orphan, 'a copy whose upload never committed');
    age(orphan);
    const report = await portal.reconciler.run();
    assert.deepEqual(report.orphansRemoved, [path.relative(portal.storage.root, orphan)]);
    for (const c of copies) assert.ok(fs.existsSync(path.join(portal.storage.root, c.storage_key)), c.kind);
  });

  it('sweeps temp files past the grace period', async () => {
    const tmp = path.join(portal.storage.root, 'tmp');
    const stale = path.join(tmp, `${crypto.randomUUID()}.part`);
    const fresh = path.join(tmp, `${crypto.randomUUID()}.part`);
    fs.writeFileSync(stale, 'half a photo');
    fs.writeFileSync(fresh, 'a photo being written');
    age(stale);
    assert.equal((await portal.reconciler.run()).tempFilesSwept, 1);
    assert.equal(fs.existsSync(stale), false);
    assert.equal(fs.existsSync(fresh), true);
    fs.rmSync(fresh);
  });

  for (const [what, spoolRoot] of [['a bulk upload', bulkSpoolRoot], ['a shade-form upload', uploadSpoolRoot]] as const) {
    it(`sweeps the spool folder of ${what} no process has touched for the grace period, and only that one`, async () => {
      const spools = spoolRoot(portal.dataDir);
      const abandoned = path.join(spools, crypto.randomUUID());
      const running = path.join(spools, crypto.randomUUID());
      for (const folder of [abandoned, running]) {
        fs.mkdirSync(folder, { recursive: true });
        fs.writeFileSync(path.join(folder, 'photo-1'), 'spooled photo bytes');
      }
      age(abandoned);
      const report = await portal.reconciler.run();
      assert.equal(report.spoolsSwept, 1);
      assert.equal(fs.existsSync(abandoned), false);
      assert.equal(fs.readFileSync(path.join(running, 'photo-1'), 'utf8'), 'spooled photo bytes');
      fs.rmSync(running, { recursive: true });
    });
  }

  it('keeps the latest report for reviewers and no one else', async () => {
    const res = await reviewer.get('/ops/integrity').set('Accept', 'application/json');
    assert.equal(res.status, 200);
    assert.ok(res.body.lastRun.photosChecked >= 3);
    assert.ok(res.body.flagged.some((f: { problem: string }) => f.problem === 'checksum_mismatch'));
    assert.equal((await brand.get('/ops/integrity').set('Accept', 'application/json')).status, 403);
  });

  it('is a page for people, not raw JSON, with the counts and the flagged photos', async () => {
    const res = await reviewer.get('/ops/integrity').set('Accept', 'text/html');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.text, /<h1>Storage integrity<\/h1>/);
    assert.match(res.text, /<dt>Photos checked<\/dt><dd data-count="photosChecked">\d+<\/dd>/);
    assert.match(res.text, /<tr data-problem="checksum_mismatch">.*Bytes differ from the stored checksum/);
  });

  it('exposes the flagged photos as a metric', async () => {
    const metrics = await request(portal.url).get('/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.text, /^shadegate_photos_damaged\{problem="checksum_mismatch"\} 1$/m);
  });

  it('runs as a periodic job: one job per interval slot, each scheduling the next', async () => {
    const rows = await portal.db('jobs').where({ type: 'storage.reconcile' }).orderBy('run_at');
    assert.ok(rows.length >= 2, 'the startup slot and the next one');
    const done = rows.filter((r) => r.status === 'done');
    assert.equal(done.length, 1);
    const slots = rows.map((r) => JSON.parse(r.payload).slot);
    assert.equal(slots[1], slots[0] + 1);
  });
});
