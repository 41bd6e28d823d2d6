import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../support/browserless-client.ts';
import { named, submissionIdFrom } from '../support/submission-helpers.ts';
import { createBrandUser, createReviewer, startTestPortal, storedFiles, type TestPortal } from '../support/test-portal.ts';
import { categories, standardsFor } from '../../validators/standards.ts';

let portal: TestPortal;
let brandA: Client;
let brandB: Client;
let reviewer: Client;
let cleanPhoto: { bytes: Buffer; fileName: string };
let smallPhoto: { bytes: Buffer; fileName: string };

const rowCount = async (table: string) => Number((await portal.db(table).count({ n: '*' }))[0].n);

before(async () => {
  portal = await startTestPortal({ UPLOAD_MAX_BYTES: 3_000_000 });
  const a = await createBrandUser(portal, 'Lumiere');
  const b = await createBrandUser(portal, 'Rival');
  const r = await createReviewer(portal);
  [brandA, brandB, reviewer] = await Promise.all([
    login(portal, a.email, a.password),
    login(portal, b.email, b.password),
    login(portal, r.email, r.password),
  ]);
  const clean = await renderPhoto(defaultSpec({ format: 'jpeg' }));
  cleanPhoto = { bytes: clean.bytes, fileName: clean.fileName };
  // 600 × 800: below the 1000 px resolution floor, so the standards refuse it.
  const small = await renderPhoto(defaultSpec({ format: 'jpeg', width: 600, height: 800 }));
  smallPhoto = { bytes: small.bytes, fileName: small.fileName };
});

after(() => portal.cleanup());

describe('logging in', () => {
  it('refuses a wrong password without saying which part was wrong', async () => {
    const res = await request(portal.url).post('/login').type('form').send({ email: 'nobody@x.example', password: 'nope' });
    assert.equal(res.status, 401);
    assert.match(res.text, /do not match an account/);
    assert.equal(res.headers['set-cookie'], undefined);
  });

  it('sets a __Host- session cookie that is Secure, HttpOnly and SameSite, with no Domain', async () => {
    const u = await createBrandUser(portal, 'Cookie Brand');
    const res = await request(portal.url).post('/login').type('form').send({ email: u.email, password: u.password });
    assert.equal(res.status, 303);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^__Host-sg_session=/);
    assert.match(cookie, /; Secure/i);
    assert.match(cookie, /; HttpOnly/i);
    assert.match(cookie, /; SameSite=Lax/i);
    assert.doesNotMatch(cookie, /Domain=/i);
  });

  it('accepts a same-origin browser login even when the browser sends Origin: null', async () => {
    const u = await createBrandUser(portal, 'Null Origin Brand');
    const res = await request(portal.url)
      .post('/login')
      .set('Sec-Fetch-Site', 'same-origin')
      .set('Origin', 'null')
      .type('form')
      .send({ email: u.email, password: u.password });
    assert.equal(res.status, 303);
  });

  it('refuses a cross-site login post', async () => {
    const u = await createBrandUser(portal, 'Cross Site Brand');
    const res = await request(portal.url)
      .post('/login')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ email: u.email, password: u.password });
    assert.equal(res.status, 403);
  });

  it('sends a visitor without a session to the login page', async () => {
    const res = await request(portal.url).get('/dashboard');
    assert.equal(res.status, 303);
    assert.match(res.headers.location, /^\/login\?next=%2Fdashboard/);
  });

  it('ignores a next= that points off-site', async () => {
    const u = await createBrandUser(portal, 'Redirect Brand');
    for (const next of ['//evil.example', 'https:evil.example', '/\\evil.example']) {
      const res = await request(portal.url).post('/login').type('form').send({ email: u.email, password: u.password, next });
      assert.equal(res.headers.location, '/dashboard', next);
    }
  });
});

