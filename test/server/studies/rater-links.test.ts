import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { defaultSpec, renderPhoto } from '../../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../../support/browserless-client.ts';
import { named, submissionIdFrom } from '../../support/submission-helpers.ts';
import { createBrandUser, createStaff, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { BARE_LIPS, faceJpeg, LIP_OUTLINE } from './study-fixtures.ts';

/**
 * A rater's invitation link: the researcher can revoke it (it stops working at once, the scores given
 * through it stay, the revocation is audited), and the rater pages have a limit of their own per client
 * and link.
 */
const RATER_LIMIT = 30;
let portal: TestPortal;
let researcher: Client;
let researcherId: string;
let brand: Client;
let studyId: string;

const post = (client: Client, url: string, fields: Record<string, string | number> = {}) => client.post(url).type('form').send({ _csrf: client.csrf, ...fields });
const upload = (client: Client, url: string, bytes: Buffer) => client.post(url).field('_csrf', client.csrf).attach('front', bytes, 'photo.jpg');

async function invite(): Promise<{ token: string; page: string }> {
  const res = await post(researcher, `/studies/${studyId}/raters`);
  assert.equal(res.status, 201);
  const token = /value="http:\/\/[^"]+\/rate\/([A-Za-z0-9_-]+)"/.exec(res.text)![1];
  return { token, page: res.text };
}

/** Scores the rater's current item (every picture 7); returns how many scores were given and what the page held. */
async function scoreOneItem(token: string): Promise<{ scores: number; picture: string; form: string; item: string }> {
  const page = await request(portal.url).get(`/rate/${token}`);
  assert.equal(page.status, 200);
  const item = /name="item" value="([^"]+)"/.exec(page.text)![1];
  const form = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  const ids = [...new Set([...page.text.matchAll(/name="score-([A-Za-z0-9_-]+)"/g)].map((m) => m[1]))];
  const fields: Record<string, string> = { _csrf: form, item };
  for (const id of ids) fields[`score-${id}`] = '7';
  assert.equal((await request(portal.url).post(`/rate/${token}`).type('form').send(fields)).status, 303);
  const picture = /<figure class="rate-reference"><img src="([^"]+)"/.exec(page.text)![1];
  return { scores: ids.length, picture, form, item };
}

const raterIdOf = async (token: string) => (await portal.db('study_raters').where({ token_hash: crypto.createHash('sha256').update(token).digest('hex') }).first()).id as string;

before(async () => {
  portal = await startTestPortal({}, { raterLimit: { windowMs: 60_000, max: RATER_LIMIT } });
  const b = await createBrandUser(portal, 'Lumiere');
  brand = await login(portal, b.email, b.password);
  const r = await createStaff(portal, 'researcher');
  researcherId = r.user.id;
  researcher = await login(portal, r.email, r.password);

  // One accepted shade, one consenting model with her bare lips, an outline and a reference photo, rendered.
  const photo = await renderPhoto(defaultSpec({ width: 750, height: 1000, color: '#b22146' }));
  const submitted = await submitShade(brand, defaultFields({ shadeCode: 'rl-1' }), [named(photo.bytes, 'rl-1')]);
  assert.equal(submitted.status, 303, submitted.text.slice(0, 300));
  const best = (await portal.db('submissions').where({ id: submissionIdFrom(submitted.headers.location) }).first()).best_photo_id;
  studyId = String((await post(researcher, '/studies', { title: 'Links' })).headers.location.split('/').pop());
  assert.equal((await post(researcher, `/studies/${studyId}/shades`, { photoId: best })).status, 303);
  assert.equal((await post(researcher, `/studies/${studyId}/models`, { monk: 5, consent: 'yes' })).status, 303);
  const model = (await portal.db('study_models').where({ study_id: studyId }).first()).id;
  const shade = (await portal.db('study_shades').where({ study_id: studyId }).first()).id;
  assert.equal((await upload(researcher, `/studies/${studyId}/models/${model}/bare`, await faceJpeg(BARE_LIPS))).status, 303);
  assert.equal((await post(researcher, `/studies/${studyId}/models/${model}/lips`, { points: LIP_OUTLINE.map(([x, y]) => `${x},${y}`).join(' ') })).status, 303);
  assert.equal((await upload(researcher, `/studies/${studyId}/models/${model}/shades/${shade}/reference`, await faceJpeg({ L: 45, a: 50, b: 20 }))).status, 303);
  assert.equal((await post(researcher, `/studies/${studyId}/render`)).status, 303);
});
after(() => portal?.cleanup());

