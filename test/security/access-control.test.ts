import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { clientBucket } from '../../server/http/rate-limit.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../support/browserless-client.ts';
import { createBrandUser, createReviewer, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { assertAliveAndUnchanged, BOUNDARY, part, snapshot } from './hostile-requests.ts';
import { fillPath, idsOwnedBy, mountedRoutes, tableNames, type MountedRoute } from './route-table.ts';

/** Checklist section D (and E1/E3): tenancy, CSRF, sessions, rate limits, headers — over every mounted route. */
let portal: TestPortal;
let brandA: Client;
let brandB: Client;
let reviewer: Client;
let brandAId = '';
let photo: Buffer;
let routes: MountedRoute[];
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const isApi = (r: MountedRoute) => r.path.startsWith('/api/');
const TOKEN_PATTERN = /sg_(?:brand|export)_[A-Za-z0-9_-]{43}/;

/** Creates an API token through the settings page (shown once) and returns its value, if the page exists. */
async function tokenFor(client: Client, name: string): Promise<string | null> {
  const res = await client.post('/settings/tokens').type('form').send({ _csrf: client.csrf, name });
  return TOKEN_PATTERN.exec(res.text)?.[0] ?? null;
}

before(async () => {
  photo = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 300, height: 400 }))).bytes;
  portal = await startTestPortal();
  const a = await createBrandUser(portal, 'Lumiere');
  const b = await createBrandUser(portal, 'Rival');
  const r = await createReviewer(portal);
  brandAId = a.brand.id;
  [brandA, brandB, reviewer] = await Promise.all([login(portal, a.email, a.password), login(portal, b.email, b.password), login(portal, r.email, r.password)]);
  const res = await submitShade(brandA, defaultFields({ productLine: '"><svg onload=alert(1)>' }), [
    { view: 'front', bytes: photo, fileName: 'lumiere_silk-matte_nu-12_front.jpg' },
  ]);
  assert.ok(res.status === 303 || res.status === 201, `${res.status} ${res.text.slice(0, 200)}`);
  routes = mountedRoutes(portal.app);
});
after(() => portal.cleanup());

describe('tenancy over every mounted route (D1, D3)', () => {
  it('answers brand B on every page route with an id of brand A exactly as for an unknown id, never with data', async () => {
    const ids = await idsOwnedBy(portal.db, brandAId);
    assert.ok(ids.length >= 2, 'brand A owns a submission and a photo');
    const withIds = routes.filter((r) => r.method === 'GET' && r.path.includes('/:') && !isApi(r));
    assert.ok(withIds.length >= 2);
    for (const route of withIds) {
      const unknown = await brandB.get(fillPath(route.path, crypto.randomUUID())).set('Accept', 'application/json');
      for (const id of ids) {
        const theirs = await brandB.get(fillPath(route.path, id)).set('Accept', 'application/json');
        assert.ok(theirs.status === 404 || theirs.status === 403, `${route.path} with ${id}: ${theirs.status}`);
        assert.equal(theirs.status, unknown.status, `${route.path}: same answer as an unknown id`);
        assert.equal(theirs.body?.error?.message, unknown.body?.error?.message, route.path);
      }
    }
  });

  it('answers brand B\'s API token on every API route with an id of brand A as for an unknown id', async () => {
    const token = await tokenFor(brandB, 'tenancy test');
    const apiRoutes = routes.filter((r) => r.method === 'GET' && r.path.includes('/:') && isApi(r));
    if (!token || apiRoutes.length === 0) return assert.equal(apiRoutes.length, 0, 'API routes exist, so must tokens');
    const ids = await idsOwnedBy(portal.db, brandAId);
    for (const route of apiRoutes) {
      const get = (id: string): request.Test => request(portal.url).get(fillPath(route.path, id)).set('Authorization', `Bearer ${token}`);
      const unknown = await get(crypto.randomUUID());
      for (const id of ids) {
        const theirs = await get(id);
        assert.ok(theirs.status >= 400 && theirs.status < 500, `${route.path} with ${id}: ${theirs.status}`);
        assert.equal(theirs.status, unknown.status, `${route.path}: same answer as an unknown id`);
      }
    }
  });
});

