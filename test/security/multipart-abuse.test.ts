import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { uploadSpoolRoot } from '../../server/http/upload.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../support/browserless-client.ts';
import { createBrandUser, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { abortMidUpload, assertAliveAndUnchanged, BOUNDARY, closing, eventually, openFds, part, postRaw, snapshot } from './hostile-requests.ts';

/** Checklist section A: multipart and body-parser abuse on the upload route and the forms. */
let portal: TestPortal;
let brand: Client;
let photo: Buffer;
const fileName = 'lumiere_silk-matte_nu-12_front.jpg';

const formFields = (client: Client) =>
  Buffer.concat([part('_csrf', client.csrf), ...Object.entries(defaultFields()).map(([k, v]) => part(k, v))]);
const photoPart = (bytes = photo) => part('front', bytes, { filename: fileName, contentType: 'image/jpeg' });

before(async () => {
  photo = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 1200, height: 1600 }))).bytes;
  // The upload limit is exactly this photo's size, so "exactly the limit" and "one byte over" are real cases.
  portal = await startTestPortal({ UPLOAD_MAX_BYTES: photo.length }, { loginLimit: { windowMs: 60_000, max: 1000 } });
  const b = await createBrandUser(portal, 'Lumiere');
  brand = await login(portal, b.email, b.password);
});
after(() => portal.cleanup());

describe('malformed multipart bodies (A1, A2)', () => {
  const cases: Array<[string, () => Buffer]> = [
    ['a part with an empty field name', () => Buffer.concat([part('', 'x'), closing()])],
    ['a body without its closing boundary', () => Buffer.concat([formFields(brand), photoPart().subarray(0, 2000)])],
    ['LF-only line endings', () => Buffer.from(`--${BOUNDARY}\nContent-Disposition: form-data; name="a"\n\nb\n--${BOUNDARY}--\n`)],
  ];
  for (const [name, body] of cases) {
    it(`answers 400 to ${name} and stays alive with nothing stored`, async () => {
      const before = await snapshot(portal);
      const res = await postRaw(brand, body());
      assert.equal(res.status, 400, `${res.status} ${res.text.slice(0, 200)}`);
      assert.doesNotMatch(res.text, /at .*\.(ts|js):\d+/, 'no stack trace');
      await assertAliveAndUnchanged(portal, before, assert);
    });
  }

  // The parser skips parts it cannot name; what matters is that they never become a field or a file.
  const skipped: Array<[string, () => Buffer]> = [
    ['garbage between boundaries', () => Buffer.concat([Buffer.from('\u0000\u00ffgarbage\r\n'), Buffer.from(`--${BOUNDARY}\r\nX: y\r\n\r\nz\r\n`), closing()])],
    ['a part without Content-Disposition', () => Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\n\r\n`), photo, Buffer.from('\r\n'), closing()])],
  ];
  for (const [name, body] of skipped) {
    it(`refuses a form whose only content is ${name}, storing nothing`, async () => {
      const before = await snapshot(portal);
      const res = await postRaw(brand, body());
      assert.ok(res.status >= 400 && res.status < 500, `${res.status} ${res.text.slice(0, 200)}`);
      assert.notEqual(res.body.error.code, 'INTERNAL');
      await assertAliveAndUnchanged(portal, before, assert);
    });
  }

  it('refuses a boundary longer than 70 characters (RFC 2046) without storing anything', async () => {
    const long = 'b'.repeat(200);
    const before = await snapshot(portal);
    const body = Buffer.from(`--${long}\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--${long}--\r\n`);
    const res = await postRaw(brand, body, `multipart/form-data; boundary=${long}`);
    assert.equal(res.status, 400, `${res.status} ${res.text.slice(0, 200)}`);
    await assertAliveAndUnchanged(portal, before, assert);
  });
});

describe('field-name abuse (A3, A4)', () => {
  for (const name of ['a[__proto__][x]', 'constructor[prototype][x]', '__proto__[x]', 'a[b][c]', 'items[4294967294]', 'a[999999999]', 'items[]']) {
    it(`refuses the field name ${name} with 400 and pollutes no prototype`, async () => {
      const before = await snapshot(portal);
      const res = await postRaw(brand, Buffer.concat([formFields(brand), part(name, 'polluted'), photoPart(), closing()]));
      assert.equal(res.status, 400, `${res.status} ${res.text.slice(0, 200)}`);
      assert.match(res.body.error.code, /^(LIMIT_FIELD_NESTING|LIMIT_FIELD_ARRAY_INDEX|INVALID_FIELD_NAME|LIMIT_FIELD_KEY)$/);
      assert.equal(({} as Record<string, unknown>).x, undefined);
      assert.equal((Object.prototype as Record<string, unknown>).x, undefined);
      await assertAliveAndUnchanged(portal, before, assert);
    });
  }

  it('refuses a field name nested 10 000 deep by its length', async () => {
    const res = await postRaw(brand, Buffer.concat([part(`a${'[b]'.repeat(10_000)}`, 'x'), closing()]));
    assert.equal(res.status, 400);
    assert.match(res.body.error.code, /^(LIMIT_FIELD_KEY|MALFORMED_MULTIPART)$/);
  });
});

describe('counts and sizes (A5–A8)', () => {
  it('stops 100 000 tiny fields at the field limit', async () => {
    const before = await snapshot(portal);
    const body = Buffer.concat([...Array.from({ length: 100_000 }, (_, i) => part(`f${i}`, '1')), closing()]);
    const res = await postRaw(brand, body);
    assert.equal(res.status, 413);
    // ~10 MB declared is past what a form may carry, so it is refused before a field is read.
    assert.match(res.body.error.code, /^(LIMIT_FIELD_COUNT|REQUEST_TOO_LARGE)$/);
    await assertAliveAndUnchanged(portal, before, assert);
  });

  it('stops 10 000 empty file parts at the part limit', async () => {
    const body = Buffer.concat([...Array.from({ length: 10_000 }, () => part('front', '', { filename: 'a.jpg' })), closing()]);
    const res = await postRaw(brand, body);
    assert.ok([400, 413].includes(res.status), String(res.status));
    assert.match(res.body.error.code, /^LIMIT_(PART|FILE)_COUNT$|^LIMIT_UNEXPECTED_FILE$/);
  });

  it('does not let 3 000 header pairs in one part through', async () => {
    const headers = Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`).join('\r\n');
    const body = Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n${headers}\r\n\r\nb\r\n`), closing()]);
    const before = await snapshot(portal);
    const res = await postRaw(brand, body);
    assert.ok(res.status >= 400 && res.status < 500, String(res.status));
    await assertAliveAndUnchanged(portal, before, assert);
  });

  it('answers 400 by code to two files where one is expected, and to a file in an unexpected field', async () => {
    for (const extra of [photoPart(), part('evil', photo, { filename: 'x.jpg', contentType: 'image/jpeg' })]) {
      const before = await snapshot(portal);
      const res = await postRaw(brand, Buffer.concat([formFields(brand), photoPart(), extra, closing()]));
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'LIMIT_UNEXPECTED_FILE');
      await assertAliveAndUnchanged(portal, before, assert);
    }
  });

  it('accepts a file of exactly the size limit and refuses one byte more with 413', async () => {
    const exact = await submitShade(brand, defaultFields(), [{ view: 'front', bytes: photo, fileName }]);
    assert.equal(exact.status, 303, exact.text.slice(0, 200));
    const before = await snapshot(portal);
    const over = await submitShade(brand, defaultFields(), [{ view: 'front', bytes: Buffer.concat([photo, Buffer.from([0])]), fileName }]).set('Accept', 'application/json');
    assert.equal(over.status, 413);
    assert.equal(over.body.error.code, 'LIMIT_FILE_SIZE');
    await assertAliveAndUnchanged(portal, before, assert);
  });

  it('counts the bytes of a chunked body with no length', async () => {
    const before = await snapshot(portal);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${portal.url}/submissions`, {
        method: 'POST',
        headers: { Cookie: brand.cookie, 'X-CSRF-Token': brand.csrf, Accept: 'application/json', 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Transfer-Encoding': 'chunked' },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.write(part('front', Buffer.alloc(0), { filename: fileName, contentType: 'image/jpeg' }).subarray(0, -2));
      for (let i = 0; i < 4; i++) req.write(Buffer.alloc(photo.length, 0xff));
      req.end();
    });
    assert.equal(status, 413);
    await assertAliveAndUnchanged(portal, before, assert);
  });

  it('answers 400 to Content-Length: 0 with a body following', async () => {
    const res = await postRaw(brand, Buffer.alloc(0));
    assert.equal(res.status, 400);
  });
});

