import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { byteLimit, formBody, jsonBody } from '../../../server/http/body-parsers.ts';
import { statusForCode } from '../../../server/http/errors.ts';
import { startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { bearer, exportToken } from '../api/api-test-kit.ts';

describe('body size limits (A13)', () => {
  it('reads b, kb and mb as byte counts', () => {
    assert.equal(byteLimit('512b'), 512);
    assert.equal(byteLimit('16kb'), 16 * 1024);
    assert.equal(byteLimit('2mb'), 2 * 1024 * 1024);
  });

  for (const bad of ['16 kb', '16KB', '1.5mb', '16kib', 'kb', '0kb', '-1kb', '', 'Infinity', '99999999mb', '16kb ']) {
    it(`refuses ${JSON.stringify(bad)} when the routes are built`, () => {
      assert.throws(() => formBody(bad, 10), /Invalid body size limit/);
      assert.throws(() => jsonBody(bad), /Invalid body size limit/);
    });
  }

  for (const bad of [0, -1, 1.5, 100_000, Number.NaN]) {
    it(`refuses a parameter limit of ${bad}`, () => {
      assert.throws(() => formBody('4kb', bad), /Invalid parameter limit/);
    });
  }
});

describe('the parsers enforce their limits', () => {
  let server: http.Server;
  let url: string;

  before(async () => {
    const app = express();
    app.post('/form', formBody('1kb', 5), (req, res) => res.json({ fields: Object.keys(req.body).length }));
    app.post('/json', jsonBody('1kb'), (req, res) => res.json({ ok: typeof req.body === 'object' }));
    app.use((err: { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(statusForCode(err.code)).json({ code: err.code ?? 'unknown' });
    });
    server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('accepts a form within both bounds', async () => {
    const res = await request(url).post('/form').type('form').send('a=1&b=2');
    assert.equal(res.status, 200);
    assert.equal(res.body.fields, 2);
  });

  it('answers 413 to a form over its byte limit', async () => {
    const res = await request(url).post('/form').type('form').send(`a=${'x'.repeat(1100)}`);
    assert.equal(res.status, 413);
  });

  it('answers 413 to a form with more fields than allowed', async () => {
    const res = await request(url).post('/form').type('form').send('a=1&b=2&c=3&d=4&e=5&f=6');
    assert.equal(res.status, 413);
    assert.equal(res.body.code, 'TOO_MANY_FIELDS');
  });

  it('answers 413 to JSON over its byte limit', async () => {
    const res = await request(url).post('/json').set('content-type', 'application/json').send(JSON.stringify({ a: 'x'.repeat(1100) }));
    assert.equal(res.status, 413);
  });
});

describe('a body the parser cannot read is refused with a fixed message', () => {
  let portal: TestPortal;
  let token = '';
  before(async () => {
    portal = await startTestPortal();
    token = await exportToken(portal);
  });
  after(() => portal.cleanup());

  it('answers 400 BAD_JSON to broken JSON and never echoes the body', async () => {
    const marker = 'sgMarker<script>alert(1)</script>';
    const res = await request(portal.url).post('/api/v1/webhooks').set(bearer(token)).set('content-type', 'application/json').send(`{"url": ${marker}`);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'BAD_JSON');
    assert.equal(res.body.error.message, 'The request body is not valid JSON.');
    assert.equal(res.text.includes('sgMarker'), false, 'the raw input is not echoed');
  });

  it('answers 413 BODY_TOO_LARGE to JSON over the route limit', async () => {
    const res = await request(portal.url).post('/api/v1/webhooks').set(bearer(token)).send({ url: 'x'.repeat(20_000) });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'BODY_TOO_LARGE');
  });
});
