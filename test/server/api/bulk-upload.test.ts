import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { login } from '../../support/browserless-client.ts';
import { createBrandUser, createReviewer, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { bearer, brandWithToken, createAnalyseOnceInspector, eventually, photoBytes, photoName } from './api-test-kit.ts';
import { createSchemaChecker } from './openapi-check.ts';

let portal: TestPortal;
let check: ReturnType<typeof createSchemaChecker>;
let brand: Awaited<ReturnType<typeof brandWithToken>>;
let clean: Buffer;
let small: Buffer;

/**
 * 50 generated shades with a known mix: lines 2–45 have a clean front photo (accepted), 46–48 a photo
 * below the resolution floor (refused), 49–50 no photo, 51 an unknown finish (not submitted); plus two
 * photos that match no row. Line 48's name starts like a formula, and line 50's holds one after a `;` (the list
 * separator of many locales), to prove the CSV report escapes them.
 */
function fiftyShades() {
  const lines = ['line,shade_code,shade_name,category,finish,swatch_hex'];
  const photos: Array<{ name: string; bytes: Buffer }> = [];
  for (let i = 1; i <= 50; i++) {
    const code = `bk-${i}`;
    const name = i === 47 ? '+Plum Rose' : i === 49 ? 'Safe;=2+3;' : `"Shade ${i}"`;
    const finish = i === 50 ? 'sparkly' : 'matte';
    lines.push(`Silk Matte,${code},${name},lipstick,${finish},#b22146`);
    if (i <= 44 || i === 50) photos.push({ name: photoName(code), bytes: clean });
    else if (i <= 47) photos.push({ name: photoName(code), bytes: small });
  }
  photos.push({ name: photoName('zz-404'), bytes: clean }, { name: '@SUM(A1).jpg', bytes: clean });
  return { csv: `${lines.join('\r\n')}\r\n`, photos };
}

function postBulk(token: string, csv: string, photos: Array<{ name: string; bytes: Buffer }>) {
  const req = request(portal.url).post('/api/v1/bulk').set(bearer(token)).attach('csv', Buffer.from(csv), { filename: 'shades.csv', contentType: 'text/csv' });
  for (const p of photos) req.attach('photos', p.bytes, { filename: p.name, contentType: 'image/jpeg' });
  return req;
}

const finished = (id: string, token = brand.token) =>
  eventually(async () => {
    const res = await request(portal.url).get(`/api/v1/bulk/${id}`).set(bearer(token));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.status !== 'processing' ? res.body : null;
  }, 60_000, 'the bulk upload to finish');

const spooled = () => {
  const dir = path.join(portal.dataDir, 'tmp', 'bulk');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

before(async () => {
  // Each distinct photo is analysed once; every row is still judged on its own names and colour.
  portal = await startTestPortal({ UPLOAD_MAX_BYTES: 3_000_000, BULK_MAX_FILES: 60, BULK_MAX_TOTAL_BYTES: 8_000_000 }, { inspector: createAnalyseOnceInspector() });
  check = createSchemaChecker((await request(portal.url).get('/api/v1/openapi.json')).body);
  brand = await brandWithToken(portal, 'Bulk Brand');
  clean = await photoBytes();
  small = await photoBytes({ width: 600, height: 800 });
});

after(() => portal.cleanup());

describe('bulk upload through the API', () => {
  let reportId = '';

  it('reports every row of 50 shades: accepted, refused with reasons, without photo, invalid, and unmatched photos', async () => {
    const { csv, photos } = fiftyShades();
    const res = await postBulk(brand.token, csv, photos);
    assert.equal(res.status, 202, JSON.stringify(res.body).slice(0, 300));
    assert.deepEqual(check('BulkUpload', res.body), []);
    assert.equal(res.body.totalRows, 50);
    reportId = res.body.id;
    const report = await finished(reportId);
    assert.deepEqual(check('BulkUpload', report), []);
    assert.equal(report.status, 'done');
    assert.equal(report.processedRows, 50);
    assert.deepEqual(
      { accepted: report.counts.accepted, rejected: report.counts.rejected, no_photo: report.counts.no_photo, invalid: report.counts.invalid, unmatched_photo: report.counts.unmatched_photo, failed: report.counts.failed },
      { accepted: 44, rejected: 3, no_photo: 2, invalid: 1, unmatched_photo: 2, failed: 0 },
    );
    const byLine = new Map(report.items.filter((i: { csvLine: number | null }) => i.csvLine).map((i: { csvLine: number }) => [i.csvLine, i]));
    const refused = byLine.get(46) as { outcome: string; reasons: string[] };
    assert.equal(refused.outcome, 'rejected');
    assert.ok(refused.reasons.some((r) => r.includes('resolution')), refused.reasons.join('; '));
    const invalid = byLine.get(51) as { reasons: string[] };
    assert.match(invalid.reasons.join(' '), /declaredFinish/);
    const accepted = await portal.db('submissions').where({ status: 'accepted', brand_id: brand.brand.id }).count({ n: '*' });
    assert.equal(Number(accepted[0].n), 44);
    assert.deepEqual(spooled(), [], 'the spooled files are removed once processed');
  });

  it('serves the report as CSV with formula-like cells escaped', async () => {
    const res = await request(portal.url).get(`/api/v1/bulk/${reportId}/report.csv`).set(bearer(brand.token));
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    const lines = res.text.trimEnd().split('\r\n');
    assert.equal(lines.length, 1 + 50 + 2);
    assert.ok(lines.some((l) => l.includes(`,"'+Plum Rose",`)), 'a name starting with + is quoted as text');
    assert.ok(lines.some((l) => l.includes(`"'@SUM(A1).jpg"`)), 'a file name starting with @ is quoted as text');
    assert.ok(lines.some((l) => l.includes(',"Safe;=2+3;",')), 'a name with ; inside is one quoted cell in any locale');
    assert.ok(!lines.some((l) => /(^|,)"?[=+@]/.test(l)), 'no cell starts like a formula');
    const cell = /(?:"(?:[^"]|"")*"|-?[0-9]+|)/.source;
    for (const line of lines.slice(1)) assert.match(line, new RegExp(`^${cell}(?:,${cell})*$`), 'every text cell is quoted');
  });

  it('makes no second submission when the same upload is sent again', async () => {
    const before = await portal.db('submissions').count({ n: '*' });
    const { csv, photos } = fiftyShades();
    const res = await postBulk(brand.token, csv, photos);
    const report = await finished(res.body.id);
    assert.equal(report.counts.duplicate, 47, 'every row with photos answered by its earlier submission');
    assert.deepEqual(await portal.db('submissions').count({ n: '*' }), before);
  });

  it('keeps one brand’s report from another', async () => {
    const other = await brandWithToken(portal, 'Nosy Brand');
    assert.equal((await request(portal.url).get(`/api/v1/bulk/${reportId}`).set(bearer(other.token))).status, 404);
    assert.equal((await request(portal.url).get(`/api/v1/bulk/${reportId}/report.csv`).set(bearer(other.token))).status, 404);
  });

  it('refuses more photos than the bulk limit and leaves no spooled file', async () => {
    const photos = Array.from({ length: 61 }, (_, i) => ({ name: photoName(`lim-${i}`), bytes: small }));
    const res = await postBulk(brand.token, 'line,shade_code,shade_name,category,finish,swatch_hex\r\n', photos);
    assert.ok(res.status === 400 || res.status === 413, String(res.status));
    assert.match(res.body.error.code, /^LIMIT_/);
    assert.deepEqual(spooled(), []);
  });

  it('refuses an upload larger in all than the bulk byte limit and leaves no spooled file', async () => {
    // Three 2.9 MB files: each within the per-file limit, together past the 8 MB bulk limit.
    const big = Buffer.concat([small, Buffer.alloc(2_900_000 - small.length)]);
    const photos = Array.from({ length: 3 }, (_, i) => ({ name: photoName(`big-${i}`), bytes: big }));
    const res = await postBulk(brand.token, 'line,shade_code,shade_name,category,finish,swatch_hex\r\n', photos);
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'BULK_TOO_LARGE');
    await eventually(async () => spooled().length === 0, 5_000, 'the spool folder to be removed');
  });

  it('refuses a CSV without the expected columns, naming the csv field', async () => {
    const res = await postBulk(brand.token, 'shade,colour\r\nnu-12,#b22146\r\n', []);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.field, 'csv');
    assert.match(res.body.error.message, /shade_code/);
    assert.deepEqual(spooled(), []);
  });
});

describe('bulk upload in the portal', () => {
  it('shows the form with its progress script, and a report page for the upload', async () => {
    const client = await login(portal, brand.email, brand.password);
    const form = await client.get('/bulk');
    assert.equal(form.status, 200);
    assert.match(form.text, /<script src="\/assets\/bulk-upload.js"/);
    assert.match(form.text, /<progress id="bulk-upload-bar"/);

    const csv = 'line,shade_code,shade_name,category,finish,swatch_hex\r\nSilk Matte,pg-1,Page Rose,lipstick,matte,#b22146\r\n';
    const post = client
      .post('/bulk')
      .field('_csrf', client.csrf)
      .attach('csv', Buffer.from(csv), { filename: 'shades.csv', contentType: 'text/csv' })
      .attach('photos', clean, { filename: photoName('pg-1'), contentType: 'image/jpeg' });
    const res = await post;
    assert.equal(res.status, 303);
    const id = /^\/bulk\/([0-9a-f-]{36})$/.exec(res.headers.location)?.[1] ?? '';
    await finished(id);
    const page = await client.get(`/bulk/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /data-outcome="accepted"/);
    assert.match(page.text, /pg-1 · Page Rose/);
    const polled = await client.get(`/bulk/${id}`).set('Accept', 'application/json');
    assert.deepEqual(check('BulkUpload', polled.body), []);
  });

  it('refuses a form without the session token and removes what it spooled', async () => {
    const client = await login(portal, brand.email, brand.password);
    const res = await client
      .post('/bulk')
      .set('Accept', 'application/json')
      .attach('csv', Buffer.from('a,b\r\n'), { filename: 'shades.csv', contentType: 'text/csv' })
      .attach('photos', clean, { filename: photoName('pg-2'), contentType: 'image/jpeg' });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'CSRF_FAILED');
    assert.deepEqual(spooled(), []);
  });

  it('is for brand users only', async () => {
    const other = await createBrandUser(portal, 'Page Brand');
    const client = await login(portal, other.email, other.password);
    assert.equal((await client.get('/bulk')).status, 200);
    const r = await createReviewer(portal);
    const reviewer = await login(portal, r.email, r.password);
    assert.equal((await reviewer.get('/bulk').set('Accept', 'application/json')).status, 403);
  });
});
