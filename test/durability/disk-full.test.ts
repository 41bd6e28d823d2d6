import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../support/browserless-client.ts';
import { distinctJpeg } from '../support/submission-helpers.ts';
import { createBrandUser, filesUnder, startTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * F5: the photo store fills up, then turns read-only. The store is a real, small tmpfs mounted under
 * the portal's data folder (the database stays outside it), so the portal meets the kernel's own
 * ENOSPC and EROFS. A refused upload answers 507 / 503, leaves no file and no row, the portal keeps
 * serving, and uploads succeed again once there is space.
 */
const STORE_BYTES = 4 * 1024 * 1024;

let dataDir: string;
let store: string;
let portal: TestPortal;
let brand: Client;
let photo: Buffer;
let mounted = false;

function mount(options: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', store], { stdio: 'pipe' });
}

function canMount(): boolean {
  try {
    const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-mount-probe-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    fs.rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
}

/** Files in the photo store (originals, derivatives, temp), the filler excepted. */
const storedFiles = () => filesUnder(store).filter((file) => file !== 'filler');

/** Fills the store until fewer than `leave` bytes are free. */
function fill(leave: number): void {
  const { bavail, bsize } = fs.statfsSync(store);
  const free = bavail * bsize;
  fs.writeFileSync(path.join(store, 'filler'), Buffer.alloc(Math.max(0, free - leave)));
}

const upload = (bytes: Buffer, label: string) =>
  submitShade(brand, defaultFields({ shadeCode: `df-${label}` }), [{ view: 'front', bytes: distinctJpeg(bytes, label), fileName: `lumiere_silk-matte_df-${label}_front.jpg` }])
    .set('Accept', 'application/json');

const skip = process.getuid?.() !== 0 || !canMount() ? 'needs permission to mount a tmpfs (root)' : false;

describe('photo store full or read-only (F5)', { skip }, () => {
  before(async () => {
    photo = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 1200, height: 1600, noise: 3 }))).bytes;
    assert.ok(photo.length > 64 * 1024, 'the photo is larger than the space left below');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-full-'));
    store = path.join(dataDir, 'photos');
    fs.mkdirSync(store);
    mount(`size=${STORE_BYTES}`);
    mounted = true;
    portal = await startTestPortal({ DATA_DIR: dataDir });
    const b = await createBrandUser(portal, 'Lumiere');
    brand = await login(portal, b.email, b.password);
  });

  after(async () => {
    await portal?.stop();
    if (mounted) execFileSync('umount', ['-l', store], { stdio: 'pipe' });
    fs.rmSync(dataDir, { recursive: true, force: true });
    await portal?.cleanup();
  });

  it('stores a photo while there is space', async () => {
    const before = storedFiles().length;
    const res = await upload(photo, 'first');
    assert.equal(res.status, 201, res.text.slice(0, 300));
    assert.ok(storedFiles().length > before, 'the photo is on the store');
  });

  it('answers 507 when the disk is full, and leaves no file and no row', async () => {
    const files = storedFiles().length;
    const rows = (await portal.db('submissions').count({ n: '*' }))[0].n;
    fill(16 * 1024); // far less than one photo (asserted above 64 KB), more than a rename or a directory entry needs
    const res = await upload(photo, 'full');
    assert.equal(res.status, 507, res.text.slice(0, 300));
    assert.equal(res.body.error.code, 'STORAGE_FULL');
    assert.doesNotMatch(res.text, /ENOSPC|at .*\.ts:\d+/, 'no raw error, no stack trace');
    assert.equal(storedFiles().length, files, 'no partial or temp file is left');
    assert.equal((await portal.db('submissions').count({ n: '*' }))[0].n, rows, 'no row');
    assert.equal((await brand.get('/dashboard')).status, 200, 'still serving');
  });

  it('stores photos again once space is back', async () => {
    fs.rmSync(path.join(store, 'filler'));
    const res = await upload(photo, 'after');
    assert.equal(res.status, 201, res.text.slice(0, 300));
  });

  it('answers 503 on a read-only store, and recovers when it is writable again', async () => {
    const rows = (await portal.db('submissions').count({ n: '*' }))[0].n;
    execFileSync('mount', ['-o', 'remount,ro', store], { stdio: 'pipe' });
    try {
      const res = await upload(photo, 'readonly');
      assert.equal(res.status, 503, res.text.slice(0, 300));
      assert.equal(res.body.error.code, 'UNAVAILABLE');
      assert.equal((await portal.db('submissions').count({ n: '*' }))[0].n, rows, 'no row');
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', store], { stdio: 'pipe' });
    }
    const again = await upload(photo, 'writable');
    assert.equal(again.status, 201, again.text.slice(0, 300));
  });
});
