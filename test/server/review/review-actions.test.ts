import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import request from 'supertest';
import { deltaE2000, hexToLab } from '../../../extraction/color-space.ts';
import { defaultSpec, renderPhoto, type PhotoTruth } from '../../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../../support/browserless-client.ts';
import { createBrandUser, createReviewer, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { distinctJpeg, named, submissionIdFrom, waitFor } from '../../support/submission-helpers.ts';
import { exportToken } from '../api/api-test-kit.ts';
import { partOfType, readMime } from '../mail/mime-reader.ts';
import { startSmtpSink, type SmtpSink } from '../mail/smtp-sink.ts';

let smtp: SmtpSink;
let portal: TestPortal;
let brand: Client;
let reviewer: Client;
let brandId: string;
let otherBrandId: string;
let refused: { bytes: Buffer; truth: PhotoTruth };
let clean: Buffer;

const SPEC = defaultSpec();


let copies = 0;
/** A fresh copy of the refused photo (same pixels, different bytes): the same bytes again would be a repeat. */
const refusedCopy = () => distinctJpeg(refused.bytes, `copy ${++copies}`);

/** A 300 × 400 photo: below the 1000 px resolution floor, so refused for exactly one rule. */
async function refuse(client: Client, shadeCode: string): Promise<string> {
  const res = await submitShade(client, defaultFields({ shadeCode }), [named(refusedCopy(), shadeCode)]);
  assert.equal(res.status, 303, res.text);
  return submissionIdFrom(res.headers.location);
}

async function accept(shadeCode: string): Promise<string> {
  const res = await submitShade(brand, defaultFields({ shadeCode }), [named(clean, shadeCode)]);
  assert.equal(res.status, 303, res.text);
  const id = submissionIdFrom(res.headers.location);
  assert.equal((await statusOf(id)), 'accepted');
  return id;
}

const statusOf = async (id: string) => (await portal.db('submissions').where({ id }).first()).status as string;
const auditOf = (id: string) => portal.db('audit_log').where({ subject_id: id }).orderBy('created_at');
const post = (client: Client, path: string, fields: Record<string, string | number> = {}) =>
  client.post(path).type('form').send({ _csrf: client.csrf, ...fields });

async function deliveredMail(submissionId: string, kind: string) {
  const email = await waitFor(portal, async () => {
    const row = await portal.db('emails').where({ submission_id: submissionId, kind }).first();
    return row?.status === 'sent' ? row : null;
  }, `the ${kind} email`);
  const copies = smtp.received.filter((m) => readMime(m.raw).headers['message-id'] === email.message_id);
  assert.equal(copies.length, 1);
  return readMime(copies[0].raw);
}

before(async () => {
  smtp = await startSmtpSink();
  // 0.95 is above the colour confidence of the clean fixture (≈ 0.92), so its accepted shades count as doubtful.
  portal = await startTestPortal({ SMTP_URL: smtp.url, JOB_BACKOFF_BASE_MS: 40, REVIEW_MIN_CONFIDENCE: 0.95 });
  const a = await createBrandUser(portal, 'Lumiere');
  const b = await createBrandUser(portal, 'Rival');
  brandId = a.brand.id;
  otherBrandId = b.brand.id;
  const r = await createReviewer(portal);
  [brand, reviewer] = await Promise.all([login(portal, a.email, a.password), login(portal, r.email, r.password)]);
  const small = await renderPhoto(defaultSpec({ width: 300, height: 400 }));
  refused = { bytes: small.bytes, truth: small.truth };
  // 750 × 1000: the longest side meets the 1000 px floor, so the standards accept it.
  clean = (await renderPhoto(defaultSpec({ width: 750, height: 1000 }))).bytes;
});

after(async () => {
  await portal.cleanup();
  await smtp.stop();
});

describe('the review queue', () => {
  let first: string;
  let second: string;
  let doubtful: string;

  before(async () => {
    first = await refuse(brand, 'rq-1');
    second = await refuse(brand, 'rq-2');
    doubtful = await accept('rq-3');
  });

  it('lists refused submissions and doubtful accepted ones, oldest first, with their age and failed rules', async () => {
    const res = await reviewer.get('/review');
    assert.equal(res.status, 200);
    const order = [...res.text.matchAll(/<tr data-id="([0-9a-f-]{36})">/g)].map((m) => m[1]);
    assert.deepEqual(order.filter((id) => [first, second, doubtful].includes(id)), [first, second, doubtful]);
    assert.match(res.text, /<time datetime="[^"]+" title="[^"]+">\d+ min<\/time>/);
    assert.match(res.text, /<code class="rule" title="Resolution">resolution<\/code>/);
  });

  it('counts the submissions per failed rule', async () => {
    const res = await reviewer.get(`/review?brand=${brandId}`);
    // rq-1 and rq-2 each failed resolution only; the accepted one failed nothing.
    assert.match(res.text, /<li data-rule="resolution">.*?<span class="count">2<\/span><\/li>/);
    assert.doesNotMatch(res.text, /<li data-rule="swatch">/);
  });

  it('filters by rule, brand, status and date', async () => {
    const ids = async (query: string) => [...(await reviewer.get(`/review?${query}`)).text.matchAll(/<tr data-id="([0-9a-f-]{36})">/g)].map((m) => m[1]);
    assert.deepEqual(await ids(`rule=resolution&brand=${brandId}`), [first, second]);
    assert.deepEqual(await ids(`brand=${otherBrandId}`), []);
    assert.deepEqual(await ids(`status=accepted&brand=${brandId}`), [doubtful]);
    const today = new Date().toISOString().slice(0, 10);
    assert.deepEqual(await ids(`brand=${brandId}&from=${today}&to=${today}`), [first, second, doubtful]);
    assert.deepEqual(await ids(`brand=${brandId}&to=2000-01-01`), []);
    assert.equal((await reviewer.get('/review?from=yesterday')).status, 400);
  });

  it('drops a refusal from the open queue once the brand has resubmitted it', async () => {
    const old = await refuse(brand, 'rq-9');
    const res = await submitShade(brand, defaultFields({ shadeCode: 'rq-9', replacesId: old }), [named(refusedCopy(), 'rq-9')]);
    const newer = submissionIdFrom(res.headers.location);
    const open = (await reviewer.get(`/review?brand=${brandId}&rule=resolution`)).text;
    assert.ok(!open.includes(`data-id="${old}"`));
    assert.ok(open.includes(`data-id="${newer}"`));
    assert.ok((await reviewer.get(`/review?status=rejected&brand=${brandId}`)).text.includes(`data-id="${old}"`));
  });

  it('paginates', async () => {
    const res = await reviewer.get(`/review?brand=${brandId}&page=2`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Nothing waits for review/);
  });

  it('shows the photo with overlays and masks, the findings, the extraction and the brand history for the shade', async () => {
    const again = await refuse(brand, 'rq-1');
    const res = await reviewer.get(`/review/${again}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /<rect class="region"/);
    assert.match(res.text, /<rect class="product"/);
    assert.match(res.text, /<rect class="band"/);
    assert.match(res.text, /data-rule="resolution"/);
    assert.match(res.text, /Automatic extraction/);
    assert.ok(res.text.includes(`href="/review/${first}"`), 'history links the earlier rq-1 submission');
    const mask = /src="(\/review\/[^"]+\/masks\/product\.png)"/.exec(res.text)?.[1];
    assert.ok(mask);
    const png = await reviewer.get(mask).buffer(true);
    assert.equal(png.status, 200);
    assert.equal(png.headers['content-type'], 'image/png');
    assert.deepEqual([...png.body.subarray(1, 4)].map((c: number) => String.fromCharCode(c)).join(''), 'PNG');
    // At analysis scale 1 (a 300 × 400 photo is analysed as is) the mask is the photo's size.
    assert.equal(png.body.readUInt32BE(16), 300);
    assert.equal(png.body.readUInt32BE(20), 400);
  });
});

describe('override', () => {
  it('accepts the shade, records who and why, mails the brand and puts it in the export', async () => {
    const id = await refuse(brand, 'ov-1');
    const res = await post(reviewer, `/review/${id}/override`, { note: 'The resolution is enough for this bullet.' });
    assert.equal(res.status, 303);
    assert.equal(await statusOf(id), 'overridden');
    const [entry] = await auditOf(id);
    assert.equal(entry.action, 'override');
    assert.equal(entry.note, 'The resolution is enough for this bullet.');
    assert.deepEqual(JSON.parse(entry.before), { status: 'rejected' });
    assert.equal(JSON.parse(entry.after).status, 'overridden');

    const mail = await deliveredMail(id, 'overridden');
    assert.equal(mail.headers.subject, 'Accepted after review: ov-1 · Nude Kiss');
    const text = partOfType(mail, 'text/plain')!.body.toString('utf8');
    assert.ok(text.includes('The resolution is enough for this bullet.'));
    // An accepted shade's email lists nothing to fix: the refusal is named, not a list of fixes.
    assert.doesNotMatch(text, /WHAT TO FIX|How to fix|WARNINGS/);
    assert.match(text, /had refused it \(Resolution \(front photo\)\)/);
    assert.doesNotMatch(partOfType(mail, 'text/html')!.body.toString('utf8'), /What to fix|How to fix/);

    const token = await exportToken(portal);
    const shades = await request(portal.url).get('/api/v1/shades').set('Authorization', `Bearer ${token}`);
    assert.equal(shades.status, 200);
    assert.ok(JSON.stringify(shades.body).includes(id), 'the overridden shade is exported');
  });

  it('cannot be decided twice', async () => {
    const id = await refuse(brand, 'ov-2');
    assert.equal((await post(reviewer, `/review/${id}/override`)).status, 303);
    assert.equal((await post(reviewer, `/review/${id}/uphold`, { note: 'late' })).status, 409);
    assert.equal((await auditOf(id)).length, 1);
  });
});

describe('override of a photo where no product was found', () => {
  it('asks for a hand label first, then exports the shade with the human label', async () => {
    // A blank white frame: the standards find no product, so there is no automatic extraction.
    const blank = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
    const res = await submitShade(brand, defaultFields({ shadeCode: 'bl-1' }), [named(blank, 'bl-1')]);
    const id = submissionIdFrom(res.headers.location);
    assert.equal(await statusOf(id), 'rejected');
    assert.equal((await portal.db('submissions').where({ id }).first()).extraction, null);

    const refusedOverride = await post(reviewer, `/review/${id}/override`);
    assert.equal(refusedOverride.status, 422);
    assert.match(refusedOverride.text, /Draw the product region by hand/);
    assert.equal(await statusOf(id), 'rejected');

    const photoId = (await portal.db('photos').where({ submission_id: id }).first()).id;
    assert.equal((await post(reviewer, `/review/${id}/label`, { photoId, x: 100, y: 100, width: 60, height: 80, pickedHex: '#b22146' })).status, 303);
    assert.equal((await post(reviewer, `/review/${id}/override`)).status, 303);
    assert.equal(await statusOf(id), 'overridden');
    const token = await exportToken(portal);
    const shade = await request(portal.url).get(`/api/v1/shades/${id}`).set('Authorization', `Bearer ${token}`);
    assert.equal(shade.status, 200);
    assert.equal(JSON.stringify(shade.body).includes('"used":true'), true, 'the export says a human label was used');
  });
});

describe('relabelling an exported shade', () => {
  it('emits a new export version for the relabel', async () => {
    const id = await refuse(brand, 'rl-1');
    assert.equal((await post(reviewer, `/review/${id}/override`)).status, 303);
    const photoId = (await portal.db('photos').where({ submission_id: id }).first()).id;
    assert.equal((await post(reviewer, `/review/${id}/label`, { photoId, ...refused.truth.region })).status, 303);
    const versions = await portal.db('shade_versions').where({ submission_id: id }).orderBy('version');
    assert.deepEqual(versions.map((v) => v.reason), ['overridden', 'relabelled']);
  });
});

describe('uphold and request a new photo', () => {
  it('upholding emails the reviewer note with the failed rules to the brand', async () => {
    const id = await refuse(brand, 'up-1');
    assert.equal((await post(reviewer, `/review/${id}/uphold`, { note: 'Please shoot at full resolution.' })).status, 303);
    assert.equal(await statusOf(id), 'upheld');
    const mail = await deliveredMail(id, 'upheld');
    assert.equal(mail.headers.subject, 'Refusal upheld: up-1 · Nude Kiss');
    const text = partOfType(mail, 'text/plain')!.body.toString('utf8');
    assert.ok(text.includes('Please shoot at full resolution.'));
    assert.match(text, /Resolution \(front photo, rule resolution\)/);
    assert.ok(partOfType(mail, 'text/html')!.body.toString('utf8').includes('Please shoot at full resolution.'));
    const [entry] = await auditOf(id);
    assert.equal(entry.action, 'uphold');
    assert.equal(entry.note, 'Please shoot at full resolution.');
  });

  it('requesting a new photo sets the status, audits and emails', async () => {
    const id = await refuse(brand, 'np-1');
    assert.equal((await post(reviewer, `/review/${id}/request-photo`, { note: 'Shoot it straight on.' })).status, 303);
    assert.equal(await statusOf(id), 'new_photo_requested');
    assert.equal((await auditOf(id))[0].action, 'request_new_photo');
    const mail = await deliveredMail(id, 'new_photo_requested');
    const text = partOfType(mail, 'text/plain')!.body.toString('utf8').replace(/\r\n/g, '\n');
    const html = partOfType(mail, 'text/html')!.body.toString('utf8');
    // The reviewer's words come first: before the request, the automatic findings and any warning.
    const [firstParagraph] = text.split('\n\n').slice(1);
    assert.equal(firstParagraph, 'Our reviewer writes:\nShoot it straight on.');
    assert.ok(text.indexOf('Shoot it straight on.') < text.indexOf('WHAT TO FIX'));
    assert.doesNotMatch(text, /WARNINGS/);
    assert.ok(html.indexOf('Shoot it straight on.') < html.indexOf('needs a new photo'));
  });
});

describe('labelling by hand', () => {
  let id: string;
  let photoId: string;

  before(async () => {
    id = await refuse(brand, 'lb-1');
    photoId = (await portal.db('photos').where({ submission_id: id }).first()).id;
  });

  const region = (r: { x: number; y: number; width: number; height: number }) => ({ photoId, ...r });

  it('re-runs extraction on the drawn region and keeps the automatic result', async () => {
    const automatic = (await portal.db('photos').where({ id: photoId }).first()).extraction;
    const bullet = refused.truth.region;
    const box = refused.truth.productBox;
    // The case: below the bullet (and its collar), inside the product box.
    const caseRect = { x: bullet.x, y: bullet.y + bullet.height + 20, width: bullet.width, height: 40 };
    assert.ok(caseRect.y + caseRect.height < box.y + box.height);

    assert.equal((await post(reviewer, `/review/${id}/label`, { ...region(caseRect), note: 'case' })).status, 303);
    assert.equal((await post(reviewer, `/review/${id}/label`, { ...region(bullet), pickedHex: '#B02045' })).status, 303);

    const labels = await portal.db('photo_labels').where({ photo_id: photoId }).orderBy('created_at');
    assert.equal(labels.length, 2);
    const onCase = JSON.parse(labels[0].extraction);
    const onBullet = JSON.parse(labels[1].extraction);
    assert.deepEqual(
      { x: labels[0].region_x, y: labels[0].region_y, width: labels[0].region_width, height: labels[0].region_height },
      caseRect,
    );
    // Each region measures what was painted there: the case colour, then the shade colour (fixture truth).
    assert.ok(deltaE2000(onCase.color.lab, hexToLab(SPEC.caseColor)) < 5, `case measured ${onCase.color.hex}`);
    assert.ok(deltaE2000(onBullet.color.lab, hexToLab(SPEC.color)) < 5, `bullet measured ${onBullet.color.hex}`);
    assert.ok(deltaE2000(onCase.color.lab, onBullet.color.lab) > 30);
    assert.equal(labels[1].picked_hex, '#b02045');
    assert.equal((await portal.db('photos').where({ id: photoId }).first()).extraction, automatic, 'automatic result untouched');

    const audit = await auditOf(id);
    assert.deepEqual(audit.map((a) => a.action), ['relabel', 'relabel']);
    assert.deepEqual(JSON.parse(audit[1].before).region, caseRect);
    assert.deepEqual(JSON.parse(audit[1].after).region, bullet);
  });

  it('refuses a region outside the photo', async () => {
    const res = await post(reviewer, `/review/${id}/label`, region({ x: 250, y: 10, width: 100, height: 50 }));
    assert.equal(res.status, 422);
  });

  it('exports the current label of every labelled photo as JSON and as spreadsheet-safe CSV', async () => {
    const json = await reviewer.get('/review/labels.json');
    assert.equal(json.status, 200);
    const record = json.body.labels.find((l: { imageId: string }) => l.imageId === photoId);
    assert.deepEqual(
      { x: record.region.x, y: record.region.y, width: record.region.width, height: record.region.height },
      refused.truth.region,
    );
    assert.equal(record.color, '#b02045');
    assert.equal(record.colorSource, 'picked');
    assert.ok(['matte', 'satin', 'shiny', 'glossy'].includes(record.finish));

    const csv = await reviewer.get('/review/labels.csv');
    assert.equal(csv.status, 200);
    assert.match(csv.headers['content-type'], /^text\/csv/);
    const line = csv.text.split('\r\n').find((l) => l.startsWith(`"${photoId}"`));
    assert.ok(line);
    const r = refused.truth.region;
    assert.ok(line.includes(`,${r.x},${r.y},${r.width},${r.height},"#b02045","picked",`));
  });
});

describe('who may review', () => {
  it('refuses a brand user on every review and mail route, reads and actions alike', async () => {
    const id = await refuse(brand, 'ac-1');
    const photoId = (await portal.db('photos').where({ submission_id: id }).first()).id;
    const reads = ['/review', `/review/${id}`, `/review/${id}/photos/${photoId}/masks/product.png`, '/review/labels.json', '/review/labels.csv', '/admin/mail'];
    for (const path of reads) assert.equal((await brand.get(path)).status, 403, path);
    const actions = ['override', 'uphold', 'request-photo', 'label'];
    for (const action of actions) {
      const res = await post(brand, `/review/${id}/${action}`, { note: 'mine now', photoId, x: 1, y: 1, width: 10, height: 10 });
      assert.equal(res.status, 403, action);
    }
    // A reviewer without the form token is refused too.
    assert.equal((await reviewer.post(`/review/${id}/override`).type('form').send({ note: 'no token' })).status, 403);
    assert.equal(await statusOf(id), 'rejected');
    assert.equal((await auditOf(id)).length, 0);
  });

  it('sends a visitor to log in', async () => {
    const res = await request(portal.url).get('/review');
    assert.equal(res.status, 303);
    assert.match(res.headers.location, /^\/login\?next=%2Freview/);
  });

});