describe('submitting a shade', () => {
  let acceptedId = '';

  it('stores a clean photo under a generated name with its SHA-256 and shows the verdict per rule', async () => {
    const res = await submitShade(brandA, { ...defaultFields() }, [named(cleanPhoto.bytes, 'nu-12')]);
    assert.equal(res.status, 303, res.text.slice(0, 300));
    acceptedId = submissionIdFrom(res.headers.location);
    const submission = await portal.db('submissions').where({ id: acceptedId }).first();
    const photoRow = await portal.db('photos').where({ submission_id: acceptedId }).first();
    assert.equal(submission.verdict, 'accepted', photoRow.findings);
    const photo = await portal.db('photos').where({ submission_id: acceptedId }).first();
    assert.equal(photo.sha256, crypto.createHash('sha256').update(cleanPhoto.bytes).digest('hex'));
    assert.equal(photo.display_name, 'lumiere_silk-matte_nu-12_front.jpg');
    assert.ok(!photo.storage_key.includes('lumiere'), 'the brand file name is never used on disk');
    const onDisk = fs.readFileSync(path.join(portal.storage.root, photo.storage_key));
    assert.ok(onDisk.equals(cleanPhoto.bytes));

    const page = await brandA.get(res.headers.location);
    assert.equal(page.status, 200);
    for (const rule of ['format', 'resolution']) assert.match(page.text, new RegExp(`data-rule="${rule}"`));
    assert.match(page.text, /Accepted/);
    assert.match(page.text, new RegExp(`/photos/${photo.id}/image`));
  });

  it('serves the photo only as a re-encoded derivative through the authorised route', async () => {
    const photo = await portal.db('photos').where({ submission_id: acceptedId }).first();
    const res = await brandA.get(`/photos/${photo.id}/image`).buffer(true);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'image/jpeg');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(!Buffer.from(res.body).equals(cleanPhoto.bytes));
  });

  it('refuses a photo below the resolution floor with the measured value, the limit and the fix', async () => {
    const res = await submitShade(brandA, defaultFields(), [named(smallPhoto.bytes, 'nu-12')]);
    assert.equal(res.status, 303);
    const page = await brandA.get(res.headers.location);
    assert.match(page.text, /Refused/);
    const row = /<tr class="finding finding-fail" data-rule="resolution">([\s\S]*?)<\/tr>/.exec(page.text);
    assert.ok(row, 'resolution is listed as failed');
    assert.match(row[1], /800/);
    assert.match(row[1], /1000/);
  });

  it('answers 415 for a non-image named .jpg and leaves no row and no file', async () => {
    const before = { subs: await rowCount('submissions'), photos: await rowCount('photos'), files: storedFiles(portal).length };
    const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
    const res = await submitShade(brandA, defaultFields(), [{ view: 'front', bytes: html, fileName: 'lumiere_silk-matte_nu-12_front.jpg' }]).set('Accept', 'application/json');
    assert.equal(res.status, 415);
    assert.equal(res.body.error.code, 'UNSUPPORTED_TYPE');
    assert.equal(await rowCount('submissions'), before.subs);
    assert.equal(await rowCount('photos'), before.photos);
    assert.equal(storedFiles(portal).length, before.files);
  });

  it('answers 413 for a file over the upload limit', async () => {
    const big = Buffer.concat([cleanPhoto.bytes, Buffer.alloc(3_000_001)]);
    const res = await submitShade(brandA, defaultFields(), [{ view: 'front', bytes: big, fileName: cleanPhoto.fileName }]).set('Accept', 'application/json');
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'LIMIT_FILE_SIZE');
  });

  it('answers 422 naming the missing field, and re-renders the form for a browser', async () => {
    const fields = { ...defaultFields(), shadeName: '' };
    const json = await submitShade(brandA, fields, [named(cleanPhoto.bytes, 'nu-12')]).set('Accept', 'application/json');
    assert.equal(json.status, 422);
    assert.ok(json.body.error.fields.shadeName, JSON.stringify(json.body));
    const html = await submitShade(brandA, fields, [named(cleanPhoto.bytes, 'nu-12')]).set('Accept', 'text/html');
    assert.equal(html.status, 422);
    assert.match(html.text, /id="shadeName-error"/);
  });

  it('requires a front photo', async () => {
    const res = await submitShade(brandA, defaultFields(), [named(cleanPhoto.bytes, 'nu-12', 'swatch')]).set('Accept', 'application/json');
    assert.equal(res.status, 422);
    assert.ok(res.body.error.fields.front);
  });

  it('requires a foundation’s swatch photo beside its front, naming the swatch field, and stores nothing', async () => {
    const before = await rowCount('submissions');
    const fields = { ...defaultFields(), category: 'foundation' };
    const res = await submitShade(brandA, fields, [named(cleanPhoto.bytes, 'nu-12')]).set('Accept', 'application/json');
    assert.equal(res.status, 422);
    assert.ok(res.body.error.fields.swatch, JSON.stringify(res.body));
    assert.equal(res.body.error.fields.front, undefined);
    assert.equal(await rowCount('submissions'), before);
  });

  it('lists the views the chosen category needs on the form, from the standards’ data, with or without the script', async () => {
    // Without the script: a foundation posted with its front alone comes back with its swatch marked required.
    const fields = { ...defaultFields(), category: 'foundation' };
    const html = await submitShade(brandA, fields, [named(cleanPhoto.bytes, 'nu-12')]).set('Accept', 'text/html');
    assert.equal(html.status, 422);
    assert.match(html.text, /<li data-view="front" data-need="required">/);
    assert.match(html.text, /<li data-view="swatch" data-need="required"><strong>Swatch photo<\/strong> <span class="need need-required">required<\/span><\/li>/);
    assert.match(html.text, /id="photo-swatch-mark">\(required\)</);
    assert.match(html.text, /id="swatch-error" >a swatch photo is required</);
    // The script's copy of the rules is the standards' own data for every category, not a second list.
    const form = await brandA.get('/submissions/new');
    const preflight = JSON.parse(/data-preflight="([^"]*)"/.exec(form.text)![1].replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&'));
    assert.deepEqual(preflight.viewRules, Object.fromEntries(categories().map((c) => [c, standardsFor(c).viewRules])));
    // The first category (lipstick) recommends its swatch.
    assert.match(form.text, /<li data-view="swatch" data-need="recommended">/);
  });

  it('refuses a form without the session token, before storing anything', async () => {
    const before = await rowCount('submissions');
    const req = brandA.post('/submissions').set('Accept', 'application/json');
    for (const [k, v] of Object.entries(defaultFields())) req.field(k, v);
    const res = await req.attach('front', cleanPhoto.bytes, cleanPhoto.fileName);
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'CSRF_FAILED');
    assert.equal(await rowCount('submissions'), before);
  });

  it('refuses a cross-site POST before reading the body', async () => {
    const res = await submitShade(brandA, defaultFields(), [named(cleanPhoto.bytes, 'nu-12')])
      .set('Origin', 'https://evil.example')
      .set('Accept', 'application/json');
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'CROSS_SITE_REQUEST');
  });

  it('links a resubmission to the refused submission it replaces, both ways', async () => {
    const first = await submitShade(brandA, defaultFields({ shadeCode: 'rb-7', shadeName: 'Ruby Bloom' }), [named(smallPhoto.bytes, 'rb-7')]);
    const firstId = submissionIdFrom(first.headers.location);
    const form = await brandA.get(`/submissions/new?replaces=${firstId}`);
    assert.match(form.text, new RegExp(`name="replacesId" value="${firstId}"`));
    assert.match(form.text, /value="rb-7"/);
    const second = await submitShade(brandA, defaultFields({ shadeCode: 'rb-7', shadeName: 'Ruby Bloom', replacesId: firstId }), [
      named(cleanPhoto.bytes, 'rb-7'),
    ]);
    const secondId = submissionIdFrom(second.headers.location);
    assert.equal((await portal.db('submissions').where({ id: secondId }).first()).replaces_id, firstId);
    assert.match((await brandA.get(`/submissions/${secondId}`)).text, new RegExp(`Resubmission of <a href="/submissions/${firstId}"`));
    assert.match((await brandA.get(`/submissions/${firstId}`)).text, new RegExp(`Replaced by <a href="/submissions/${secondId}"`));

    // On the dashboard the two rows are told apart: the refused one is marked replaced, the new one a resubmission.
    const dashboard = (await brandA.get('/dashboard')).text;
    const rowOf = (id: string) => new RegExp(`<tr[^>]*>\\s*<td><a href="/submissions/${id}">[^]*?</tr>`).exec(dashboard)?.[0] ?? '';
    assert.match(rowOf(firstId), /^<tr class="replaced">/);
    assert.match(rowOf(firstId), /replaced by a resubmission/);
    assert.match(rowOf(secondId), /<span class="tag-resubmission">resubmission<\/span>/);
    assert.doesNotMatch(rowOf(secondId), /replaced by/);
  });

  it('labels the dashboard colour as the declared one, with the measured colour beside it', async () => {
    const dashboard = (await brandA.get('/dashboard')).text;
    assert.match(dashboard, /<th scope="col">Declared colour<\/th><th scope="col">Measured colour<\/th>/);
    const accepted = await portal.db('submissions').where({ id: acceptedId }).first();
    const measured = JSON.parse(accepted.extraction).color.hex.toLowerCase();
    assert.match(dashboard, new RegExp(`<td data-label="Measured colour"><span class="chip" data-color="${measured}">`));
  });

  it('will not link a resubmission to another brand\'s submission', async () => {
    const res = await submitShade(brandB, defaultFields({ replacesId: acceptedId }), [named(cleanPhoto.bytes, 'nu-12')]).set('Accept', 'application/json');
    assert.equal(res.status, 422);
    assert.ok(res.body.error.fields.replacesId);
  });
});

