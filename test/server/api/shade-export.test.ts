import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { acceptedShade, apiSubmit, bearer, brandWithToken, createAnalyseOnceInspector, exportToken, photoBytes, photoName } from './api-test-kit.ts';
import { createSchemaChecker } from './openapi-check.ts';

let portal: TestPortal;
let check: ReturnType<typeof createSchemaChecker>;
let brand: { token: string };
let exporter: string;
let codeCounter = 0;

const assertConforms = (component: string, body: unknown) => assert.deepEqual(check(component, body), [], JSON.stringify(body).slice(0, 400));
const newShade = () => acceptedShade(portal, brand.token, `ex-${++codeCounter}`);
const getShades = (query: string, headers: Record<string, string> = {}) =>
  request(portal.url).get(`/api/v1/shades${query}`).set({ ...bearer(exporter), ...headers });
/** A change to a shade's exported properties, as a reviewer's correction emits it. */
const emitChange = (id: string, reason: 'corrected' | 'relabelled') => portal.db.transaction((trx) => portal.shadeEvents.emit(trx, id, reason));

before(async () => {
  portal = await startTestPortal({}, { inspector: createAnalyseOnceInspector() });
  check = createSchemaChecker((await request(portal.url).get('/api/v1/openapi.json')).body);
  brand = await brandWithToken(portal, 'Export Brand');
  exporter = await exportToken(portal);
  for (let i = 0; i < 3; i++) await newShade();
});

after(() => portal.cleanup());

describe('GET /api/v1/shades', () => {
  it('pages through every shade exactly once per version while shades are accepted and corrected in between', async () => {
    const seen: string[] = [];
    let cursor = '';
    let first: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await getShades(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200);
      assertConforms('ShadeList', res.body);
      seen.push(...res.body.data.map((s: { id: string; version: number }) => `${s.id}@v${s.version}`));
      first ??= res.body.data[0].id;
      cursor = res.body.nextCursor;
      // Concurrent writers between pages: two new shades and a correction of one already read.
      if (page === 0) await Promise.all([newShade(), newShade(), emitChange(first!, 'corrected')]);
      if (page === 1) await newShade();
      if (!res.body.hasMore) break;
    }
    assert.equal(new Set(seen).size, seen.length, 'no (shade, version) twice');
    const current = await portal.db('shade_exports').select('submission_id', 'version');
    for (const row of current) assert.ok(seen.includes(`${row.submission_id}@v${row.version}`), `latest version of ${row.submission_id} reached`);
    assert.ok(seen.includes(`${first}@v1`) && seen.includes(`${first}@v2`), 'the corrected shade comes again as version 2');

    // The stored cursor picks up exactly what changed since.
    const later = await newShade();
    const resumed = await getShades(`?cursor=${cursor}`);
    assert.deepEqual(resumed.body.data.map((s: { id: string }) => s.id), [later.id]);
  });

  it('lists only accepted shades, never refused ones', async () => {
    const refused = await apiSubmit(portal, brand.token, { shadeCode: 'ref-1' }, [
      { view: 'front', bytes: await photoBytes({ width: 600, height: 800 }), fileName: photoName('ref-1') },
    ]);
    assert.equal(refused.body.verdict, 'rejected');
    const all = await getShades('?limit=200');
    assert.ok(all.body.data.every((s: { id: string }) => s.id !== refused.body.id));
    assert.equal((await request(portal.url).get(`/api/v1/shades/${refused.body.id}`).set(bearer(exporter))).status, 404);
  });

  it('filters by updated_since', async () => {
    const all = await getShades('?limit=200');
    assert.ok(all.body.data.length > 0);
    const future = await getShades(`?updated_since=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`);
    assert.deepEqual(future.body.data, []);
    const past = await getShades(`?limit=200&updated_since=2000-01-01T00:00:00Z`);
    assert.equal(past.body.data.length, all.body.data.length);
    const bad = await getShades('?updated_since=yesterday');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'updated_since');
  });

  it('answers 304 to a matching If-None-Match, and a new ETag once something changed', async () => {
    const first = await getShades('?limit=200');
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
    const again = await getShades('?limit=200', { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    await newShade();
    const changed = await getShades('?limit=200', { 'If-None-Match': etag });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.etag, etag);
  });

  it('refuses a cursor it did not issue', async () => {
    const res = await getShades('?cursor=not-a-cursor');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.field, 'cursor');
  });
});

