import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { deltaE2000, hexToLab, labToHex } from '../../../extraction/color-space.ts';
import type { Lab } from '../../../extraction/types.ts';
import { seededRandom } from '../../../server/studies/statistics.ts';
import { defaultSpec, renderPhoto } from '../../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../../support/browserless-client.ts';
import { named, submissionIdFrom } from '../../support/submission-helpers.ts';
import { createBrandUser, createStaff, createReviewer, filesUnder, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { BARE_LIPS, faceJpeg, labAtDistance, LIP_OUTLINE, perceivedLipColours } from './study-fixtures.ts';

/**
 * A whole study through HTTP and the database: a researcher sets it up, the portal renders every source,
 * simulated raters score what they see (their score falls with the ΔE00 between a picture's lips and the
 * reference's, plus noise; they know nothing else), and the closed study's results must rank the
 * sources as their true colour errors do.
 */

let portal: TestPortal;
let researcher: Client;
let brand: Client;
let studyId: string;
const SHADES = [
  { code: 'st-1', truth: '#b22146' },
  { code: 'st-2', truth: '#9c3d54' },
];
const truthOf = new Map<string, Lab>();
const models: string[] = [];

async function createResearcher(p: TestPortal) {
  const r = await createStaff(p, 'researcher');
  return login(p, r.email, r.password);
}

const post = (client: Client, url: string, fields: Record<string, string | number> = {}) => client.post(url).type('form').send({ _csrf: client.csrf, ...fields });
const upload = (client: Client, url: string, bytes: Buffer, name = 'photo.jpg') => client.post(url).field('_csrf', client.csrf).attach('front', bytes, name);
const studyFiles = () => filesUnder(path.join(portal.storage.root, 'studies'));

before(async () => {
  portal = await startTestPortal();
  const b = await createBrandUser(portal, 'Lumiere');
  brand = await login(portal, b.email, b.password);
  researcher = await createResearcher(portal);
  const reviewer = await createReviewer(portal);
  for (const shade of SHADES) {
    const photo = await renderPhoto(defaultSpec({ width: 750, height: 1000, color: shade.truth }));
    // The brand's declared colour is about 7 ΔE00 off the truth: a warning, not a refusal.
    const declared = labToHex(labAtDistance(hexToLab(shade.truth), 7));
    const res = await submitShade(brand, defaultFields({ shadeCode: shade.code, swatchHex: declared }), [named(photo.bytes, shade.code)]);
    assert.equal(res.status, 303, res.text);
    const id = submissionIdFrom(res.headers.location);
    const row = await portal.db('submissions').where({ id }).first();
    assert.equal(row.status, 'accepted');
    const photoRow = await portal.db('photos').where({ id: row.best_photo_id }).first();
    // The reviewer's hand label picked the true colour.
    await portal.db('photo_labels').insert({
      id: crypto.randomUUID(), photo_id: photoRow.id, submission_id: id, labelled_by: reviewer.user.id,
      region_x: 0, region_y: 0, region_width: 10, region_height: 10, picked_hex: shade.truth, extraction: photoRow.extraction, created_at: new Date().toISOString(),
    });
    truthOf.set(photoRow.id, hexToLab(shade.truth));
  }
});

after(async () => {
  await portal?.cleanup();
});

describe('a realism study, end to end', () => {
  it('is for researchers only', async () => {
    assert.equal((await brand.get('/studies')).status, 403);
    const anonymous = await request(portal.url).get('/studies').set('Accept', 'text/html');
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.location, /^\/login/);
    assert.equal((await brand.post('/studies').type('form').send({ _csrf: brand.csrf, title: 'Nope' })).status, 403);
  });

  it('shows the measured shade on the sample face on the verdict page', async () => {
    const [photoId] = [...truthOf.keys()];
    const photo = await portal.db('photos').where({ id: photoId }).first();
    const page = await brand.get(`/submissions/${photo.submission_id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /class="try-on"/);
    const picture = await brand.get(`/submissions/${photo.submission_id}/photos/${photoId}/try-on.png`).buffer(true);
    assert.equal(picture.status, 200);
    assert.match(String(picture.headers['content-type']), /^image\/png/);
  });

  it('is set up by a researcher: shades, consenting models, photos, a corrected lip outline', async () => {
    const created = await post(researcher, '/studies', { title: 'Lip realism, December' });
    assert.equal(created.status, 303);
    studyId = String(created.headers.location.split('/').pop());
    const page = await researcher.get(`/studies/${studyId}`);
    const photoIds = [...page.text.matchAll(/<option value="([0-9a-f-]{36})">/g)].map((m) => m[1]).filter((id) => truthOf.has(id));
    assert.equal(photoIds.length, 2);
    for (const photoId of photoIds) assert.equal((await post(researcher, `/studies/${studyId}/shades`, { photoId })).status, 303);

    // Without consent nobody is added.
    assert.equal((await post(researcher, `/studies/${studyId}/models`, { monk: 4 })).status, 422);
    for (const demo of [{ monk: 3, undertone: 'warm', ageBand: '25-34', gender: 'woman' }, { monk: 9, undertone: 'cool', ageBand: '35-44', gender: 'prefer-not-to-say' }]) {
      assert.equal((await post(researcher, `/studies/${studyId}/models`, { ...demo, consent: 'yes' })).status, 303);
    }
    const rows = await portal.db('study_models').where({ study_id: studyId }).orderBy('monk');
    models.push(...rows.map((r) => r.id));
    assert.equal((await portal.db('study_consents').whereIn('model_id', models)).length, 2);

    const shades = await portal.db('study_shades').where({ study_id: studyId });
    for (const modelId of models) {
      const bare = await upload(researcher, `/studies/${studyId}/models/${modelId}/bare`, await faceJpeg(BARE_LIPS));
      assert.equal(bare.status, 303, bare.text);
      // The lips were found by redness, then the researcher corrects the outline by hand.
      assert.equal(bare.headers.location, `/studies/${studyId}/models/${modelId}/lips`);
      const found = JSON.parse((await portal.db('study_models').where({ id: modelId }).first()).lips);
      assert.ok(found.outer.length >= 3);
      const editor = await researcher.get(`/studies/${studyId}/models/${modelId}/lips`);
      assert.match(editor.text, /<textarea id="lip-points" name="points"/);
      assert.match(editor.text, /<script src="\/assets\/study-lips.js" defer><\/script>/);
      const saved = await post(researcher, `/studies/${studyId}/models/${modelId}/lips`, { points: LIP_OUTLINE.map(([x, y]) => `${x},${y}`).join(' ') });
      assert.equal(saved.status, 303);
      assert.equal((await post(researcher, `/studies/${studyId}/models/${modelId}/lips`, { points: '1,2 3' })).status, 422);
      for (const shade of shades) {
        const truth = truthOf.get(shade.photo_id)!;
        assert.equal((await upload(researcher, `/studies/${studyId}/models/${modelId}/shades/${shade.id}/reference`, await faceJpeg(truth))).status, 303);
        // An outside AR app that is about 14 ΔE00 off.
        assert.equal((await upload(researcher, `/studies/${studyId}/models/${modelId}/shades/${shade.id}/outside`, await faceJpeg(labAtDistance(truth, 14)))).status, 303);
      }
    }
  });

  it('refuses a bad study upload with a 4xx and keeps nothing of it', async () => {
    const before = studyFiles();
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const res = await upload(researcher, `/studies/${studyId}/models/${models[0]}/bare`, html, 'face.jpg');
    assert.equal(res.status, 415);
    const noCsrf = await researcher.post(`/studies/${studyId}/models/${models[0]}/bare`).attach('front', await faceJpeg(BARE_LIPS), 'face.jpg');
    assert.equal(noCsrf.status, 403);
    assert.deepEqual(studyFiles(), before);
  });

  it('renders every source for every model and shade, and names none of them before the study closes', async () => {
    assert.equal((await post(researcher, `/studies/${studyId}/render`)).status, 303);
    const candidates = await portal.db('study_candidates').where({ study_id: studyId });
    const bySource = (s: string) => candidates.filter((c) => c.source === s).length;
    // 2 models × 2 shades: robust, average, declared, label rendered; outside uploaded; the reference as the attention check.
    for (const source of ['robust', 'average', 'declared', 'label', 'outside', 'reference']) assert.equal(bySource(source), 4, source);
    assert.ok(candidates.filter((c) => c.source === 'robust').every((c) => /^robust@/.test(c.extractor_version)));
    assert.equal((await researcher.get(`/studies/${studyId}/results`)).status, 409);
  });

  // The simulated raters compare the lips' body colour where the try-on shows no highlight, on the same
  // part of the lips in the reference (perceivedLipColours). They still rank the declared colour above the
  // averaging baseline, because the renderer's gloss shifts the body colour itself: the shades here are
  // satin, measured as weak and rough (specular intensity ≈ 0.1, roughness ≈ 0.7), and the specular
  // lobe's peak does not fall as the lobe widens, so it spreads over the whole lips as a haze (+6 L*,
  // −6 a*, 5.5–6 ΔE00 on these reds) that no highlight-free part escapes. The declared colour is
  // rendered matte (the brand declared a matte finish), so it alone keeps its colour. The renderer lives in
  // extraction/try-on/gloss.ts; test/server/studies/simulated-rater-reading.test.ts holds the defect.
  it('is scored blind by invited raters; the results rank the sources as their true colour errors do', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 7; i++) {
      const invite = await post(researcher, `/studies/${studyId}/raters`);
      assert.equal(invite.status, 201);
      const link = /value="(http:\/\/[^"]+\/rate\/([A-Za-z0-9_-]+))"/.exec(invite.text);
      assert.ok(link);
      assert.ok(Buffer.from(link[2], 'base64url').length >= 16, 'at least 128 bits');
      tokens.push(link[2]);
    }
    assert.equal((await portal.db('study_raters').where({ token_hash: tokens[0] }).first()), undefined, 'only a hash is stored');
    assert.equal((await request(portal.url).get('/rate/not-a-real-invitation-token-at-all')).status, 404);

    for (const [r, token] of tokens.entries()) {
      const careless = r === tokens.length - 1;
      const random = seededRandom(100 + r);
      const noise = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()) * 0.7;
      for (let guard = 0; guard < 20; guard++) {
        const page = await request(portal.url).get(`/rate/${token}`).set('Accept-Language', 'de');
        assert.equal(page.status, 200);
        if (!page.text.includes('name="item"')) {
          assert.match(page.text, /Vielen Dank/);
          break;
        }
        const item = /name="item" value="([^"]+)"/.exec(page.text)![1];
        const form = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
        const reference = /<figure class="rate-reference"><img src="([^"]+)"/.exec(page.text)![1];
        const ids = [...new Set([...page.text.matchAll(/name="score-([A-Za-z0-9_-]+)"/g)].map((m) => m[1]))];
        const referencePicture: Buffer = (await request(portal.url).get(reference).buffer(true)).body;
        const fields: Record<string, string> = { _csrf: form, item };
        for (const id of ids) {
          const seen = await perceivedLipColours((await request(portal.url).get(`/rate/${token}/img/${id}`).buffer(true)).body, referencePicture);
          const score = careless ? 2 : Math.round(10 - 0.45 * deltaE2000(seen.tryOn, seen.reference) + noise());
          fields[`score-${id}`] = String(Math.min(10, Math.max(1, score)));
        }
        if (r === 0 && guard === 0) {
          assert.equal((await request(portal.url).post(`/rate/${token}`).type('form').send({ ...fields, _csrf: 'forged' })).status, 403);
          const { [`score-${ids[0]}`]: _dropped, ...partial } = fields;
          const incomplete = await request(portal.url).post(`/rate/${token}`).type('form').send(partial);
          assert.equal(incomplete.status, 303);
          assert.match(incomplete.headers.location, /error=1/);
        }
        assert.equal((await request(portal.url).post(`/rate/${token}`).type('form').send(fields)).status, 303);
      }
    }

    assert.equal((await post(researcher, `/studies/${studyId}/close`)).status, 303);
    const json = (await researcher.get(`/studies/${studyId}/results.json`)).body;
    assert.equal(json.raters, 7);
    assert.equal(json.flaggedRaters, 1, 'the careless rater scored the reference itself low');
    assert.equal(json.items, 4);
    assert.match(json.extractorVersion, /^robust@/);

    // The truth: each source's ΔE00 from the true colour, averaged over items, from the rendered colours.
    const candidates = await portal.db('study_candidates').join('study_shades', 'study_shades.id', 'study_candidates.shade_id').where('study_candidates.study_id', studyId).whereNot('source', 'reference').select('study_candidates.*', 'study_shades.photo_id');
    const errors = new Map<string, number[]>();
    for (const c of candidates) {
      const truth = truthOf.get(c.photo_id)!;
      const lab = c.source === 'outside' ? labAtDistance(truth, 14) : { L: c.lab_l, a: c.lab_a, b: c.lab_b };
      errors.set(c.source, [...(errors.get(c.source) ?? []), deltaE2000(lab, truth)]);
    }
    const meanError = (s: string) => errors.get(s)!.reduce((x, y) => x + y, 0) / errors.get(s)!.length;
    const trueOrder = [...errors.keys()].sort((a, b) => meanError(a) - meanError(b));
    const found = (json.overall as Array<{ source: string; ci: { estimate: number; low: number; high: number } }>).sort((a, b) => b.ci.estimate - a.ci.estimate);
    console.log(`# true order by ΔE00: ${trueOrder.map((s) => `${s} ${meanError(s).toFixed(2)}`).join(', ')}`);
    console.log(`# study order by mean score: ${found.map((s) => `${s.source} ${s.ci.estimate.toFixed(2)} [${s.ci.low.toFixed(2)}, ${s.ci.high.toFixed(2)}]`).join(', ')}`);
    // Every pair of sources whose true errors differ by more than 1.5 ΔE00 is ranked the right way round.
    for (const a of trueOrder)
      for (const b of trueOrder) {
        if (meanError(b) - meanError(a) <= 1.5) continue;
        const [sa, sb] = [found.find((s) => s.source === a)!, found.find((s) => s.source === b)!];
        assert.ok(sa.ci.estimate > sb.ci.estimate, `${a} (ΔE ${meanError(a).toFixed(1)}) should score above ${b} (ΔE ${meanError(b).toFixed(1)})`);
      }
    assert.equal(json.pairs.length, 10);
    assert.ok(json.alpha > 0.5, `raters agree (alpha ${json.alpha})`);
    assert.deepEqual(json.bands.map((b: { kind: string; band: string }) => `${b.kind}:${b.band}`).sort(), ['monk:1–3', 'monk:8–10', 'undertone:cool', 'undertone:warm']);

    const page = await researcher.get(`/studies/${studyId}/results`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<svg width="\d+" height="\d+" viewBox="[^"]+" role="img"/);
    // One sentence with its numbers: the best source, its mean and interval, the runner-up and the Holm-corrected p.
    assert.match(page.text, /<p class="conclusion"[^>]*>[^<]*(looked most real|scored highest) \(mean [\d.]+, 95 % CI [\d.]+–[\d.]+\)[^<]*ahead of [^<]+ \([\d.]+, [\d.]+–[\d.]+; Wilcoxon p &#x3D; [\d.]+ after Holm\)\.<\/p>/);
    assert.match(page.text, /<a href="\/studies">Realism studies<\/a>/);
    const csv = await researcher.get(`/studies/${studyId}/results.csv`);
    assert.match(csv.headers['content-type'], /text\/csv/);
    assert.equal(csv.text.split('\n')[0].trim(), 'scope,band,source,extractor_version,items,mean,ci95_low,ci95_high');
    const history = await researcher.get('/studies/history');
    assert.match(history.text, /<code>robust@[^<]+<\/code>/);
    // Closed: rating ends.
    assert.match((await request(portal.url).get(`/rate/${tokens[0]}`)).text, /This study has ended/);
  });

  it('deletes a model’s photos, details and scores when consent is withdrawn', async () => {
    const [modelId] = models;
    const keys = [
      (await portal.db('study_models').where({ id: modelId }).first()).bare_key,
      ...(await portal.db('study_candidates').where({ model_id: modelId }).pluck('storage_key')),
    ];
    const ratingsBefore = (await portal.db('study_ratings')).length;
    assert.equal((await post(researcher, `/studies/${studyId}/models/${modelId}/withdraw`)).status, 303);
    assert.equal(await portal.db('study_models').where({ id: modelId }).first(), undefined);
    assert.equal((await portal.db('study_consents').where({ model_id: modelId })).length, 0);
    assert.equal((await portal.db('study_candidates').where({ model_id: modelId })).length, 0);
    assert.ok((await portal.db('study_ratings')).length < ratingsBefore);
    for (const key of keys) assert.equal(fs.existsSync(path.join(portal.storage.root, key)), false, key);
  });
});