describe('client aborts mid-upload (A9)', () => {
  it('leaks no file descriptor, file or row over 100 aborted uploads', async () => {
    const before = await snapshot(portal);
    const fdsBefore = openFds();
    for (let i = 0; i < 100; i++) await abortMidUpload(portal, brand, 64 * 1024);
    // Uploads stream to a spool folder per request; sockets and spool files close asynchronously.
    // A leak would grow the count by one per abort (100); a handful of transient sockets is not one.
    assert.ok(await eventually(() => openFds() <= fdsBefore + 5), `fds ${fdsBefore} → ${openFds()}`);
    const spool = uploadSpoolRoot(portal.dataDir);
    assert.ok(await eventually(() => !fs.existsSync(spool) || fs.readdirSync(spool).length === 0), `spool left: ${fs.existsSync(spool) ? fs.readdirSync(spool).length : 0}`);
    await assertAliveAndUnchanged(portal, before, assert);
  });
});

describe('content types (A11, A12)', () => {
  for (const [type, body] of [
    ['application/json', '{"front":"x"}'],
    ['application/x-www-form-urlencoded', 'front=x'],
    ['text/plain', 'front'],
  ] as const) {
    it(`answers 415 to ${type} on the upload route`, async () => {
      const res = await postRaw(brand, Buffer.from(body), type);
      assert.equal(res.status, 415);
      assert.equal(res.body.error.code, 'UNSUPPORTED_MEDIA_TYPE');
    });
  }

  it('does not read a multipart body on the login form', async () => {
    const res = await request(portal.url)
      .post('/login')
      .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`)
      .send(Buffer.concat([part('email', 'a@b.example'), part('password', 'x'), closing()]));
    assert.ok([400, 401, 415].includes(res.status), String(res.status));
    assert.equal(res.headers['set-cookie'], undefined);
  });

  it('answers 413 to 50 000 urlencoded parameters on the login form', async () => {
    const body = Array.from({ length: 50_000 }, (_, i) => `p${i}=1`).join('&');
    const res = await request(portal.url).post('/login').type('form').send(body);
    assert.equal(res.status, 413);
    assert.equal((await request(portal.url).get('/healthz')).status, 200);
  });
});