describe('GET /api/v1/shades/:id', () => {
  it('carries every exported property with the coordinate convention and the version history', async () => {
    const shade = await newShade();
    await emitChange(shade.id, 'corrected');
    const res = await request(portal.url).get(`/api/v1/shades/${shade.id}`).set(bearer(exporter));
    assert.equal(res.status, 200);
    assertConforms('ShadeDetail', res.body);
    const s = res.body.shade;
    assert.equal(s.version, 2);
    assert.equal(s.region.convention, 'pixels of the upright image (EXIF orientation applied), origin top-left, x right, y down');
    assert.equal(s.declaredColor.hex, '#b22146');
    assert.equal(s.humanLabel.used, false);
    assert.deepEqual(res.body.history.map((h: { version: number; reason: string }) => [h.version, h.reason]), [[1, 'accepted'], [2, 'corrected']]);

    const etag = String(res.headers.etag);
    const cached = await request(portal.url).get(`/api/v1/shades/${shade.id}`).set({ ...bearer(exporter), 'If-None-Match': etag });
    assert.equal(cached.status, 304);
  });

  it('serves the original and the region crop to an export token only', async () => {
    const shade = await newShade();
    const { body } = await request(portal.url).get(`/api/v1/shades/${shade.id}`).set(bearer(exporter));
    const original = await request(portal.url).get(body.shade.images.original).set(bearer(exporter)).buffer(true);
    assert.equal(original.status, 200);
    assert.equal(original.headers['content-type'], 'image/jpeg');
    const crop = await request(portal.url).get(body.shade.images.crop).set(bearer(exporter)).buffer(true);
    assert.equal(crop.status, 200);
    assert.equal(crop.headers['content-type'], 'image/png');
    const png = Buffer.from(crop.body);
    // The crop is the region itself: its PNG header carries the region's size (the fixture is under the 4096 px cap).
    assert.equal(png.readUInt32BE(16), body.shade.region.width);
    assert.equal(png.readUInt32BE(20), body.shade.region.height);
    assert.equal((await request(portal.url).get(body.shade.images.crop).set(bearer(brand.token))).status, 401);
    assert.equal((await request(portal.url).get(`/api/v1/shades/${crypto.randomUUID()}/images/crop`).set(bearer(exporter))).status, 404);
  });

  it('exports a reviewer’s hand-drawn region as a new version marked as human-labelled', async (t) => {
    if (!(await portal.db.schema.hasTable('photo_labels'))) return t.skip('human labels are not stored in this build');
    const shade = await newShade();
    const photo = await portal.db('photos').where({ submission_id: shade.id }).first();
    const automatic = JSON.parse(photo.extraction);
    const labelled = { ...automatic, region: { ...automatic.region, x: automatic.region.x + 10, width: automatic.region.width - 20 } };
    const reviewer = await portal.db('users').where({ role: 'reviewer' }).first();
    await portal.db('photo_labels').insert({
      id: crypto.randomUUID(),
      photo_id: photo.id,
      submission_id: shade.id,
      labelled_by: reviewer.id,
      region_x: labelled.region.x,
      region_y: labelled.region.y,
      region_width: labelled.region.width,
      region_height: labelled.region.height,
      picked_hex: null,
      extraction: JSON.stringify(labelled),
      created_at: new Date().toISOString(),
    });
    await emitChange(shade.id, 'relabelled');
    const res = await request(portal.url).get(`/api/v1/shades/${shade.id}`).set(bearer(exporter));
    assert.equal(res.body.shade.humanLabel.used, true);
    assert.equal(res.body.shade.region.x, automatic.region.x + 10);
    assert.equal(res.body.shade.version, 2);
  });
});
