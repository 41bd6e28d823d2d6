import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { login } from '../../support/browserless-client.ts';
import { createBrandUser, startTestPortal, storedFiles, type TestPortal } from '../../support/test-portal.ts';
import { apiSubmit, bearer, brandWithToken, createAnalyseOnceInspector, exportToken, photoBytes, photoName, tokenThroughPage } from './api-test-kit.ts';
import { createSchemaChecker } from './openapi-check.ts';

let portal: TestPortal;
let check: ReturnType<typeof createSchemaChecker>;
let brandA: { token: string; brand: { id: string } };
let brandB: { token: string; brand: { id: string } };
let clean: Buffer;
let small: Buffer;

const rows = async (table: string, where: Record<string, unknown> = {}) => Number((await portal.db(table).where(where).count({ n: '*' }))[0].n);
const assertConforms = (component: string, body: unknown) => assert.deepEqual(check(component, body), [], JSON.stringify(body).slice(0, 400));

before(async () => {
  // Each distinct photo is analysed once; every submission is still judged on its own names and colour.
  portal = await startTestPortal({ UPLOAD_MAX_BYTES: 3_000_000 }, { inspector: createAnalyseOnceInspector() });
  check = createSchemaChecker((await request(portal.url).get('/api/v1/openapi.json')).body);
  [brandA, brandB] = await Promise.all([brandWithToken(portal, 'Lumiere'), brandWithToken(portal, 'Rival')]);
  clean = await photoBytes();
  // 600 × 800: below the 1000 px resolution floor, so the standards refuse it.
  small = await photoBytes({ width: 600, height: 800 });
});

after(() => portal.cleanup());

