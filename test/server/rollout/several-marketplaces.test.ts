import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { planFor, type Rollout } from '../../../server/rollout/rollout-service.ts';
import { defaultSpec, renderPhoto } from '../../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../../support/browserless-client.ts';
import { distinctJpeg, named, submissionIdFrom } from '../../support/submission-helpers.ts';
import { createBrandUser, createStaff, createReviewer, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { exportToken } from '../api/api-test-kit.ts';
import { metricSample } from '../../support/metric-sample.ts';

/**
 * A shade for several marketplaces is measured under each one's rollout: the US serves `robust`, Japan
 * serves `average`, and one submission for both is measured once by each. The US comes first in the
 * catalogue, so it is the primary: the verdict and the export without a marketplace are robust's.
 */
const TOKEN = 'scrape-token-several-marketplaces-01';
let portal: TestPortal;
let brand: Client;
let brandId: string;
let operatorId: string;
let reviewer: Client;
let photo: Buffer;
let token: string;
let uploads = 0;

async function submit(shadeCode: string, extra: Record<string, string> = {}) {
  const bytes = distinctJpeg(photo, `upload ${++uploads}`);
  const res = await submitShade(brand, { ...defaultFields({ shadeCode }), ...extra }, [named(bytes, shadeCode)]);
  assert.equal(res.status, 303, res.text.slice(0, 300));
  return submissionIdFrom(res.headers.location);
}

const exported = async (query: string) => {
  const res = await request(portal.url).get(`/api/v1/shades${query}`).set('Authorization', `Bearer ${token}`);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  return res.body;
};

const metrics = async () => (await request(portal.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).text;
/** A counter not yet exposed counts as 0. */
const sample = (text: string, series: string) => metricSample(text, series) ?? 0;

before(async () => {
  portal = await startTestPortal({ METRICS_TOKEN: TOKEN });
  const b = await createBrandUser(portal, 'Lumiere');
  brandId = b.brand.id;
  await portal.marketplaces.setForBrand(brandId, ['US', 'JP']);
  brand = await login(portal, b.email, b.password);
  operatorId = (await createStaff(portal, 'operator')).user.id;
  const r = await createReviewer(portal);
  reviewer = await login(portal, r.email, r.password);
  photo = (await renderPhoto(defaultSpec({ format: 'jpeg' }))).bytes;
  token = await exportToken(portal);
});
after(() => portal.cleanup());

describe('one submission for two marketplaces with different serving extractors', () => {
  let id: string;

  before(async () => {
    await portal.rollout.change(operatorId, 'US', { serving: 'robust', challenger: '', challengerPercent: '0', mode: 'split' });
    await portal.rollout.change(operatorId, 'JP', { serving: 'average', challenger: '', challengerPercent: '0', mode: 'split' });
  });

  it('runs each extractor once and stores one run per marketplace, each served there', async () => {
    const inspectionsBefore = sample(await metrics(), 'shadegate_extraction_seconds_count');
    id = await submit('two-01');
    // One photo, two distinct extractors: one inspection (one decode, one run of the checks) measures
    // with both; not one inspection per extractor, nor one per marketplace.
    assert.equal(sample(await metrics(), 'shadegate_extraction_seconds_count') - inspectionsBefore, 1);

    const runs = await portal.rollout.runsOf({ submissionId: id });
    assert.equal(runs.length, 2);
    const us = runs.find((r) => r.marketplace === 'US')!;
    const jp = runs.find((r) => r.marketplace === 'JP')!;
    assert.deepEqual([us.extractor, us.arm, us.served], ['robust', 'serving', true]);
    assert.deepEqual([jp.extractor, jp.arm, jp.served], ['average', 'serving', true]);
    assert.equal(us.photoId, jp.photoId);
    // The fixture's lips are not flat: the baseline's plain average reads another colour than the robust extractor.
    assert.notEqual(us.colorHex, jp.colorHex);

    // The primary (US, first in the catalogue) decides the submission's own measurement.
    const row = await portal.db('submissions').where({ id }).first();
    assert.match(row.extractor, /^robust@/);
    assert.equal(row.status, 'accepted');
  });

  it('exports each marketplace’s view with its own extractor’s measurement, and the primary’s without a marketplace', async () => {
    const runs = await portal.rollout.runsOf({ submissionId: id });
    const hexOf = (m: string) => runs.find((r) => r.marketplace === m)!.colorHex.toLowerCase();
    const docIn = async (query: string) => (await exported(query)).data.find((d: { id: string }) => d.id === id);

    const us = await docIn('?marketplace=US');
    const jp = await docIn('?marketplace=JP');
    const primary = await docIn('');
    assert.deepEqual([us.extractor.name, us.measuredColor.hex], ['robust', hexOf('US')]);
    assert.deepEqual([jp.extractor.name, jp.measuredColor.hex], ['average', hexOf('JP')]);
    assert.deepEqual([primary.extractor.name, primary.measuredColor.hex], ['robust', hexOf('US')]);
    // The same shade, the same version and sequence: only the measurement differs.
    assert.equal(jp.version, primary.version);
    assert.equal(jp.images.crop, `/api/v1/shades/${id}/images/crop?marketplace=JP`);

    const one = await request(portal.url).get(`/api/v1/shades/${id}?marketplace=JP`).set('Authorization', `Bearer ${token}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.shade.measuredColor.hex, hexOf('JP'));
    const crop = await request(portal.url).get(jp.images.crop).set('Authorization', `Bearer ${token}`);
    assert.equal(crop.status, 200);
    assert.equal(crop.headers['content-type'], 'image/png');
    assert.equal((await request(portal.url).get(`/api/v1/shades/${id}?marketplace=XX`).set('Authorization', `Bearer ${token}`)).status, 400);
    // Not submitted for Germany: not in its view, as the list leaves it out.
    assert.equal((await request(portal.url).get(`/api/v1/shades/${id}?marketplace=DE`).set('Authorization', `Bearer ${token}`)).status, 404);
    assert.equal((await request(portal.url).get(`/api/v1/shades/${id}/images/crop?marketplace=DE`).set('Authorization', `Bearer ${token}`)).status, 404);
  });

  it('shows each marketplace’s comparison page and metrics its own extractor', async () => {
    const jpPage = await reviewer.get('/ops/rollouts/JP');
    assert.match(jpPage.text, /<tr data-extractor="average@[^"]+">[\s\S]*?data-photos="1"/);
    assert.doesNotMatch(jpPage.text, /<tr data-extractor="robust@/);
    const usPage = await reviewer.get('/ops/rollouts/US');
    assert.match(usPage.text, /<tr data-extractor="robust@[^"]+">[\s\S]*?data-photos="1"/);
    assert.doesNotMatch(usPage.text, /<tr data-extractor="average@/);

    const text = await metrics();
    assert.equal(sample(text, 'shadegate_extraction_runs_total{marketplace="US",extractor="robust",arm="serving",served="true"}'), 1);
    assert.equal(sample(text, 'shadegate_extraction_runs_total{marketplace="JP",extractor="average",arm="serving",served="true"}'), 1);
    assert.equal(sample(text, 'shadegate_extraction_runs_total{marketplace="JP",extractor="robust",arm="serving",served="true"}'), 0);
  });

  it('keeps a resubmission of the shade on the same side of each marketplace’s split', async () => {
    // Each marketplace now splits 50/50, with the other extractor as its challenger.
    await portal.rollout.change(operatorId, 'US', { serving: 'robust', challenger: 'average', challengerPercent: '50', mode: 'split' });
    await portal.rollout.change(operatorId, 'JP', { serving: 'average', challenger: 'robust', challengerPercent: '50', mode: 'split' });
    const rollouts = { US: await portal.rollout.get('US'), JP: await portal.rollout.get('JP') };
    const servedBy = (rollout: Rollout, code: string) => planFor(rollout, { brandId, productLine: 'Silk Matte', shadeCode: code }, 'robust').served.extractor;
    // A shade the US serves with its challenger and Japan with its serving extractor: both by `average`, still one run each.
    const codes = Array.from({ length: 64 }, (_, i) => `sticky-${i}`);
    const code = codes.find((c) => servedBy(rollouts.US, c) === 'average' && servedBy(rollouts.JP, c) === 'average')!;
    // And one where they differ again, the US on its serving side and Japan on its.
    const differing = codes.find((c) => servedBy(rollouts.US, c) === 'robust' && servedBy(rollouts.JP, c) === 'average')!;
    assert.ok(code && differing, 'shade codes on the sides wanted');

    const sides = async (submissionId: string) =>
      (await portal.rollout.runsOf({ submissionId })).map((r) => `${r.marketplace}:${r.extractor}:${r.arm}:${r.served}:${r.bucket}`).sort();
    const first = await submit(code);
    const again = await submit(code, { replacesId: first, shadeName: 'Nude Kiss' });
    assert.deepEqual(await sides(first), await sides(again));
    assert.deepEqual((await sides(first)).map((s) => s.split(':').slice(0, 3).join(':')), ['JP:average:serving', 'US:average:challenger']);

    const other = await submit(differing);
    const otherAgain = await submit(differing, { replacesId: other, shadeName: 'Nude Kiss' });
    assert.deepEqual(await sides(other), await sides(otherAgain));
    for (const submissionId of [other, otherAgain]) {
      const docs = { US: await exported('?marketplace=US&limit=200'), JP: await exported('?marketplace=JP&limit=200') };
      const find = (m: 'US' | 'JP') => docs[m].data.find((d: { id: string }) => d.id === submissionId);
      assert.equal(find('US').extractor.name, 'robust');
      assert.equal(find('JP').extractor.name, 'average');
    }
  });

  it('in shadow mode runs an extractor two marketplaces need only once, in the one inspection', async () => {
    // Japan serves average and shadows robust on every shade; the US serves robust: robust runs once, for both.
    await portal.rollout.change(operatorId, 'US', { serving: 'robust', challenger: '', challengerPercent: '0', mode: 'split' });
    await portal.rollout.change(operatorId, 'JP', { serving: 'average', challenger: 'robust', challengerPercent: '100', mode: 'shadow' });
    const inspectionsBefore = sample(await metrics(), 'shadegate_extraction_seconds_count');
    const shadowed = await submit('two-shadow');
    assert.equal(sample(await metrics(), 'shadegate_extraction_seconds_count') - inspectionsBefore, 1);
    const runs = (await portal.rollout.runsOf({ submissionId: shadowed })).map((r) => `${r.marketplace}:${r.extractor}:${r.arm}:${r.served}`).sort();
    assert.deepEqual(runs, ['JP:average:serving:true', 'JP:robust:challenger:false', 'US:robust:serving:true']);
    const jp = (await exported('?marketplace=JP&limit=200')).data.find((d: { id: string }) => d.id === shadowed);
    assert.equal(jp.extractor.name, 'average');
  });

  it('shows a reviewer’s hand label in every marketplace’s view: a person’s reading of the photo is not an extractor’s', async () => {
    const photoId = (await portal.rollout.runsOf({ submissionId: id }))[0].photoId;
    const labelled = await reviewer.post(`/review/${id}/label`).type('form').send({ _csrf: reviewer.csrf, photoId, x: 100, y: 100, width: 60, height: 80, pickedHex: '#b22146' });
    assert.equal(labelled.status, 303);
    const docIn = async (query: string) => (await exported(query)).data.find((d: { id: string }) => d.id === id);
    const [us, jp, primary] = [await docIn('?marketplace=US&limit=200'), await docIn('?marketplace=JP&limit=200'), await docIn('?limit=200')];
    assert.equal(jp.humanLabel.used, true);
    assert.deepEqual(jp, primary);
    assert.deepEqual(us, primary);
  });
});