describe('cross-site requests and CSRF on every state-changing route (D7–D9)', () => {
  const sessionRoutes = () => routes.filter((r) => STATE_CHANGING.has(r.method) && !isApi(r));
  const clientFor = (route: MountedRoute) => (/^\/(review|admin)/.test(route.path) ? reviewer : brandA);

  it('refuses a cross-site request with 403 before reading its body', { timeout: 30_000 }, async () => {
    const ownId = (await portal.db('submissions').where({ brand_id: brandAId }).first()).id;
    for (const route of sessionRoutes()) {
      for (const headers of [{ Origin: 'https://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }, { Referer: 'https://evil.example/form' }]) {
        // The body claims 5 MB but only 1 KB is ever sent: a guard that waited for the body would never answer.
        const status = await new Promise<number>((resolve, reject) => {
          const req = http.request(`${portal.url}${fillPath(route.path, ownId)}`, {
            method: route.method,
            headers: {
              ...headers,
              Cookie: clientFor(route).cookie,
              Accept: 'application/json',
              'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
              'Content-Length': String(5 * 1024 * 1024),
            },
          });
          req.on('response', (res) => {
            resolve(res.statusCode ?? 0);
            req.destroy();
          });
          req.on('error', reject);
          req.write(Buffer.alloc(1024, 0x61));
        });
        assert.equal(status, 403, `${route.method} ${route.path} ${JSON.stringify(headers)}`);
      }
    }
  });

  it('refuses a same-origin request with no token, or with another session\'s token, with 403', async () => {
    const ownId = (await portal.db('submissions').where({ brand_id: brandAId }).first()).id;
    for (const route of sessionRoutes().filter((r) => r.path !== '/login')) {
      const client = clientFor(route);
      for (const token of [undefined, brandB.csrf]) {
        const before = await snapshot(portal);
        const req = request(portal.url)[route.method.toLowerCase() as 'post'](fillPath(route.path, ownId)).set('Cookie', client.cookie).set('Accept', 'application/json');
        if (token) req.field('_csrf', token);
        // Fields only: each route's parser decides which file fields it expects (files are covered below).
        const res = await req.field('name', 'x');
        assert.equal(res.status, 403, `${route.method} ${route.path} token=${token ? 'foreign' : 'none'}: ${res.status} ${res.text.slice(0, 200)}`);
        assert.equal(res.body.error.code, 'CSRF_FAILED', route.path);
        await assertAliveAndUnchanged(portal, before, assert);
      }
    }
  });

  it('checks the upload form\'s token as soon as the first file part begins', async () => {
    // A file first, then a wrong token: refused at the file, before its bytes are read.
    const body = Buffer.concat([part('front', photo, { filename: 'a.jpg', contentType: 'image/jpeg' }), part('_csrf', brandA.csrf), Buffer.from(`--${BOUNDARY}--\r\n`)]);
    const res = await brandA.post('/submissions').set('Accept', 'application/json').set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`).send(body);
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'CSRF_FAILED');
  });

  it('accepts an old browser that sends neither Sec-Fetch-* nor Origin when the token is right', async () => {
    const res = await submitShade(brandA, defaultFields(), [{ view: 'front', bytes: photo, fileName: 'lumiere_silk-matte_nu-12_front.jpg' }]);
    assert.ok(res.status === 303 || res.status === 201, String(res.status));
  });
});

describe('sessions (D4, D6)', () => {
  it('gives a new session id on login and forgets the one the browser brought', async () => {
    const u = await createBrandUser(portal, 'Rotation');
    const first = await login(portal, u.email, u.password);
    const res = await request(portal.url).post('/login').set('Cookie', first.cookie).type('form').send({ email: u.email, password: u.password });
    const second = String(res.headers['set-cookie']).split(';')[0];
    assert.notEqual(second, first.cookie);
    const stale = await request(portal.url).get('/dashboard').set('Cookie', first.cookie);
    assert.equal(stale.status, 303, 'the old session no longer works');
    assert.equal((await request(portal.url).get('/dashboard').set('Cookie', second)).status, 200);
  });

  it('invalidates the session on the server at logout', async () => {
    const u = await createBrandUser(portal, 'Logout');
    const client = await login(portal, u.email, u.password);
    const out = await client.post('/logout').type('form').send({ _csrf: client.csrf });
    assert.equal(out.status, 303);
    const replayed = await request(portal.url).get('/dashboard').set('Cookie', client.cookie);
    assert.equal(replayed.status, 303);
    assert.match(replayed.headers.location, /^\/login/);
  });

  it('keeps brand users out of reviewer pages, and API tokens out of the pages', async () => {
    for (const path of routes.filter((r) => r.method === 'GET' && /^\/(review|admin)(\/|$)/.test(r.path) && !r.path.includes(':')).map((r) => r.path)) {
      const res = await brandA.get(path).set('Accept', 'application/json');
      assert.equal(res.status, 403, path);
    }
    const token = await tokenFor(brandA, 'pages test');
    if (token) {
      const res = await request(portal.url).get('/dashboard').set('Authorization', `Bearer ${token}`);
      assert.equal(res.status, 303, 'a bearer token is not a session');
    }
  });
});

describe('API tokens at rest (D5)', () => {
  it('stores only a hash: the database files never contain the token', async () => {
    const token = await tokenFor(brandA, 'at rest');
    if (!token) return assert.ok(!routes.some((r) => r.path === '/settings/tokens'), 'the token page exists, so it must show a token');
    // Every row of every table, as text (works on SQLite and PostgreSQL alike).
    for (const table of await tableNames(portal.db)) {
      const dump = JSON.stringify(await portal.db(table).select('*'));
      assert.equal(dump.indexOf(token.slice(-20)), -1, table);
    }
    // And on SQLite the raw file bytes, free pages and write-ahead log included.
    const dbFile = (portal.db.client.config.connection as { filename?: string }).filename;
    for (const file of dbFile ? [dbFile, `${dbFile}-wal`] : []) {
      if (fs.existsSync(file)) assert.equal(fs.readFileSync(file).indexOf(token.slice(-20)), -1, file);
    }
  });

  it('answers 401 to a missing, malformed or wrong-prefix token', async () => {
    const apiGet = routes.find((r) => r.method === 'GET' && isApi(r) && !r.path.includes(':') && !/openapi|docs/.test(r.path));
    if (!apiGet) return;
    for (const auth of [undefined, 'Bearer nope', `Bearer sg_other_${'a'.repeat(43)}`, `Bearer sg_export_${'a'.repeat(43)}`]) {
      const req = request(portal.url).get(apiGet.path);
      if (auth) req.set('Authorization', auth);
      assert.equal((await req).status, 401, `${apiGet.path} ${auth}`);
    }
  });
});

describe('login rate limiting (D10)', () => {
  let limited: TestPortal;
  before(async () => {
    limited = await startTestPortal({}, { loginLimit: { windowMs: 60_000, max: 5 } });
  });
  after(() => limited.cleanup());

  it('answers 429 with RateLimit headers after the limit, whatever X-Forwarded-For claims', async () => {
    const attempt = (i: number) =>
      request(limited.url).post('/login').set('X-Forwarded-For', `203.0.113.${i}`).type('form').send({ email: 'x@y.example', password: `wrong-${i}` });
    for (let i = 0; i < 5; i++) {
      const res = await attempt(i);
      assert.equal(res.status, 401);
      assert.equal(res.headers['ratelimit-limit'], '5');
      assert.equal(res.headers['ratelimit-remaining'], String(4 - i));
    }
    const blocked = await attempt(99);
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.ok(Number(blocked.headers['ratelimit-reset']) > 0);
  });

  it('puts every address of one IPv6 /56 in one bucket, and a neighbouring /56 in another', () => {
    assert.equal(clientBucket('2001:db8:0:1200::1'), clientBucket('2001:db8:0:12ff:ffff::2'));
    assert.equal(clientBucket('2001:db8:0:1234:5678::9'), clientBucket('2001:0db8:0000:1200::'));
    assert.notEqual(clientBucket('2001:db8:0:1200::1'), clientBucket('2001:db8:0:1300::1'));
    assert.equal(clientBucket('::ffff:192.0.2.7'), '192.0.2.7');
  });
});

describe('headers and escaping (E1, E3)', () => {
  it('sends the security headers on pages', async () => {
    const res = await request(portal.url).get('/login');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/, 'no inline scripts');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /object-src 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['x-frame-options']);
    assert.ok(res.headers['referrer-policy']);
    assert.equal(res.headers['x-powered-by'], undefined);
  });

  it('renders a hostile product line escaped', async () => {
    const row = await portal.db('submissions').where({ brand_id: brandAId }).first();
    const page = await brandA.get(`/submissions/${row.id}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /<svg onload/);
    assert.match(page.text, /&quot;&gt;&lt;svg onload=alert\(1\)&gt;|&#x27;|&lt;svg/);
  });

  it('answers 400, not 500, to operator and array tricks in the query', async () => {
    for (const query of ['status=accepted&status=rejected', 'page=1;drop%20table%20submissions', 'page[$gt]=0', 'status=%00']) {
      const res = await brandA.get(`/dashboard?${query}`);
      assert.ok(res.status === 400 || res.status === 200, `${query}: ${res.status}`);
    }
    assert.ok(Number((await portal.db('submissions').count({ n: '*' }))[0].n) > 0);
  });
});