describe('tenancy', () => {
  let idOfA = '';
  let photoOfA = '';
  before(async () => {
    const res = await submitShade(brandA, defaultFields({ shadeCode: 'tn-1', shadeName: 'Tenant Rose' }), [named(cleanPhoto.bytes, 'tn-1')]);
    idOfA = submissionIdFrom(res.headers.location);
    photoOfA = (await portal.db('photos').where({ submission_id: idOfA }).first()).id;
  });

  it('answers another brand exactly as for an id that does not exist', async () => {
    const theirs = await brandB.get(`/submissions/${idOfA}`).set('Accept', 'application/json');
    const missing = await brandB.get(`/submissions/${crypto.randomUUID()}`).set('Accept', 'application/json');
    assert.equal(theirs.status, 404);
    assert.equal(missing.status, 404);
    assert.equal(theirs.body.error.message, missing.body.error.message);
    const photo = await brandB.get(`/photos/${photoOfA}/image`);
    assert.equal(photo.status, 404);
    assert.notEqual(photo.headers['content-type'], 'image/jpeg');
  });

  it('lists only the brand\'s own submissions', async () => {
    const list = await brandB.get('/dashboard');
    assert.equal(list.status, 200);
    assert.doesNotMatch(list.text, new RegExp(idOfA));
    assert.match((await brandA.get('/dashboard')).text, new RegExp(idOfA));
  });

  it('ignores a brand id smuggled into the form', async () => {
    const res = await submitShade(brandB, { ...defaultFields({ shadeCode: 'sm-1' }), brandId: 'x', brand_id: 'y' }, [named(cleanPhoto.bytes, 'sm-1')]);
    const id = submissionIdFrom(res.headers.location);
    const row = await portal.db('submissions').where({ id }).first();
    const brandBRow = await portal.db('users').where({ id: row.created_by }).first();
    assert.equal(row.brand_id, brandBRow.brand_id);
  });

  it('lets a reviewer see every brand\'s submissions and photos', async () => {
    const list = await reviewer.get('/dashboard');
    assert.match(list.text, new RegExp(idOfA));
    assert.equal((await reviewer.get(`/submissions/${idOfA}`)).status, 200);
    assert.equal((await reviewer.get(`/photos/${photoOfA}/image`)).status, 200);
  });

  it('does not let a reviewer submit as a brand', async () => {
    const res = await submitShade(reviewer, defaultFields(), [named(cleanPhoto.bytes, 'nu-12')]).set('Accept', 'application/json');
    assert.equal(res.status, 403);
  });
});
