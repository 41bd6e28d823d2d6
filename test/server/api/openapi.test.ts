import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { login } from '../../support/browserless-client.ts';
import { createReviewer, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { createSchemaChecker } from './openapi-check.ts';

let portal: TestPortal;

before(async () => {
  portal = await startTestPortal();
});

after(() => portal.cleanup());

/** Every `$ref` anywhere in a document. */
function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe('the published contract', () => {
  it('is an OpenAPI 3.1 document covering every endpoint, with every $ref resolvable', async () => {
    const res = await request(portal.url).get('/api/v1/openapi.json');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const doc = res.body;
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.paths).sort(), [
      '/api/v1/bulk',
      '/api/v1/bulk/{id}',
      '/api/v1/bulk/{id}/report.csv',
      '/api/v1/shades',
      '/api/v1/shades/{id}',
      '/api/v1/shades/{id}/images/crop',
      '/api/v1/shades/{id}/images/original',
      '/api/v1/submissions',
      '/api/v1/submissions/{id}',
      '/api/v1/webhooks',
      '/api/v1/webhooks/{id}',
    ]);
    for (const ref of refsIn(doc)) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      assert.ok(name && doc.components.schemas[name], `${ref} resolves`);
    }
    // File parts of the multipart bodies are binary strings, so generated clients send files.
    const submission = doc.components.schemas.SubmissionRequest.properties;
    for (const view of ['front', 'swatch', 'open', 'side']) assert.equal(submission[view].format, 'binary', view);
    assert.equal(doc.components.schemas.BulkRequest.properties.csv.format, 'binary');
    assert.equal(doc.components.schemas.BulkRequest.properties.photos.items.format, 'binary');
    assert.equal(doc.components.schemas.Region.properties.convention.const, 'pixels of the upright image (EXIF orientation applied), origin top-left, x right, y down');
  });

  it('describes errors as a code with the failing field, and the checker catches a non-conforming body', async () => {
    const check = createSchemaChecker((await request(portal.url).get('/api/v1/openapi.json')).body);
    assert.deepEqual(check('Error', { error: { code: 'VALIDATION_FAILED', message: 'm', fields: { shadeName: 'is required' }, requestId: 'r' } }), []);
    assert.notDeepEqual(check('Error', { error: { message: 'no code' } }), []);
    assert.notDeepEqual(check('Lab', { L: 'light', a: 0, b: 0 }), []);
    const notFound = await request(portal.url).get('/api/v1/nothing-here');
    assert.equal(notFound.status, 404);
    assert.deepEqual(check('Error', notFound.body), []);
  });

  it('has a page for people, and reviewers create export tokens on the settings page', async () => {
    const docs = await request(portal.url).get('/api/docs');
    assert.equal(docs.status, 200);
    assert.match(docs.text, /Shadegate-Signature/);
    assert.match(docs.text, /\/api\/v1\/shades/);
    const r = await createReviewer(portal);
    const reviewer = await login(portal, r.email, r.password);
    const created = await reviewer.post('/settings/tokens').type('form').send({ _csrf: reviewer.csrf, name: '3D team' });
    assert.equal(created.status, 201);
    assert.match(created.text, /value="sg_export_[A-Za-z0-9_-]{43}"/);
    assert.equal(created.headers['cache-control'], 'no-store');
    const noCsrf = await reviewer.post('/settings/tokens').type('form').set('Accept', 'application/json').send({ name: 'x' });
    assert.equal(noCsrf.status, 403);
  });
});