describe('revoking a rater’s invitation link', () => {
  let revokedToken: string;
  let keptToken: string;
  let scoresGiven: number;
  let seen: Awaited<ReturnType<typeof scoreOneItem>>;

  it('numbers each invitation so the researcher can tell them apart', async () => {
    const first = await invite();
    const second = await invite();
    revokedToken = first.token;
    keptToken = second.token;
    assert.match(first.page, /invitation 1 on the study page/);
    assert.match(second.page, /invitation 2 on the study page/);
    seen = await scoreOneItem(revokedToken);
    scoresGiven = seen.scores;
    assert.ok(scoresGiven >= 3);
    const page = await researcher.get(`/studies/${studyId}`);
    assert.match(page.text, new RegExp(`<li data-invitation="1">Invitation 1 · [\\s\\S]*?${scoresGiven} scores[\\s\\S]*?action="/studies/${studyId}/raters/${await raterIdOf(revokedToken)}/revoke"`));
  });

  it('is for the study’s researcher only, with a form token from this site', async () => {
    const raterId = await raterIdOf(revokedToken);
    assert.equal((await post(brand, `/studies/${studyId}/raters/${raterId}/revoke`)).status, 403);
    assert.equal((await researcher.post(`/studies/${studyId}/raters/${raterId}/revoke`).type('form').send({})).status, 403);
    assert.equal((await researcher.post(`/studies/${studyId}/raters/${raterId}/revoke`).set('Origin', 'https://evil.example').type('form').send({ _csrf: researcher.csrf })).status, 403);
    assert.equal((await post(researcher, `/studies/${studyId}/raters/${crypto.randomUUID()}/revoke`)).status, 404);
    assert.equal((await portal.db('study_raters').where({ id: raterId }).first()).revoked_at, null);
  });

  it('stops the link at once: its page answers 410 and says why, its pictures and its posts are refused', async () => {
    const raterId = await raterIdOf(revokedToken);
    // A picture the rater could open a moment ago, and the form of the item they scored.
    const { picture, form, item } = seen;
    assert.equal((await request(portal.url).get(picture)).status, 200);

    const revoked = await post(researcher, `/studies/${studyId}/raters/${raterId}/revoke`);
    assert.equal(revoked.status, 303);
    assert.equal(revoked.headers.location, `/studies/${studyId}#raters`);

    const page = await request(portal.url).get(`/rate/${revokedToken}`);
    assert.equal(page.status, 410);
    assert.match(page.text, /revoked this invitation link, so it no longer opens the study\. The scores you already gave are kept\./);
    assert.doesNotMatch(page.text, /name="item"|<img /);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match((await request(portal.url).get(`/rate/${revokedToken}`).set('Accept-Language', 'ja')).text, /無効にしたため/);
    assert.equal((await request(portal.url).get(picture)).status, 410);
    const ratingsBefore = (await portal.db('study_ratings').where({ rater_id: raterId })).length;
    const late = await request(portal.url).post(`/rate/${revokedToken}`).type('form').send({ _csrf: form, item });
    assert.equal(late.status, 410);
    assert.equal((await portal.db('study_ratings').where({ rater_id: raterId })).length, ratingsBefore);
    // The other invitation is untouched.
    assert.equal((await request(portal.url).get(`/rate/${keptToken}`)).status, 200);
  });

  it('audits the revocation with who and when, once, and shows it on the study page', async () => {
    const raterId = await raterIdOf(revokedToken);
    assert.equal((await post(researcher, `/studies/${studyId}/raters/${raterId}/revoke`)).status, 303);
    const rows = await portal.db('audit_log').where({ subject_type: 'study_rater', subject_id: raterId });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].actor_id, researcherId);
    assert.equal(rows[0].action, 'rater_revoke');
    const revokedAt = (await portal.db('study_raters').where({ id: raterId }).first()).revoked_at;
    assert.equal(rows[0].created_at, revokedAt);
    assert.deepEqual(JSON.parse(rows[0].after), { studyId, revokedAt });
    const page = await researcher.get(`/studies/${studyId}`);
    assert.match(page.text, /<li data-invitation="1">[^]*?<time datetime="[^"]+">Link revoked [^<]+<\/time><\/li>/);
    assert.doesNotMatch(page.text, new RegExp(`/raters/${raterId}/revoke`));
  });

  it('keeps the scores given before the revocation in the results', async () => {
    assert.equal((await post(researcher, `/studies/${studyId}/close`)).status, 303);
    const json = (await researcher.get(`/studies/${studyId}/results.json`)).body;
    assert.equal(json.raters, 1, 'the revoked rater, the only one who scored');
    assert.equal((await portal.db('study_ratings').where({ rater_id: await raterIdOf(revokedToken) })).length, scoresGiven);
  });
});

describe('the rater pages’ own rate limit', () => {
  it('answers 429 with Retry-After once a client passes the limit on one link, and counts each link apart', async () => {
    // The study is closed by now: the link still opens a page (saying so), which is all the limit needs.
    const token = await inviteDirect();
    for (let i = 0; i < RATER_LIMIT; i++) {
      const res = await request(portal.url).get(`/rate/${token}`);
      assert.equal(res.status, 200, `request ${i + 1}`);
      assert.equal(res.headers['ratelimit-remaining'], String(RATER_LIMIT - 1 - i));
    }
    const refused = await request(portal.url).get(`/rate/${token}`);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers['retry-after']) > 0 && Number(refused.headers['retry-after']) <= 60);
    assert.equal((await request(portal.url).get(`/rate/${token}/img/anything`)).status, 429);
    assert.equal((await request(portal.url).post(`/rate/${token}`).type('form').send({})).status, 429);
    // Another link from the same client has a limit of its own.
    const other = await inviteDirect();
    assert.equal((await request(portal.url).get(`/rate/${other}`)).status, 200);
    // The limit's buckets name the link by a fingerprint, never by the token.
    const buckets: string[] = await portal.db('rate_limit_windows').pluck('bucket');
    assert.ok(buckets.length >= 2);
    assert.ok(buckets.every((b) => [token, other].every((t) => !b.includes(t.slice(0, 16)))));
  });
});

/** An invitation to the (closed) study, written as the service writes one: a token and its hash. */
async function inviteDirect(): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await portal.db('study_raters').insert({ id: crypto.randomUUID(), study_id: studyId, token_hash: crypto.createHash('sha256').update(token).digest('hex'), seed: 7, created_at: new Date().toISOString() });
  return token;
}