describe('API tokens', () => {
  it('are shown once with their prefix and stored only as a SHA-256 hash', async () => {
    const u = await createBrandUser(portal, 'Token Brand');
    const token = await tokenThroughPage(portal, u.email, u.password, 'PIM sync');
    assert.match(token, /^sg_brand_[A-Za-z0-9_-]{43}$/);
    const row = await portal.db('api_tokens').where({ name: 'PIM sync' }).first();
    assert.equal(row.token_hash, crypto.createHash('sha256').update(token).digest('hex'));
    assert.equal(JSON.stringify(row).includes(token), false, 'the token itself is nowhere in the row');
    const page = await (await login(portal, u.email, u.password)).get('/settings/tokens');
    assert.equal(page.text.includes(token), false, 'the list never shows the token again');
    assert.match(page.text, new RegExp(`${row.display_prefix}…`));
  });

  it('records last use only for accepted requests, and a revoked token answers 401 JSON', async () => {
    const u = await createBrandUser(portal, 'Revoke Brand');
    const token = await tokenThroughPage(portal, u.email, u.password, 'to revoke');
    const id = (await portal.db('api_tokens').where({ name: 'to revoke' }).first()).id;
    assert.equal((await portal.db('api_tokens').where({ id }).first()).last_used_at, null);
    assert.equal((await request(portal.url).get('/api/v1/submissions').set(bearer(token))).status, 200);
    const usedAt = (await portal.db('api_tokens').where({ id }).first()).last_used_at;
    assert.ok(usedAt);

    const client = await login(portal, u.email, u.password);
    const revoke = await client.post(`/settings/tokens/${id}/revoke`).type('form').send({ _csrf: client.csrf });
    assert.equal(revoke.status, 303);
    const res = await request(portal.url).get('/api/v1/submissions').set(bearer(token));
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    assert.match(String(res.headers['www-authenticate']), /^Bearer/);
    assertConforms('Error', res.body);
    assert.equal((await portal.db('api_tokens').where({ id }).first()).last_used_at, usedAt, 'a refused use is not recorded');
  });

  it('refuses missing, malformed, unknown and wrong-kind tokens with 401 JSON, cookies or not', async () => {
    const exportTok = await exportToken(portal);
    const cases: Array<[string, string | null]> = [
      ['none', null],
      ['malformed', 'Bearer hello'],
      ['unknown', `Bearer sg_brand_${'A'.repeat(43)}`],
      ['wrong kind', `Bearer ${exportTok}`],
      ['basic scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ];
    for (const [name, header] of cases) {
      const req = request(portal.url).get('/api/v1/submissions').set('Accept', 'text/html');
      if (header) req.set('Authorization', header);
      const res = await req;
      assert.equal(res.status, 401, name);
      assert.equal(res.body.error.code, 'UNAUTHENTICATED', name);
    }
    const exportOnBrand = await request(portal.url).get('/api/v1/shades').set(bearer(brandA.token));
    assert.equal(exportOnBrand.status, 401);
  });
});

describe('POST /api/v1/submissions', () => {
  it('answers 201 with the verdict, findings and extraction, as the page shows them', async () => {
    const res = await apiSubmit(portal, brandA.token, { shadeCode: 'nu-12' }, [{ view: 'front', bytes: clean, fileName: photoName('nu-12') }]);
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 300));
    assertConforms('Submission', res.body);
    assert.equal(res.body.verdict, 'accepted');
    assert.equal(res.body.duplicate, false);
    assert.equal(res.headers.location, `/api/v1/submissions/${res.body.id}`);
    assert.equal(res.body.photos[0].findings.length, 10, 'one finding per rule');
    assert.equal(res.body.extraction.region.convention, 'pixels of the upright image (EXIF orientation applied), origin top-left, x right, y down');
    const row = await portal.db('submissions').where({ id: res.body.id }).first();
    assert.equal(row.brand_id, brandA.brand.id);
  });

  it('answers a refused photo with the failed rule, its measured value and limit', async () => {
    const res = await apiSubmit(portal, brandA.token, { shadeCode: 'sm-1' }, [{ view: 'front', bytes: small, fileName: photoName('sm-1') }]);
    assert.equal(res.status, 201);
    assertConforms('Submission', res.body);
    assert.equal(res.body.verdict, 'rejected');
    const resolution = res.body.photos[0].findings.find((f: { rule: string }) => f.rule === 'resolution');
    assert.equal(resolution.status, 'fail');
    assert.equal(resolution.measured, 800, 'the longest side of the 600 × 800 fixture');
    assert.match(resolution.threshold, /1000/);
  });

  it('answers 422 naming each failing field, and creates nothing', async () => {
    const before = await rows('submissions');
    const res = await apiSubmit(portal, brandA.token, { shadeName: '', declaredFinish: 'sparkly' }, [{ view: 'swatch', bytes: clean, fileName: photoName('nu-12', 'swatch') }]);
    assert.equal(res.status, 422);
    assertConforms('Error', res.body);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(Object.keys(res.body.error.fields).sort(), ['declaredFinish', 'front', 'shadeName']);
    assert.equal(await rows('submissions'), before);
  });

  it('words a missing field as the docs promise ("is required"), never in the validation library’s words', async () => {
    const res = await apiSubmit(portal, brandA.token, { shadeName: undefined, declaredFinish: undefined, swatchHex: undefined }, [
      { view: 'front', bytes: clean, fileName: photoName('nu-12') },
    ]);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.fields.shadeName, 'is required');
    assert.equal(res.body.error.fields.declaredFinish, 'is required');
    assert.match(res.body.error.fields.swatchHex, /^is required/);
    assert.doesNotMatch(JSON.stringify(res.body), /Invalid input|expected string|received undefined/);
  });

  it('answers 415 JSON for bytes that are not an image', async () => {
    const html = Buffer.from('<!doctype html><script>alert(1)</script>');
    const res = await apiSubmit(portal, brandA.token, {}, [{ view: 'front', bytes: html, fileName: photoName('nu-12') }]);
    assert.equal(res.status, 415);
    assert.equal(res.body.error.field, 'front');
  });
});

