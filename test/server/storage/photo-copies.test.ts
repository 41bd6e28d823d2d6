import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import sharp from 'sharp';
import { login, type Client } from '../../support/browserless-client.ts';
import { storedFiles, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { acceptedShade, bearer, brandWithToken, createAnalyseOnceInspector, exportToken } from '../api/api-test-kit.ts';

/**
 * Display copies are rendered once (at upload, by the analysis children) and stored beside the original
 * with their checksum; the photo routes and the export serve the stored copies and never decode the
 * original per request. The proof used here: once a photo has its copies, its original can vanish from
 * disk and every view still answers, byte for byte the stored copy.
 */
let portal: TestPortal;
let brand: Awaited<ReturnType<typeof brandWithToken>>;
let client: Client;
let exporter = '';

before(async () => {
  portal = await startTestPortal({}, { inspector: createAnalyseOnceInspector() });
  brand = await brandWithToken(portal, 'Copy Brand');
  client = await login(portal, brand.email, brand.password);
  exporter = await exportToken(portal);
});
after(() => portal.cleanup());

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const copiesOf = (photoId: string) => portal.db('photo_copies').where({ photo_id: photoId }).orderBy(['kind', 'variant']);
const readStored = (key: string) => fs.readFileSync(path.join(portal.storage.root, key));

async function photoOf(submissionId: string) {
  return portal.db('photos').where({ submission_id: submissionId }).first();
}

describe('display copies', () => {
  it('are rendered at upload and stored beside the original with their SHA-256', async () => {
    const shade = await acceptedShade(portal, brand.token, 'cp-1', '#a33b5c');
    const photo = await photoOf(shade.id);
    const copies = await copiesOf(photo.id);
    assert.deepEqual(copies.map((c: { kind: string }) => c.kind), ['display', 'thumb']);
    for (const c of copies) {
      assert.match(c.storage_key, /^derivatives\//);
      assert.equal(sha256(readStored(c.storage_key)), c.sha256, `${c.kind} checksum`);
    }
    const thumb = await sharp(readStored(copies[1].storage_key)).metadata();
    assert.equal(Math.max(thumb.width!, thumb.height!), 320);
  });

  it('are what the photo route serves: the original is not read, even 24 times in parallel', async () => {
    const shade = await acceptedShade(portal, brand.token, 'cp-2', '#7a2e46');
    const photo = await photoOf(shade.id);
    const copies = await copiesOf(photo.id);
    fs.rmSync(path.join(portal.storage.root, photo.storage_key));
    const filesBefore = storedFiles(portal).length;

    const thumbs = await Promise.all(Array.from({ length: 24 }, () => client.get(`/photos/${photo.id}/image?size=thumb`)));
    for (const res of thumbs) {
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'image/jpeg');
      assert.equal(sha256(res.body), copies.find((c: { kind: string }) => c.kind === 'thumb').sha256);
    }
    const display = await client.get(`/photos/${photo.id}/image`);
    assert.equal(sha256(display.body), copies.find((c: { kind: string }) => c.kind === 'display').sha256);
    assert.equal(storedFiles(portal).length, filesBefore, 'nothing rendered or stored per request');
  });

  it('are rendered once, and stored, for a photo that has none (an older upload)', async () => {
    const shade = await acceptedShade(portal, brand.token, 'cp-3', '#5e1f33');
    const photo = await photoOf(shade.id);
    for (const c of await copiesOf(photo.id)) fs.rmSync(path.join(portal.storage.root, c.storage_key));
    await portal.db('photo_copies').where({ photo_id: photo.id }).del();
    const filesBefore = storedFiles(portal).length;

    const thumbs = await Promise.all(Array.from({ length: 12 }, () => client.get(`/photos/${photo.id}/image?size=thumb`)));
    assert.ok(thumbs.every((r) => r.status === 200));
    const [row] = await copiesOf(photo.id);
    assert.equal(row.kind, 'thumb');
    assert.equal((await copiesOf(photo.id)).length, 1, 'one stored thumbnail');
    assert.equal(storedFiles(portal).length, filesBefore + 1, 'one file for twelve requests');
    assert.ok(thumbs.every((r) => sha256(r.body) === row.sha256));

    fs.rmSync(path.join(portal.storage.root, photo.storage_key));
    assert.equal((await client.get(`/photos/${photo.id}/image?size=thumb`)).status, 200, 'then served from the stored copy');
  });

  it('are rendered again from the original when a stored copy is damaged', async () => {
    const shade = await acceptedShade(portal, brand.token, 'cp-4', '#8c3a2b');
    const photo = await photoOf(shade.id);
    const thumb = (await copiesOf(photo.id)).find((c: { kind: string }) => c.kind === 'thumb');
    fs.writeFileSync(path.join(portal.storage.root, thumb.storage_key), Buffer.from('not a jpeg'));
    const res = await client.get(`/photos/${photo.id}/image?size=thumb`);
    assert.equal(res.status, 200);
    const again = (await copiesOf(photo.id)).find((c: { kind: string }) => c.kind === 'thumb');
    assert.equal(sha256(res.body), again.sha256);
    assert.equal(sha256(readStored(again.storage_key)), again.sha256);
  });
});

describe("the export's images", () => {
  it('are rendered once and stored: the full-size copy and the region crop', async () => {
    const shade = await acceptedShade(portal, brand.token, 'cp-5', '#b0414f');
    const photo = await photoOf(shade.id);
    const base = `/api/v1/shades/${shade.id}/images`;
    const first = await Promise.all([request(portal.url).get(`${base}/original`).set(bearer(exporter)), request(portal.url).get(`${base}/crop`).set(bearer(exporter))]);
    assert.deepEqual(first.map((r) => r.status), [200, 200]);
    assert.equal(first[1].headers['content-type'], 'image/png');
    const kinds = (await copiesOf(photo.id)).map((c: { kind: string }) => c.kind).sort();
    assert.deepEqual(kinds, ['crop', 'display', 'full', 'thumb']);

    fs.rmSync(path.join(portal.storage.root, photo.storage_key));
    const again = await Promise.all([request(portal.url).get(`${base}/original`).set(bearer(exporter)), request(portal.url).get(`${base}/crop`).set(bearer(exporter))]);
    assert.deepEqual(again.map((r) => r.status), [200, 200], 'served from the stored copies');
    assert.equal(sha256(again[0].body), sha256(first[0].body));
    assert.equal(sha256(again[1].body), sha256(first[1].body));
  });
});
