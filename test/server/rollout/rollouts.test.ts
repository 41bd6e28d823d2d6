import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { planFor } from '../../../server/rollout/rollout-service.ts';
import { defaultSpec, renderPhoto } from '../../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../../support/browserless-client.ts';
import { distinctJpeg, named, submissionIdFrom } from '../../support/submission-helpers.ts';
import { createBrandUser, createStaff, createReviewer, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { exportToken } from '../api/api-test-kit.ts';
import { metricSample } from '../../support/metric-sample.ts';

const TOKEN = 'scrape-token-rollouts-0123456789';
let portal: TestPortal;
let brand: Client;
let brandId: string;
let operator: Client;
let operatorId: string;
let reviewer: Client;
let photo: Buffer;
let uploads = 0;

/** A clean front photo with bytes of its own (the same bytes again would answer the earlier submission). */
const front = (shadeCode: string) => named(distinctJpeg(photo, `upload ${++uploads}`), shadeCode);

async function submit(shadeCode: string, extra: Record<string, string> = {}, marketplaces: string[] = []) {
  const req = submitShade(brand, { ...defaultFields({ shadeCode }), ...extra }, [front(shadeCode)]);
  for (const m of marketplaces) req.field('marketplaces', m);
  const res = await req;
  assert.equal(res.status, 303, res.text.slice(0, 300));
  return submissionIdFrom(res.headers.location);
}

const runsOf = (submissionId: string) => portal.rollout.runsOf({ submissionId });

async function setRollout(body: Record<string, string>) {
  const res = await operator.post('/ops/rollouts/JP').type('form').send({ _csrf: operator.csrf, ...body });
  assert.equal(res.status, 303, res.text.slice(0, 300));
}

/** Shade codes of this brand on each side of a 50 % JP split, found the way the service assigns them. */
function codesBySide(percent: number) {
  const rollout = { marketplace: 'JP', serving: 'robust', challenger: 'average', challengerPercent: percent, mode: 'split' as const };
  const side = (code: string) => planFor(rollout, { brandId, productLine: 'Silk Matte', shadeCode: code }, 'robust').served.arm;
  const codes = Array.from({ length: 64 }, (_, i) => `ab-${i}`);
  return { challenger: codes.find((c) => side(c) === 'challenger')!, serving: codes.find((c) => side(c) === 'serving')! };
}

before(async () => {
  portal = await startTestPortal({ METRICS_TOKEN: TOKEN });
  const b = await createBrandUser(portal, 'Lumiere');
  brandId = b.brand.id;
  await portal.marketplaces.setForBrand(brandId, ['US', 'JP']);
  brand = await login(portal, b.email, b.password);
  const op = await createStaff(portal, 'operator', 'Sam');
  operatorId = op.user.id;
  operator = await login(portal, op.email, op.password);
  const r = await createReviewer(portal);
  reviewer = await login(portal, r.email, r.password);
  photo = (await renderPhoto(defaultSpec({ format: 'jpeg' }))).bytes;
});
after(() => portal.cleanup());

describe('marketplaces of a submission', () => {
  it('offers the brand’s marketplaces on the form, all ticked', async () => {
    const res = await brand.get('/submissions/new');
    assert.equal(res.status, 200);
    assert.match(res.text, /name="marketplaces" value="US" checked/);
    assert.match(res.text, /name="marketplaces" value="JP" checked/);
    assert.doesNotMatch(res.text, /name="marketplaces" value="GB"/);
  });

  it('targets all of the brand’s marketplaces by default, or the ones ticked', async () => {
    const all = await submit('mk-01');
    assert.deepEqual(await portal.marketplaces.ofSubmission(all), ['US', 'JP']);
    const jp = await submit('mk-02', {}, ['JP']);
    assert.deepEqual(await portal.marketplaces.ofSubmission(jp), ['JP']);
  });

  it('refuses a marketplace the brand does not sell in, before any photo is measured', async () => {
    const req = submitShade(brand, defaultFields({ shadeCode: 'mk-03' }), [front('mk-03')]).field('marketplaces', 'GB');
    const res = await req.set('Accept', 'application/json');
    assert.equal(res.status, 422);
    assert.match(res.body.error.fields.marketplaces, /US, JP/);
  });
});

describe('rollout changes', () => {
  it('lets reviewers look but only operators change, and audits every change with who, when, before and after', async () => {
    assert.equal((await reviewer.get('/ops/rollouts')).status, 200);
    assert.equal((await reviewer.get('/ops/rollouts/JP')).status, 200);
    assert.equal((await brand.get('/ops/rollouts')).status, 403);
    const refused = await reviewer.post('/ops/rollouts/JP').type('form').send({ _csrf: reviewer.csrf, serving: 'robust', challenger: 'average', challengerPercent: '50', mode: 'split' });
    assert.equal(refused.status, 403);

    await setRollout({ serving: 'robust', challenger: 'average', challengerPercent: '50', mode: 'split', note: 'first half' });
    await setRollout({ serving: 'robust', challenger: 'average', challengerPercent: '80', mode: 'split' });
    const bad = await operator.post('/ops/rollouts/JP').type('form').send({ _csrf: operator.csrf, serving: 'robust', challenger: 'robust', challengerPercent: '120', mode: 'split' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /must differ from the serving extractor|must be 0–100/);

    const rows = await portal.db('audit_log').where({ subject_type: 'rollout', subject_id: 'JP' }).orderBy('created_at');
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.actor_id === operatorId && r.action === 'rollout_change' && Date.parse(r.created_at) > 0));
    assert.deepEqual(JSON.parse(rows[0].before), { serving: 'robust', challenger: null, challengerPercent: 0, mode: 'split' });
    assert.deepEqual(JSON.parse(rows[0].after), { serving: 'robust', challenger: 'average', challengerPercent: 50, mode: 'split' });
    assert.equal(rows[0].note, 'first half');
    assert.deepEqual(JSON.parse(rows[1].before), JSON.parse(rows[0].after));
    assert.equal(JSON.parse(rows[1].after).challengerPercent, 80);

    const page = await reviewer.get('/ops/rollouts/JP');
    assert.match(page.text, /Sam/);
    assert.doesNotMatch(page.text, /<form method="post" action="\/ops\/rollouts\/JP"/);
  });

  it('lists every marketplace in the reader’s language', async () => {
    const res = await reviewer.get('/ops/rollouts').set('Cookie', `${reviewer.cookie}; lang=ja`);
    assert.equal(res.status, 200);
    assert.match(res.text, /抽出器のロールアウト/);
    assert.match(res.text, /日本/);
    assert.equal((res.text.match(/data-marketplace="/g) ?? []).length, 18);
  });
});

describe('split and shadow', () => {
  it('in split mode stores the assigned extractor’s result, and a resubmission stays on its shade’s side', async () => {
    await setRollout({ serving: 'robust', challenger: 'average', challengerPercent: '50', mode: 'split' });
    const codes = codesBySide(50);
    const first = await submit(codes.challenger, {}, ['JP']);
    const again = await submit(codes.challenger, { replacesId: first, shadeName: 'Nude Kiss' }, ['JP']);
    const other = await submit(codes.serving, {}, ['JP']);
    for (const id of [first, again]) {
      const runs = await runsOf(id);
      assert.equal(runs.length, 1);
      assert.deepEqual([runs[0].extractor, runs[0].arm, runs[0].served, runs[0].marketplace], ['average', 'challenger', true, 'JP']);
      const row = await portal.db('submissions').where({ id }).first();
      assert.match(row.extractor, /^average@/);
    }
    const served = await runsOf(other);
    assert.deepEqual([served[0].extractor, served[0].arm], ['robust', 'serving']);
    assert.equal((await runsOf(first))[0].bucket, (await runsOf(again))[0].bucket);
  });

  it('in shadow mode stores both results and serves the serving extractor’s', async () => {
    await setRollout({ serving: 'robust', challenger: 'average', challengerPercent: '100', mode: 'shadow' });
    const id = await submit('sh-01', {}, ['JP']);
    const runs = await runsOf(id);
    assert.equal(runs.length, 2);
    const served = runs.find((r) => r.served)!;
    const shadow = runs.find((r) => !r.served)!;
    assert.deepEqual([served.extractor, served.arm], ['robust', 'serving']);
    assert.deepEqual([shadow.extractor, shadow.arm], ['average', 'challenger']);
    assert.equal(shadow.photoId, served.photoId);
    assert.match(shadow.colorHex, /^#[0-9a-f]{6}$/);
    const row = await portal.db('submissions').where({ id }).first();
    assert.match(row.extractor, /^robust@/);
  });

  it('compares the extractors on the marketplace’s page: sample sizes, agreement, review share and accuracy to hand labels', async () => {
    const shadowed = (await portal.rollout.runsOf({ marketplace: 'JP' })).find((r) => !r.served)!;
    await portal.db('photo_labels').insert({
      id: crypto.randomUUID(),
      photo_id: shadowed.photoId,
      submission_id: shadowed.submissionId,
      labelled_by: (await portal.db('users').where({ role: 'reviewer' }).first()).id,
      region_x: 0,
      region_y: 0,
      region_width: 10,
      region_height: 10,
      picked_hex: '#b22146',
      extraction: JSON.stringify(shadowed.extraction),
      created_at: new Date().toISOString(),
    });
    const res = await reviewer.get('/ops/rollouts/JP');
    assert.equal(res.status, 200);
    const pair = /<tr data-pair="average@[^|]+\|robust@[^"]+">[\s\S]*?data-photos="(\d+)"/.exec(res.text);
    assert.ok(pair, 'an agreement row for the pair');
    assert.equal(pair[1], '1');
    const robust = /<tr data-extractor="robust@[^"]+">[\s\S]*?data-photos="(\d+)"/.exec(res.text);
    // mk-01 (for the US and Japan, measured under each one's rollout) and mk-02, before any change: the
    // configured extractor; the serving side of the split; the shadowed shade.
    assert.equal(robust?.[1], '4');
    assert.match(res.text, /Within ΔE00 5 of the label/);
  });
});

describe('export and metrics by marketplace', () => {
  it('filters the export by ?marketplace', async () => {
    const token = await exportToken(portal);
    const list = async (q: string) => request(portal.url).get(`/api/v1/shades${q}`).set('Authorization', `Bearer ${token}`);
    const jp = await list('?marketplace=JP&limit=200');
    const us = await list('?marketplace=US&limit=200');
    const all = await list('?limit=200');
    assert.equal(jp.status, 200);
    const jpIds = new Set(jp.body.data.map((d: { id: string }) => d.id));
    const usIds = new Set(us.body.data.map((d: { id: string }) => d.id));
    // mk-01 targets US and JP; mk-02 and the rollout shades JP only.
    assert.equal(usIds.size, 1);
    assert.ok([...usIds].every((id) => jpIds.has(id)));
    assert.equal(jpIds.size, all.body.data.length);
    assert.equal((await list('?marketplace=GB')).body.data.length, 0);
    assert.equal((await list('?marketplace=XX')).status, 400);
  });

  it('labels the submission and photo counters by marketplace and the runs by extractor', async () => {
    const res = await request(portal.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    const sample = (series: string) => metricSample(res.text, series);
    const jpAccepted = await portal.db('submission_marketplaces').join('submissions', 'submissions.id', 'submission_marketplaces.submission_id').where({ marketplace: 'JP', verdict: 'accepted' }).count({ n: '*' });
    assert.equal(sample('shadegate_submissions_total{verdict="accepted",marketplace="JP"}'), Number(jpAccepted[0].n));
    assert.equal(sample('shadegate_submissions_total{verdict="accepted",marketplace="US"}'), 1);
    assert.equal(sample('shadegate_photos_total{verdict="accepted",marketplace="US"}'), 1);
    assert.equal(sample('shadegate_extraction_runs_total{marketplace="JP",extractor="average",arm="challenger",served="true"}'), 2);
    assert.equal(sample('shadegate_extraction_runs_total{marketplace="JP",extractor="average",arm="challenger",served="false"}'), 1);
  });
});

describe('marketplace standards', () => {
  it('judges a shade by the strictest limits of its marketplaces: 1100 px passes for the US, not for Japan', async () => {
    const small = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 825, height: 1100 }))).bytes;
    const verdictFor = async (shadeCode: string, marketplaces: string[]) => {
      const req = submitShade(brand, defaultFields({ shadeCode }), [named(distinctJpeg(small, shadeCode), shadeCode)]);
      for (const m of marketplaces) req.field('marketplaces', m);
      const res = await req.set('Accept', 'application/json');
      assert.equal(res.status, 201, res.text.slice(0, 300));
      const resolution = (await portal.submissions.photosOf(res.body.id))[0].findings.find((f) => f.rule === 'resolution')!;
      return { verdict: res.body.verdict as string, resolution };
    };
    const us = await verdictFor('st-01', ['US']);
    assert.equal(us.verdict, 'accepted');
    assert.equal(us.resolution.status, 'warn');
    const both = await verdictFor('st-02', ['US', 'JP']);
    assert.equal(both.verdict, 'rejected');
    assert.equal(both.resolution.status, 'fail');
    assert.match(both.resolution.threshold, /fail below 1200 px/);
  });
});
