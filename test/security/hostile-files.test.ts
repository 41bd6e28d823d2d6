import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import exifr from 'exifr';
import sharp from 'sharp';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../support/browserless-client.ts';
import { distinctJpeg } from '../support/submission-helpers.ts';
import { createBrandUser, createReviewer, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { assertAliveAndUnchanged, snapshot } from './hostile-requests.ts';
import {
  animatedWebp,
  exifCircularIfd,
  exifOffsetBeyondBuffer,
  FOREIGN_FORMATS,
  NOT_IMAGES,
  pngDeclaring,
  pngWithBadCrc,
  SVG_WITH_SCRIPT,
  EXIF_PAYLOADS,
  withGpsAndTrailer,
  withHostileExifText,
  withRawExif,
} from './hostile-files.ts';

/** Checklist sections B (file names) and C (file content), through the real upload route. */
let portal: TestPortal;
let brand: Client;
let photo: Buffer;
/** Small (refused by the resolution rule, still recorded): enough where only the name matters. */
let smallPhoto: Buffer;
const goodName = 'lumiere_silk-matte_nu-12_front.jpg';

const upload = (bytes: Buffer, fileName = goodName) =>
  submitShade(brand, defaultFields(), [{ view: 'front', bytes, fileName }]).set('Accept', 'application/json');

/** A recorded submission (accepted or refused by the standards): a browser gets 303, a JSON client 201. */
const recordedId = (res: { status: number; headers: Record<string, string>; body: { id?: string } }) =>
  res.status === 201 ? String(res.body.id) : res.status === 303 ? /\/submissions\/([0-9a-f-]{36})$/.exec(res.headers.location)?.[1] : undefined;

async function acceptedPhotoRow(bytes: Buffer, fileName = goodName) {
  const res = await upload(bytes, fileName);
  const id = recordedId(res);
  assert.ok(id, `${res.status} ${res.text.slice(0, 300)}`);
  return { submissionId: id, photo: await portal.db('photos').where({ submission_id: id }).first() };
}

/** Refused: either at the door (4xx, nothing stored) or recorded as refused with the format rule failing. */
async function refusedAsCorrupt(bytes: Buffer) {
  const res = await upload(bytes);
  if (res.status === 422) return;
  const id = recordedId(res);
  assert.ok(id, `${res.status} ${res.text.slice(0, 300)}`);
  const row = await portal.db('photos').where({ submission_id: id }).first();
  assert.equal(row.verdict, 'rejected');
  const format = JSON.parse(row.findings).find((f: { rule: string }) => f.rule === 'format');
  assert.equal(format?.status, 'fail', row.findings);
}

async function refusedWith(bytes: Buffer, status: number, code?: string, fileName = goodName) {
  const before = await snapshot(portal);
  const res = await upload(bytes, fileName);
  assert.equal(res.status, status, `${res.status} ${res.text.slice(0, 300)}`);
  if (code) assert.equal(res.body.error.code, code);
  assert.doesNotMatch(res.text, /<script|at .*\.ts:\d+/, 'no echoed input, no stack trace');
  await assertAliveAndUnchanged(portal, before, assert);
}

before(async () => {
  photo = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 1200, height: 1600 }))).bytes;
  smallPhoto = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 300, height: 400 }))).bytes;
  portal = await startTestPortal();
  const b = await createBrandUser(portal, 'Lumiere');
  brand = await login(portal, b.email, b.password);
});
after(() => portal.cleanup());