describe('idempotency', () => {
  it('answers a retry with the same key with the first submission (200, duplicate) and one row', async () => {
    const key = crypto.randomUUID();
    const send = () => apiSubmit(portal, brandA.token, { shadeCode: 'id-1' }, [{ view: 'front', bytes: clean, fileName: photoName('id-1') }], key);
    const first = await send();
    const second = await send();
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(second.body.duplicate, true);
    assert.equal(second.body.id, first.body.id);
    assertConforms('Submission', second.body);
    assert.equal(await rows('submissions', { brand_id: brandA.brand.id, shade_code: 'id-1' }), 1);
  });

  it('makes exactly one submission from a storm of parallel identical requests', async () => {
    const key = crypto.randomUUID();
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        apiSubmit(portal, brandA.token, { shadeCode: 'st-1' }, [{ view: 'front', bytes: clean, fileName: photoName('st-1') }], key),
      ),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 201]);
    assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
    assert.equal(await rows('submissions', { brand_id: brandA.brand.id, shade_code: 'st-1' }), 1);
    assert.equal(await rows('photos', { sha256: results[0].body.photos[0].sha256, submission_id: results[0].body.id }), 1);
    // The twins that lost the race rolled back and removed the files they had stored.
    const originals = storedFiles(portal).filter((f) => f.startsWith('originals/'));
    assert.equal(originals.length, await rows('photos'));
  });

  it('refuses a key reused for a different request', async () => {
    const key = crypto.randomUUID();
    await apiSubmit(portal, brandA.token, { shadeCode: 'ku-1' }, [{ view: 'front', bytes: clean, fileName: photoName('ku-1') }], key);
    const res = await apiSubmit(portal, brandA.token, { shadeCode: 'ku-2' }, [{ view: 'front', bytes: clean, fileName: photoName('ku-2') }], key);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal(res.body.error.field, 'Idempotency-Key');
  });

  it('never makes a second submission from the same photo bytes for the same shade code, without a key', async () => {
    const first = await apiSubmit(portal, brandA.token, { shadeCode: 'FP-1' }, [{ view: 'front', bytes: clean, fileName: photoName('fp-1') }]);
    const again = await apiSubmit(portal, brandA.token, { shadeCode: 'fp-1' }, [{ view: 'front', bytes: clean, fileName: photoName('fp-1') }]);
    assert.equal(first.status, 201);
    assert.equal(again.status, 200);
    assert.equal(again.body.id, first.body.id);
    assert.equal(await rows('submissions', { brand_id: brandA.brand.id, shade_code: 'fp-1' }) + (await rows('submissions', { brand_id: brandA.brand.id, shade_code: 'FP-1' })), 1);
  });

  it('keeps the same bytes from two brands apart: each gets its own submission', async () => {
    const a = await apiSubmit(portal, brandA.token, { shadeCode: 'tw-1' }, [{ view: 'front', bytes: clean, fileName: photoName('tw-1') }]);
    const b = await apiSubmit(portal, brandB.token, { shadeCode: 'tw-1' }, [{ view: 'front', bytes: clean, fileName: photoName('tw-1') }]);
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.notEqual(a.body.id, b.body.id);
  });
});

describe('GET /api/v1/submissions', () => {
  it('lists only the brand’s own submissions, filtered by status, across cursor pages without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(portal.url)
        .get(`/api/v1/submissions?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(brandA.token));
      assert.equal(res.status, 200);
      assertConforms('SubmissionList', res.body);
      assert.ok(res.body.data.length <= 2);
      seen.push(...res.body.data.map((s: { id: string }) => s.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const own = await portal.db('submissions').where({ brand_id: brandA.brand.id }).pluck('id');
    assert.deepEqual([...seen].sort(), [...own].sort());
    assert.equal(new Set(seen).size, seen.length);

    const rejected = await request(portal.url).get('/api/v1/submissions?status=rejected').set(bearer(brandA.token));
    assert.ok(rejected.body.data.length >= 1);
    assert.ok(rejected.body.data.every((s: { status: string }) => s.status === 'rejected'));
    const bad = await request(portal.url).get('/api/v1/submissions?status=lost').set(bearer(brandA.token));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'status');
  });

  it('answers another brand’s submission exactly like one that does not exist', async () => {
    const ofA = (await portal.db('submissions').where({ brand_id: brandA.brand.id }).first()).id;
    const theirs = await request(portal.url).get(`/api/v1/submissions/${ofA}`).set(bearer(brandB.token));
    const missing = await request(portal.url).get(`/api/v1/submissions/${crypto.randomUUID()}`).set(bearer(brandB.token));
    assert.equal(theirs.status, 404);
    assert.equal(missing.status, 404);
    assert.equal(theirs.body.error.message, missing.body.error.message);
    const mine = await request(portal.url).get(`/api/v1/submissions/${ofA}`).set(bearer(brandA.token));
    assert.equal(mine.status, 200);
    assertConforms('Submission', mine.body);
    const listB = await request(portal.url).get('/api/v1/submissions?limit=100').set(bearer(brandB.token));
    assert.ok(listB.body.data.every((s: { id: string }) => s.id !== ofA));
  });
});
