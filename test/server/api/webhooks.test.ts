import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { verifySignature } from '../../../server/api/webhook-signature.ts';
import { startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { acceptedShade, bearer, brandWithToken, eventually, exportToken } from './api-test-kit.ts';
import { createSchemaChecker } from './openapi-check.ts';

interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

let portal: TestPortal;
let receiver: http.Server;
let receiverUrl = '';
let check: ReturnType<typeof createSchemaChecker>;
const deliveries: Delivery[] = [];
/** Status codes the receiver answers, in order; 200 once they run out. */
const script: number[] = [];

before(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const answered = script.shift() ?? 200;
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/shadegate`;
  // A receiver on loopback is only reachable because the test enables private targets.
  // The real analysis pool (worker threads): this file is the API's end-to-end path through it.
  portal = await startTestPortal({ WEBHOOK_ALLOW_PRIVATE_TARGETS: true });
  check = createSchemaChecker((await request(portal.url).get('/api/v1/openapi.json')).body);
});

after(async () => {
  await portal.cleanup();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('webhooks', () => {
  let exporter = '';
  let secret = '';
  let subscriptionId = '';

  it('registers an http(s) URL and shows its signing secret once', async () => {
    exporter = await exportToken(portal);
    const res = await request(portal.url).post('/api/v1/webhooks').set(bearer(exporter)).send({ url: receiverUrl });
    assert.equal(res.status, 201);
    assert.deepEqual(check('WebhookCreated', res.body), []);
    secret = res.body.secret;
    subscriptionId = res.body.id;
    const list = await request(portal.url).get('/api/v1/webhooks').set(bearer(exporter));
    assert.deepEqual(check('WebhookList', list.body), []);
    assert.deepEqual(list.body.data.map((s: { id: string }) => s.id), [subscriptionId]);
    assert.equal(JSON.stringify(list.body).includes(secret), false);
  });

  it('refuses a URL that is not http(s), naming the field', async () => {
    const res = await request(portal.url).post('/api/v1/webhooks').set(bearer(exporter)).send({ url: 'ftp://example.com/x' });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.field, 'url');
    const brand = await brandWithToken(portal);
    assert.equal((await request(portal.url).post('/api/v1/webhooks').set(bearer(brand.token)).send({ url: receiverUrl })).status, 401);
  });

  it('delivers an accepted shade signed with HMAC-SHA256, retrying after a failure until acknowledged', async () => {
    script.push(500);
    const brand = await brandWithToken(portal, 'Hook Brand');
    const shade = await acceptedShade(portal, brand.token, 'wh-1');
    await eventually(async () => deliveries.length >= 2, 30_000, 'a retried delivery');
    const [failed, acknowledged] = deliveries;
    assert.equal(failed.answered, 500);
    assert.equal(acknowledged.answered, 200);
    assert.equal(acknowledged.body, failed.body, 'the retry sends the same event');
    assert.equal(acknowledged.headers['shadegate-event-id'], failed.headers['shadegate-event-id']);
    for (const d of [failed, acknowledged]) {
      assert.ok(verifySignature(secret, String(d.headers['shadegate-signature']), d.body), 'signature verifies with the secret');
      assert.equal(verifySignature('whsec_wrong', String(d.headers['shadegate-signature']), d.body), false);
      assert.equal(verifySignature(secret, String(d.headers['shadegate-signature']), d.body.replace('wh-1', 'wh-2')), false);
    }
    const event = JSON.parse(acknowledged.body);
    assert.deepEqual(check('WebhookEvent', event), []);
    assert.equal(event.type, 'shade.accepted');
    assert.equal(event.shade.id, shade.id);
    // The worker records the job done once the receiver's answer is back, a moment after the
    // receiver saw the request: wait for the record, do not race it.
    const job = () => portal.db('jobs').where({ type: 'webhook.deliver' }).first();
    await eventually(async () => (await job())?.status === 'done', 10_000, 'the delivery job recorded done');
    assert.equal((await job()).attempts, 2);
  });

  it('stops delivering to a removed webhook', async () => {
    const removed = await request(portal.url).delete(`/api/v1/webhooks/${subscriptionId}`).set(bearer(exporter));
    assert.equal(removed.status, 204);
    const brand = await brandWithToken(portal, 'Quiet Brand');
    await acceptedShade(portal, brand.token, 'wh-2');
    assert.equal(await portal.db('jobs').where({ type: 'webhook.deliver' }).count({ n: '*' }).first().then((r) => Number(r?.n)), 1);
  });
});