describe('file names (B1–B4)', () => {
  const hostileNames = [
    '../../../../etc/passwd',
    '..\\..\\win.ini',
    '/abs/path.jpg',
    'C:\\x.jpg',
    'x.jpg%00.php',
    'x.jpg\u0000.php',
    'x.php',
    '.htaccess',
    'CON',
    'aux.jpg',
    `${'a'.repeat(10_000)}.jpg`,
    'lipstick\u202egpj.exe',
    'name\r\nX-Injected: 1.jpg',
    'quote"semi;colon%0A.jpg',
    '<img src=x onerror=alert(1)>.jpg',
  ];

  it('stores every photo under a generated key inside the storage root, whatever its name', async () => {
    const root = fs.realpathSync(portal.storage.root);
    for (const [i, name] of hostileNames.entries()) {
      const before = await snapshot(portal);
      // A copy per name: the very same bytes again would answer the first submission (C13).
      const res = await upload(distinctJpeg(smallPhoto, `name ${i}`), name);
      if (res.status === 400) {
        // A name the client could not encode into a valid part header (raw CR/LF): refused whole.
        assert.equal(res.body.error.code, 'MALFORMED_MULTIPART', JSON.stringify(name));
        await assertAliveAndUnchanged(portal, before, assert);
        continue;
      }
      const id = recordedId(res);
      assert.ok(id, `${JSON.stringify(name).slice(0, 60)}: ${res.status} ${res.text.slice(0, 200)}`);
      const row = await portal.db('photos').where({ submission_id: id }).first();
      assert.match(row.storage_key, /^originals\/[0-9a-f]{2}\/[0-9a-f-]{36}\.jpg$/, name);
      const real = fs.realpathSync(path.join(portal.storage.root, row.storage_key));
      assert.ok(real.startsWith(root + path.sep), `${name} → ${real}`);
      // eslint-disable-next-line no-control-regex -- control characters are what this looks for
      assert.doesNotMatch(row.display_name, /[\\/\u0000-\u001f\u202a-\u202e]/, `display name of ${JSON.stringify(name)}`);
      assert.ok([...row.display_name].length <= 255);
    }
  });

  it('takes the stored extension from the sniffed type, not the name', async () => {
    const png = await sharp(smallPhoto).png().toBuffer();
    const { photo: row } = await acceptedPhotoRow(png, 'x.jpg');
    assert.match(row.storage_key, /\.png$/);
  });

  it('shows a hostile name escaped and serves the photo under a fixed, quoted file name', async () => {
    const { submissionId, photo: row } = await acceptedPhotoRow(distinctJpeg(smallPhoto, 'escaped name'), '<img src=x onerror=alert(1)>"\u202e.jpg');
    const page = await brand.get(`/submissions/${submissionId}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /<img src=x onerror/);
    const image = await brand.get(`/photos/${row.id}/image`);
    assert.equal(image.headers['content-disposition'], 'inline; filename="photo.jpg"');
    assert.equal(image.headers['x-injected'], undefined);
  });
});

describe('file content (C1–C9)', () => {
  it('refuses a 10 000-frame animated WebP on pages × width × height before decoding a frame (C5)', async () => {
    const still = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#a03040' } }).webp({ lossless: true }).toBuffer();
    // 10 000 × 100 × 100 = 100 M pixels, over the 64 M limit, in about half a megabyte.
    const manyFrames = animatedWebp(still, 100, 100, 10_000);
    assert.equal((await sharp(manyFrames, { pages: 1 }).metadata()).pages, 10_000, 'the fixture really has 10 000 frames');
    assert.ok(manyFrames.length < 1_000_000);
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    await refusedWith(manyFrames, 413, 'TOO_MANY_PIXELS');
    assert.ok(Date.now() - started < 5_000, `answered in ${Date.now() - started} ms`);
    const deltaMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    assert.ok(deltaMb < 100, `RSS grew ${deltaMb.toFixed(0)} MB`);
  });

  it('analyses an animated WebP within the pixel limit as its first frame only (C5)', async () => {
    const still = await sharp(smallPhoto).webp({ quality: 90 }).toBuffer();
    const animation = animatedWebp(still, 300, 400, 40);
    const { photo: row } = await acceptedPhotoRow(animation, 'lumiere_silk-matte_nu-12_front.webp');
    assert.equal(row.format, 'webp');
    assert.deepEqual([row.width, row.height], [300, 400], 'one frame, not 40 stacked');
  });

  for (const [kind, bytes] of Object.entries(NOT_IMAGES)) {
    it(`refuses ${kind} bytes sent as image/jpeg with 415 and stores nothing`, async () => {
      await refusedWith(bytes, 415, 'UNSUPPORTED_TYPE');
    });
  }

  it('refuses SVG with scripts, and SVG renamed .png, with 415', async () => {
    await refusedWith(SVG_WITH_SCRIPT, 415, 'UNSUPPORTED_TYPE', 'lumiere_silk-matte_nu-12_front.svg');
    await refusedWith(SVG_WITH_SCRIPT, 415, 'UNSUPPORTED_TYPE', 'lumiere_silk-matte_nu-12_front.png');
  });

  for (const [format, bytes] of Object.entries(FOREIGN_FORMATS)) {
    it(`refuses ${format} renamed .jpg with 415`, async () => {
      await refusedWith(bytes, 415, 'UNSUPPORTED_TYPE');
    });
  }

  it('refuses a small PNG declaring 50 000 × 50 000 pixels before decoding it, with little memory', async () => {
    const bomb = pngDeclaring(50_000, 50_000);
    assert.ok(bomb.length < 2000, 'the bomb itself is tiny');
    const rssBefore = process.memoryUsage().rss;
    await refusedWith(bomb, 413, 'TOO_MANY_PIXELS');
    // Decoding would need 50 000² × 3 bytes = 7.5 GB; refusing from the header needs almost nothing.
    const deltaMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    assert.ok(deltaMb < 100, `RSS grew ${deltaMb.toFixed(0)} MB`);
  });

  it('refuses a truncated JPEG, a PNG with a bad CRC and an empty file', async () => {
    await refusedAsCorrupt(photo.subarray(0, Math.floor(photo.length / 2)));
    await refusedAsCorrupt(await pngWithBadCrc());
    await refusedWith(Buffer.alloc(0), 422, 'VALIDATION_FAILED');
  });

  it('normalises a 16-bit PNG and a CMYK JPEG instead of failing', async () => {
    const png16 = await sharp(smallPhoto).toColourspace('rgb16').png().toBuffer();
    const cmyk = await sharp(smallPhoto).toColourspace('cmyk').jpeg().toBuffer();
    for (const bytes of [png16, cmyk]) {
      const res = await upload(bytes, 'x.jpg');
      assert.ok(recordedId(res) || (res.status >= 400 && res.status < 500), `${res.status} ${res.text.slice(0, 200)}`);
    }
  });

  it('survives EXIF with an IFD offset past the buffer and a circular IFD chain', async () => {
    for (const tiff of [exifOffsetBeyondBuffer(), exifCircularIfd()]) {
      const res = await upload(withRawExif(smallPhoto, tiff));
      assert.ok(recordedId(res) || (res.status >= 400 && res.status < 500), `${res.status} ${res.text.slice(0, 200)}`);
    }
    assert.equal((await brand.get('/dashboard')).status, 200);
  });
});

describe('what is served (C2, C10)', () => {
  let original: Buffer;
  let photoId = '';
  before(async () => {
    original = await withGpsAndTrailer(photo);
    const parsed = await exifr.parse(original, { gps: true });
    assert.ok(parsed?.latitude > 48, 'the fixture really carries GPS, so the test can fail');
    photoId = (await acceptedPhotoRow(original)).photo.id;
  });

  for (const size of ['display', 'thumb']) {
    it(`serves the ${size} derivative re-encoded, without EXIF, GPS, XMP or the HTML trailer`, async () => {
      const res = await brand.get(`/photos/${photoId}/image?size=${size}`).buffer(true);
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      const served = Buffer.from(res.body);
      assert.ok(!served.equals(original));
      assert.equal(served.indexOf('<html'), -1);
      assert.equal(served.indexOf('SN-123456'), -1);
      assert.equal(served.indexOf('Owner Name'), -1);
      const meta = await exifr.parse(served, { gps: true, xmp: true, iptc: true }).catch(() => undefined);
      assert.equal(meta, undefined, JSON.stringify(meta));
    });
  }
});

describe('EXIF text (C11)', () => {
  it('never reaches a page, a row or an email: the portal does not read EXIF text at all', async () => {
    const bytes = await withHostileExifText(smallPhoto);
    const parsed = await exifr.parse(bytes);
    assert.equal(parsed?.ImageDescription, EXIF_PAYLOADS[0], 'the fixture really carries the payloads, so the test can fail');
    // Small: refused by the resolution rule, so the brand is mailed and the reviewers' queue shows it.
    const res = await upload(bytes, 'lumiere_silk-matte_nu-13_front.jpg');
    const id = recordedId(res);
    assert.ok(id, `${res.status} ${res.text.slice(0, 300)}`);
    const r = await createReviewer(portal);
    const reviewer = await login(portal, r.email, r.password);
    // Pages about this submission only: other tests here upload files named with markup on purpose.
    const responses = [await brand.get(`/submissions/${id}`), await reviewer.get(`/review/${id}`)];
    for (const page of responses) assert.equal(page.status, 200);
    const pages = responses.map((page) => page.text);
    const emails = await portal.db('emails').where({ submission_id: id });
    assert.ok(emails.length > 0, 'the refusal was mailed, so the mail is looked at too');
    const rows = [
      ...(await portal.db('submissions').where({ id })),
      ...(await portal.db('photos').where({ submission_id: id })),
      ...emails,
    ].map((row) => JSON.stringify(row));
    for (const text of [...pages, ...rows]) {
      for (const needle of ['onerror', 'constructor.constructor', 'victim@evil.example']) assert.equal(text.indexOf(needle), -1, needle);
    }
  });
});
