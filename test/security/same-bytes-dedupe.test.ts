import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../support/browserless-client.ts';
import { named } from '../support/submission-helpers.ts';
import { createBrandUser, startTestPortal, storedFiles, type TestPortal } from '../support/test-portal.ts';

/**
 * C13: the submission form deduplicates by photo bytes per brand, as the API and bulk upload do (one
 * fingerprint table, one UNIQUE key): a brand sending the same photos for a shade again gets its earlier
 * submission back, while another brand sending the same bytes gets a submission of its own.
 */
let portal: TestPortal;
let brandA: Client;
let brandB: Client;
let brandAId: string;
let brandBId: string;
let photo: Buffer;

const submissionsOf = async (brandId: string) => portal.db('submissions').where({ brand_id: brandId }).select('id');
const photosOf = async (brandId: string) => portal.db('photos').where({ brand_id: brandId }).select('id');
const idIn = (location: string) => /^\/submissions\/([0-9a-f-]{36})(\?|$)/.exec(location)?.[1] ?? '';

before(async () => {
  portal = await startTestPortal({ UPLOAD_MAX_BYTES: 3_000_000 });
  const a = await createBrandUser(portal, 'Lumiere');
  const b = await createBrandUser(portal, 'Rival');
  brandAId = a.brand.id;
  brandBId = b.brand.id;
  [brandA, brandB] = await Promise.all([login(portal, a.email, a.password), login(portal, b.email, b.password)]);
  photo = (await renderPhoto(defaultSpec({ format: 'jpeg' }))).bytes;
});

after(() => portal.cleanup());

describe('the same photo bytes sent twice through the submission form', () => {
  let firstId = '';

  it('answers a brand repeating its upload with the earlier submission and a notice, making no second row or file', async () => {
    const first = await submitShade(brandA, defaultFields({ shadeCode: 'du-01' }), [named(photo, 'du-01')]);
    assert.equal(first.status, 303, first.text);
    firstId = idIn(first.headers.location);
    assert.ok(firstId);
    const filesAfterFirst = storedFiles(portal).length;

    const again = await submitShade(brandA, defaultFields({ shadeCode: 'du-01' }), [named(photo, 'du-01')]);
    assert.equal(again.status, 303, again.text);
    assert.equal(idIn(again.headers.location), firstId, 'redirected to the earlier submission');
    assert.match(again.headers.location, /repeated=1/);

    const page = await brandA.get(again.headers.location);
    assert.equal(page.status, 200);
    assert.match(page.text, /You already sent these exact photos for this shade code/);
    const plain = await brandA.get(`/submissions/${firstId}`);
    assert.doesNotMatch(plain.text, /You already sent these exact photos/, 'the notice shows only after a repeat');

    assert.deepEqual((await submissionsOf(brandAId)).map((r) => r.id), [firstId]);
    assert.equal((await photosOf(brandAId)).length, 1);
    assert.equal(storedFiles(portal).length, filesAfterFirst, 'no orphan file from the repeat');
  });

  it('answers a script-driven repeat with 200 and duplicate: true', async () => {
    const res = await submitShade(brandA, defaultFields({ shadeCode: 'du-01' }), [named(photo, 'du-01')]).set('Accept', 'application/json');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.duplicate, true);
    assert.equal(res.body.id, firstId);
    assert.match(res.body.notice, /already sent these exact photos/);
    assert.equal((await submissionsOf(brandAId)).length, 1);
  });

  it('refuses an incomplete form with the same bytes as such, rather than answering the earlier submission', async () => {
    const res = await submitShade(brandA, defaultFields({ shadeCode: 'du-01', shadeName: '' }), [named(photo, 'du-01')]).set('Accept', 'application/json');
    assert.equal(res.status, 422, res.text);
    assert.ok(res.body.error.fields.shadeName);
  });

  it('gives another brand sending the same bytes an independent submission', async () => {
    const res = await submitShade(brandB, defaultFields({ shadeCode: 'du-01' }), [named(photo, 'du-01')]);
    assert.equal(res.status, 303, res.text);
    const id = idIn(res.headers.location);
    assert.ok(id && id !== firstId);
    assert.match(res.headers.location, /^\/submissions\/[0-9a-f-]{36}$/, 'no repeat notice for a first upload');
    assert.deepEqual((await submissionsOf(brandBId)).map((r) => r.id), [id]);
    assert.equal((await submissionsOf(brandAId)).length, 1, "brand A's submissions are untouched");
  });

  it('keeps one row and no orphan files when the same upload is posted six times at once', async () => {
    const stored = (kind: string) => storedFiles(portal).filter((f) => f.startsWith(`${kind}/`)).length;
    const before = { originals: stored('originals'), derivatives: stored('derivatives') };
    const fields = defaultFields({ shadeCode: 'du-02' });
    const answers = await Promise.all(Array.from({ length: 6 }, () => submitShade(brandA, fields, [named(photo, 'du-02')])));
    assert.deepEqual(answers.map((r) => r.status), Array(6).fill(303));
    const ids = new Set(answers.map((r) => idIn(r.headers.location)));
    assert.equal(ids.size, 1, 'every answer names the same submission');
    const rows = await portal.db('submissions').where({ brand_id: brandAId, shade_code: 'du-02' }).select('id');
    assert.deepEqual(rows.map((r) => r.id), [...ids]);
    assert.equal(answers.filter((r) => !/repeated=1/.test(r.headers.location)).length, 1, 'one answer made it, five repeated it');
    assert.equal(stored('originals'), before.originals + 1, 'one stored original, the losers removed theirs');
    assert.equal(stored('derivatives'), before.derivatives + 2, 'and its display copy and thumbnail, no more');
  });
});
