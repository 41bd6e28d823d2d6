import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { VIEWS_DIR } from '../../../server/app.ts';
import { LANGUAGE_NAMES, readCatalog, type Catalog } from '../../../server/i18n/i18n.ts';
import { MARKETPLACES } from '../../../server/marketplaces/marketplaces.ts';
import { createViewRenderer } from '../../../server/views/renderer.ts';
import { extractorNames } from '../../../extraction/extractors/registry.ts';
import { RULE_IDS } from '../../../validators/types.ts';
import { defaultSpec, renderPhoto } from '../../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../../support/browserless-client.ts';
import { named, submissionIdFrom, waitFor } from '../../support/submission-helpers.ts';
import { createBrandUser, createStaff, createReviewer, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { BARE_LIPS, faceJpeg, LIP_OUTLINE } from '../studies/study-fixtures.ts';

/**
 * Every page rendered in a pseudo-locale built from English at test time: each message becomes
 * "⟦Ŝĥàďé…⟧" with its ICU syntax and placeholders intact. A visible word outside the markers is a
 * string some template, route or presenter still writes in English instead of taking it from a catalog.
 */
const PSEUDO = 'en-XA';
const OPEN = '⟦';
const CLOSE = '⟧';

const ACCENTS: Record<string, string> = {
  a: 'à', b: 'ƀ', c: 'ç', d: 'ď', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'î', j: 'ĵ', k: 'ķ', l: 'ľ', m: 'ɱ',
  n: 'ñ', o: 'ö', p: 'þ', r: 'ŕ', s: 'š', t: 'ţ', u: 'û', w: 'ŵ', y: 'ý', z: 'ž',
  A: 'À', C: 'Ç', D: 'Ď', E: 'É', I: 'Î', N: 'Ñ', O: 'Ö', S: 'Š', U: 'Û', Y: 'Ý',
};
const accent = (text: string) => [...text].map((c) => ACCENTS[c] ?? c).join('');

/**
 * Accents the literal text of an ICU message and leaves its syntax alone: `{name}` and
 * `{name, number}` stay as written; in `{n, plural, one {…} other {…}}` and `select` only the
 * branches' text is accented (and `#` kept). Returns the transformed text and where it stopped.
 */
function pseudoIcu(message: string, start = 0, inPlural = false): { text: string; end: number } {
  let out = '';
  let i = start;
  while (i < message.length) {
    const c = message[i];
    if (c === '}') return { text: out, end: i };
    if (c === '{') {
      const close = argumentEnd(message, i);
      const inner = message.slice(i + 1, close);
      const [name, type, ...rest] = inner.split(',');
      const kind = type?.trim();
      if (kind === 'plural' || kind === 'select' || kind === 'selectordinal') {
        out += `{${name},${type},${pseudoBranches(message, i + 1 + name.length + 1 + type.length + 1, close, kind !== 'select')}}`;
      } else {
        out += `{${[name, type, ...rest].filter((p) => p !== undefined).join(',')}}`;
      }
      i = close + 1;
      continue;
    }
    out += c === '#' && inPlural ? c : accent(c);
    i += 1;
  }
  return { text: out, end: i };
}

/** `one {…} other {…}` between `from` and `to`: selectors kept, each branch's text accented. */
function pseudoBranches(message: string, from: number, to: number, plural: boolean): string {
  let out = '';
  let i = from;
  while (i < to) {
    const open = message.indexOf('{', i);
    if (open < 0 || open > to) break;
    out += message.slice(i, open);
    const branch = pseudoIcu(message, open + 1, plural);
    out += `{${branch.text}}`;
    i = branch.end + 1;
  }
  return out + message.slice(i, to);
}

/** The index of the `}` that closes the argument opened at `open`. */
function argumentEnd(message: string, open: number): number {
  let depth = 0;
  for (let i = open; i < message.length; i++) {
    if (message[i] === '{') depth += 1;
    if (message[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`Unbalanced braces in ${JSON.stringify(message)}`);
}

function pseudoCatalog(): Catalog {
  const catalog = readCatalog(path.join(VIEWS_DIR, 'locales'));
  catalog[PSEUDO] = Object.fromEntries(
    Object.entries(catalog.en).map(([ns, messages]) => [
      ns,
      Object.fromEntries(Object.entries(messages).map(([key, message]) => [key, `${OPEN}${pseudoIcu(message).text}${CLOSE}`])),
    ]),
  );
  return catalog;
}

/**
 * Text that is rightly not in the page's language: people's data (names, emails, shade codes, file
 * names), codes (rule ids, extractor names, marketplace, locale and currency codes) and brand names,
 * and the country names Intl gives in the page's language (English for the pseudo-locale, as for its
 * dates). Rule names, category names, findings and error messages are the catalogs' like every other
 * word, so they are not listed here.
 */
function foreignTexts(extra: string[]): string[] {
  const regions = new Intl.DisplayNames([PSEUDO], { type: 'region' });
  return [
    ...extra,
    ...Object.values(LANGUAGE_NAMES),
    ...RULE_IDS,
    ...extractorNames(),
    ...MARKETPLACES.flatMap((m) => [regions.of(m.code) ?? m.code, m.code, m.locale, m.currency]),
    'Shadegate',
    'CIELAB (D65)',
    'ΔE00',
    'Message-ID',
    'labels.json',
    'labels.csv',
    'API',
    'UTC',
  ].sort((a, b) => b.length - a.length);
}

/** The visible text nodes and the alt, aria-label, placeholder and title texts of a page, minus what is never prose. */
function visibleTexts(html: string): string[] {
  const body = html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<pre[\s\S]*?<\/pre>/g, ' ')
    .replace(/<code[\s\S]*?<\/code>/g, ' ')
    // Dates are Intl's, in the page language; their machine form is in datetime=.
    .replace(/<time[\s\S]*?<\/time>/g, ' ')
    // Content marked as English on purpose (the API's operation summaries).
    .replace(/<(\w+)[^>]*\slang="en"[^>]*>[\s\S]*?<\/\1>/g, ' ')
    // The language picker lists each language in its own name.
    .replace(/<select id="language-select"[\s\S]*?<\/select>/g, ' ')
    .replace(/<title>[^<]*· Shadegate<\/title>/, (t) => t.replace(/· Shadegate/, ''));
  const attributes = [...body.matchAll(/\s(?:alt|aria-label|placeholder|title)="([^"]*)"/g)].map((m) => m[1]);
  const nodes = body
    .replace(/<[^>]+>/g, '\n')
    .split('\n')
    .map((t) => t.trim())
    .filter(Boolean);
  return [...nodes, ...attributes].map(decodeEntities);
}

const decodeEntities = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The parts of a page's text outside the pseudo markers that still read as words. */
function untranslated(html: string, foreign: string[]): string[] {
  const found = new Set<string>();
  for (const text of visibleTexts(html)) {
    // Markers nest (a message that takes another as a value): remove the innermost first.
    let rest = text;
    for (let before = ''; before !== rest; ) [before, rest] = [rest, rest.replace(/⟦[^⟦⟧]*⟧/g, ' ')];
    for (const f of foreign) if (f) rest = rest.split(f).join(' ');
    // Hex colours, ids and numbers are data, not words.
    rest = rest.replace(/#[0-9a-fA-F]{6}\b/g, ' ').replace(/\b[0-9a-f]{8}-[0-9a-f-]{27}\b/g, ' ');
    if (/\p{L}{2,}/u.test(rest)) found.add(text);
  }
  return [...found];
}

let portal: TestPortal;
let brand: Client;
let reviewer: Client;
let operator: Client;
let researcher: Client;
let studyId: string;
let modelId: string;
let raterToken: string;
let submissionId: string;
let refusedId: string;
let bulkId: string;
const data: string[] = [];

before(async () => {
  const views = createViewRenderer(VIEWS_DIR, { catalog: pseudoCatalog(), extraLanguages: [PSEUDO] });
  portal = await startTestPortal({}, { views });
  const b = await createBrandUser(portal, 'Lumiere');
  const r = await createReviewer(portal);
  [brand, reviewer] = await Promise.all([login(portal, b.email, b.password), login(portal, r.email, r.password)]);
  const [clean, small] = await Promise.all([
    renderPhoto(defaultSpec({ format: 'jpeg' })),
    // 600 × 800: below the resolution floor, so refused (a verdict with failures, a review item and a mail).
    renderPhoto(defaultSpec({ format: 'jpeg', width: 600, height: 800 })),
  ]);
  const accepted = await submitShade(brand, defaultFields({ shadeCode: 'nu-12' }), [named(clean.bytes, 'nu-12')]);
  submissionId = submissionIdFrom(accepted.headers.location);
  const refused = await submitShade(brand, defaultFields({ shadeCode: 'nu-13' }), [named(small.bytes, 'nu-13')]);
  refusedId = submissionIdFrom(refused.headers.location);
  assert.ok(submissionId && refusedId, 'both submissions were made');
  await waitFor(portal, async () => (await portal.db('emails').where({ submission_id: refusedId }).first()) ?? null, 'the refusal mail');
  data.push(b.brand.name, b.user.name, b.email, r.user.name, r.email, 'Silk Matte', 'Nude Kiss', 'nu-12', 'nu-13', 'lumiere_silk-matte_nu-12_front.jpg', 'lumiere_silk-matte_nu-13_front.jpg', 'NU-12');
  const email = await portal.db('emails').where({ submission_id: refusedId }).first();
  data.push(String(email.subject));
  // A bulk upload with one row that matches its photo and one photo that matches no row.
  const csv = 'line,shade_code,shade_name,category,finish,swatch_hex\nSilk Matte,nu-14,Rose Petal,lipstick,matte,#b22146\n';
  const bulk = await brand
    .post('/bulk')
    .set('Accept', 'application/json')
    .field('_csrf', brand.csrf)
    .attach('csv', Buffer.from(csv), { filename: 'shades.csv', contentType: 'text/csv' })
    .attach('photos', small.bytes, { filename: 'lumiere_silk-matte_nu-14_front.jpg', contentType: 'image/jpeg' })
    .attach('photos', small.bytes, { filename: 'lumiere_silk-matte_zz-9_front.jpg', contentType: 'image/jpeg' });
  assert.equal(bulk.status, 202, bulk.text);
  bulkId = bulk.body.id;
  await waitFor(portal, async () => (await portal.db('bulk_uploads').where({ id: bulkId }).first())?.status !== 'processing', 'the bulk upload to finish');
  data.push('Rose Petal', 'nu-14', 'lumiere_silk-matte_nu-14_front.jpg', 'lumiere_silk-matte_zz-9_front.jpg');
  // The bulk row is refused too (the same small photo): wait for its mail as well.
  const subjects = await waitFor(portal, async () => {
    const rows = await portal.db('emails').select('subject');
    return rows.length >= 2 ? rows : null;
  }, 'both refusal mails');
  for (const row of subjects) data.push(String(row.subject));
  // The extractor's name and version, as the verdict names it.
  const shown = await portal.submissions.findForViewer(submissionId, { userId: r.user.id, role: 'reviewer', brandId: null });
  if (shown?.extraction) data.push(`${shown.extraction.extractor.name} ${shown.extraction.extractor.version}`);
  [operator, researcher] = await Promise.all([createOperator(), createResearcher()]);
  await setUpStudy();
});

/** An operator who has changed the JP rollout once, so its page has a comparison and a history. */
async function createOperator(): Promise<Client> {
  const op = await createStaff(portal, 'operator', 'Sam Ops');
  data.push(op.user.name, op.email);
  const client = await login(portal, op.email, op.password);
  const res = await client.post('/ops/rollouts/JP').type('form').send({ _csrf: client.csrf, serving: 'robust', challenger: 'average', challengerPercent: '50', mode: 'split', note: 'halfway there' });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  data.push('halfway there');
  return client;
}

async function createResearcher(): Promise<Client> {
  const r = await createStaff(portal, 'researcher', 'Robin Research');
  data.push(r.user.name, r.email);
  return login(portal, r.email, r.password);
}

const post = (client: Client, url: string, fields: Record<string, string | number> = {}) => client.post(url).type('form').send({ _csrf: client.csrf, ...fields });

/**
 * A study with the accepted shade, one consenting model with a bare face, lips and a reference photo,
 * its candidates rendered and one rater invited: every study page has something to show.
 */
async function setUpStudy(): Promise<void> {
  const created = await post(researcher, '/studies', { title: 'Lip realism, December' });
  assert.equal(created.status, 303, created.text.slice(0, 300));
  studyId = String(created.headers.location.split('/').pop());
  data.push('Lip realism, December');
  const page = await researcher.get(`/studies/${studyId}`);
  const photoId = /<option value="([0-9a-f-]{36})">/.exec(page.text)?.[1];
  assert.ok(photoId, 'the accepted shade is offered');
  assert.equal((await post(researcher, `/studies/${studyId}/shades`, { photoId })).status, 303);
  assert.equal((await post(researcher, `/studies/${studyId}/models`, { monk: 4, undertone: 'warm', ageBand: '25-34', gender: 'woman', consent: 'yes' })).status, 303);
  modelId = (await portal.db('study_models').where({ study_id: studyId }).first()).id;
  const face = await faceJpeg(BARE_LIPS);
  const bare = await researcher.post(`/studies/${studyId}/models/${modelId}/bare`).field('_csrf', researcher.csrf).attach('front', face, 'face.jpg');
  assert.equal(bare.status, 303, bare.text.slice(0, 300));
  assert.equal((await post(researcher, `/studies/${studyId}/models/${modelId}/lips`, { points: LIP_OUTLINE.map(([x, y]) => `${x},${y}`).join(' ') })).status, 303);
  const shade = await portal.db('study_shades').where({ study_id: studyId }).first();
  const reference = await researcher.post(`/studies/${studyId}/models/${modelId}/shades/${shade.id}/reference`).field('_csrf', researcher.csrf).attach('front', face, 'face.jpg');
  assert.equal(reference.status, 303, reference.text.slice(0, 300));
  assert.equal((await post(researcher, `/studies/${studyId}/render`)).status, 303);
  const invite = await post(researcher, `/studies/${studyId}/raters`);
  assert.equal(invite.status, 201);
  raterToken = /\/rate\/([A-Za-z0-9_-]+)"/.exec(invite.text)![1];
  const rating = await request(portal.url).get(`/rate/${raterToken}`);
  assert.match(rating.text, /name="item"/, 'the rater has a picture to score');
  data.push(`${new URL(portal.url).origin}/rate/${raterToken}`);
}

after(async () => {
  await portal?.cleanup();
});

/** GET as a logged-in client (or a visitor) with the pseudo-locale chosen by the `lang` cookie. */
const get = (who: Client | null, url: string) =>
  request(portal.url)
    .get(url)
    .set('Cookie', who ? `${who.cookie}; lang=${PSEUDO}` : `lang=${PSEUDO}`)
    .set('Accept', 'text/html');

describe('every page in a pseudo-locale', () => {
  const pages: Array<[string, () => Client | null, () => string, number?]> = [
    ['login', () => null, () => '/login'],
    ['not found', () => null, () => '/no-such-page', 404],
    ['brand dashboard', () => brand, () => '/dashboard'],
    ['reviewer dashboard', () => reviewer, () => '/dashboard'],
    ['submission form', () => brand, () => '/submissions/new'],
    ['resubmission form', () => brand, () => `/submissions/new?replaces=${refusedId}`],
    ['accepted verdict', () => brand, () => `/submissions/${submissionId}`],
    ['refused verdict', () => brand, () => `/submissions/${refusedId}`],
    ['bulk upload', () => brand, () => '/bulk'],
    ['bulk report', () => brand, () => `/bulk/${bulkId}`],
    ['brand tokens', () => brand, () => '/settings/tokens'],
    ['export tokens', () => reviewer, () => '/settings/tokens'],
    ['review queue', () => reviewer, () => '/review?status=all'],
    ['review detail', () => reviewer, () => `/review/${refusedId}`],
    ['mail outbox', () => reviewer, () => '/admin/mail'],
    ['API docs', () => null, () => '/api/docs'],
    ['guidelines', () => null, () => '/guidelines'],
    ['category guidelines', () => brand, () => '/guidelines?category=nail-polish'],
    ['rollouts', () => operator, () => '/ops/rollouts'],
    ['marketplace rollout', () => operator, () => '/ops/rollouts/JP'],
    ['marketplace rollout (reviewer)', () => reviewer, () => '/ops/rollouts/US'],
    ['study list', () => researcher, () => '/studies'],
    ['study', () => researcher, () => `/studies/${studyId}`],
    ['lip outline', () => researcher, () => `/studies/${studyId}/models/${modelId}/lips`],
    ['study history', () => researcher, () => '/studies/history'],
    ['rating', () => null, () => `/rate/${raterToken}`],
  ];

  for (const [name, who, url, status = 200] of pages) {
    it(`leaves no English on the ${name} page`, async () => {
      const res = await get(who(), url());
      assert.equal(res.status, status, `${url()} answered ${res.status}`);
      assert.match(res.text, new RegExp(`<html lang="${PSEUDO}" dir="ltr">`));
      assert.deepEqual(untranslated(res.text, foreignTexts(data)), [], `untranslated on ${url()}`);
    });
  }

  it('leaves no English on the mail detail page', async () => {
    const email = await portal.db('emails').where({ submission_id: refusedId }).first();
    const res = await get(reviewer, `/admin/mail/${email.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(untranslated(res.text, foreignTexts(data)), []);
  });

  it('leaves no English on the storage integrity page, when the portal runs the reconciler', async (t) => {
    const res = await get(reviewer, '/ops/integrity');
    if (res.status === 404) return t.skip('no reconciler in this portal');
    assert.equal(res.status, 200);
    assert.deepEqual(untranslated(res.text, foreignTexts(data)), []);
  });

  it('leaves no English on the page of a newly created token', async () => {
    const res = await request(portal.url)
      .post('/settings/tokens')
      .set('Cookie', `${brand.cookie}; lang=${PSEUDO}`)
      .type('form')
      .send({ _csrf: brand.csrf, name: 'PIM' });
    assert.equal(res.status, 201);
    assert.deepEqual(untranslated(res.text, foreignTexts([...data, 'PIM'])), []);
  });

  it('leaves no English on a refused submission form', async () => {
    const res = await submitShade(brand, { productLine: 'Silk Matte', shadeCode: 'nu 15!', shadeName: '', category: 'lipstick', declaredFinish: 'velvet', swatchHex: 'red' }, [])
      .set('Cookie', `${brand.cookie}; lang=${PSEUDO}`)
      .set('Accept', 'text/html');
    assert.equal(res.status, 422);
    assert.match(res.text, /id="shadeCode-error"[^>]*>⟦/);
    assert.deepEqual(untranslated(res.text, foreignTexts([...data, 'nu 15!', 'red', 'velvet'])), []);
  });

  it('says the bulk report’s reasons in the page language, in its JSON too, with codes that stay the same', async () => {
    const res = await get(brand, `/bulk/${bulkId}`).set('Accept', 'application/json');
    assert.equal(res.status, 200);
    const items = res.body.items as Array<{ reasons: string[]; reasonCodes: string[] }>;
    assert.deepEqual(items.map((i) => i.reasonCodes[0]), ['failed_check', 'no_row_for_shade']);
    for (const item of items) for (const reason of item.reasons) assert.deepEqual(untranslated(`<p>${reason}</p>`, foreignTexts(data)), [], reason);
  });

  it('leaves no English on a refused rollout change', async () => {
    const res = await request(portal.url)
      .post('/ops/rollouts/JP')
      .set('Cookie', `${operator.cookie}; lang=${PSEUDO}`)
      .type('form')
      .send({ _csrf: operator.csrf, serving: 'robust', challenger: 'robust', challengerPercent: '120', mode: 'sideways' });
    assert.equal(res.status, 422);
    assert.match(res.text, /class="field-error" id="challengerPercent-error" >⟦/);
    assert.deepEqual(untranslated(res.text, foreignTexts(data)), []);
  });

  it('leaves no English on the page of a new rater invitation', async () => {
    const res = await request(portal.url)
      .post(`/studies/${studyId}/raters`)
      .set('Cookie', `${researcher.cookie}; lang=${PSEUDO}`)
      .type('form')
      .send({ _csrf: researcher.csrf });
    assert.equal(res.status, 201);
    const link = /value="(http:\/\/[^"]+\/rate\/[A-Za-z0-9_-]+)"/.exec(res.text)?.[1] ?? '';
    assert.deepEqual(untranslated(res.text, foreignTexts([...data, link])), []);
  });

  // Last: closing the study ends the rating, so the pages of an open study are checked above.
  it('leaves no English on a closed study: its results, the history and the rater’s closed page', async () => {
    assert.equal((await post(researcher, `/studies/${studyId}/close`)).status, 303);
    for (const [who, url] of [[researcher, `/studies/${studyId}/results`], [researcher, '/studies/history'], [researcher, `/studies/${studyId}`], [null, `/rate/${raterToken}`]] as const) {
      const res = await get(who, url);
      assert.equal(res.status, 200, `${url} answered ${res.status}`);
      assert.deepEqual(untranslated(res.text, foreignTexts(data)), [], `untranslated on ${url}`);
    }
  });

  it('catches a string left in English (the check can fail)', () => {
    assert.deepEqual(untranslated('<main><p>⟦Ŝĥàďé⟧</p><p>Nude Kiss</p><p>Left in English</p></main>', ['Nude Kiss']), ['Left in English']);
  });

  it('keeps ICU plurals and placeholders intact in the pseudo messages', () => {
    assert.equal(pseudoIcu('{count, plural, one {# photo} other {# photos}}').text, '{count, plural, one {# þĥöţö} other {# þĥöţöš}}');
    assert.equal(pseudoIcu('Log out {name}').text, 'Löĝ öûţ {name}');
    assert.equal(pseudoIcu('{count, plural, one {{views} photo} other {{views} photos}}').text, '{count, plural, one {{views} þĥöţö} other {{views} þĥöţöš}}');
  });
});

describe('the page language', () => {
  it('answers <html lang="ja"> on the guidelines for Accept-Language: ja', async () => {
    const res = await request(portal.url).get('/guidelines').set('Accept-Language', 'ja,en;q=0.5');
    assert.equal(res.status, 200);
    assert.match(res.text, /<html lang="ja" dir="ltr">/);
  });

  it('is chosen with the header picker: a cookie for a visitor, saved on the account when logged in, back to the page', async () => {
    const visitor = await request(portal.url).post('/settings/language').type('form').send({ lang: 'ar', next: '/guidelines' });
    assert.equal(visitor.status, 303);
    assert.equal(visitor.headers.location, '/guidelines');
    const cookie = ([] as string[]).concat(visitor.headers['set-cookie'] ?? []).find((c) => c.startsWith('lang='));
    assert.match(cookie ?? '', /^lang=ar; Max-Age=31536000; Path=\/; Expires=[^;]+; SameSite=Lax$/);
    const page = await request(portal.url).get('/login').set('Cookie', 'lang=ar');
    assert.match(page.text, /<html lang="ar" dir="rtl">/);

    const offsite = await request(portal.url).post('/settings/language').type('form').send({ lang: 'de', next: '//evil.example/' });
    assert.equal(offsite.headers.location, '/');

    const withoutToken = await reviewer.post('/settings/language').type('form').send({ lang: 'de', next: '/review' });
    assert.equal(withoutToken.status, 403);
    const saved = await reviewer.post('/settings/language').type('form').send({ _csrf: reviewer.csrf, lang: 'de', next: '/review' });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.location, '/review');
    // The account's choice wins over the browser's, on any device.
    const queue = await reviewer.get('/review').set('Accept-Language', 'ja');
    assert.match(queue.text, /<html lang="de" dir="ltr">/);
    assert.match(queue.text, /Prüfwarteschlange/);
    await reviewer.post('/settings/language').type('form').send({ _csrf: reviewer.csrf, lang: 'en', next: '/review' });
  });

  it('refuses a language it does not offer', async () => {
    const res = await request(portal.url).post('/settings/language').type('form').send({ lang: 'xx', next: '/' });
    assert.equal(res.status, 400);
  });
});
