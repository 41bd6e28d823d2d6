import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { startSmtpSink, type SmtpSink } from '../mail/smtp-sink.ts';
import { acceptedShade, apiSubmit, bearer, brandWithToken, createAnalyseOnceInspector, eventually, exportToken, photoBytes, photoName } from './api-test-kit.ts';

/**
 * Webhooks must not hold up anything else, nor pile up on a receiver that is down: their own queue and
 * slots, a bounded number of subscriptions per token, and a circuit breaker per subscription.
 */

/** A receiver that holds every request until released (a slow receiver), then answers `status`. */
async function startReceiver() {
  const state = { received: 0, closedUnanswered: 0, status: 200, holding: true, url: '', server: null as unknown as http.Server };
  const held: http.ServerResponse[] = [];
  state.server = http.createServer((req, res) => {
    req.resume();
    state.received++;
    res.on('close', () => {
      if (!res.writableEnded) state.closedUnanswered++;
    });
    if (state.holding) held.push(res);
    else res.writeHead(state.status).end();
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/hooks`;
  return Object.assign(state, {
    release() {
      state.holding = false;
      for (const res of held.splice(0)) res.writeHead(state.status).end();
    },
    close: () => new Promise<void>((resolve) => state.server.close(() => resolve())),
  });
}

const BREAKER_FAILURES = 3;
const MAX_PER_TOKEN = 3;

let smtp: SmtpSink;
let portal: TestPortal;
let slow: Awaited<ReturnType<typeof startReceiver>>;
let exporter = '';

before(async () => {
  smtp = await startSmtpSink();
  slow = await startReceiver();
  // A receiver on loopback is only reachable because the test enables private targets.
  portal = await startTestPortal(
    {
      SMTP_URL: smtp.url,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: true,
      JOB_BACKOFF_BASE_MS: 20,
      WEBHOOK_MAX_PER_TOKEN: MAX_PER_TOKEN,
      WEBHOOK_BREAKER_FAILURES: BREAKER_FAILURES,
      WEBHOOK_BREAKER_COOLDOWN_MS: 10 * 60 * 1000,
    },
    { inspector: createAnalyseOnceInspector() },
  );
  exporter = await exportToken(portal);
});

after(async () => {
  slow.release();
  await portal.cleanup();
  await slow.close();
  await smtp.stop();
});

const register = (token: string, url: string) => request(portal.url).post('/api/v1/webhooks').set(bearer(token)).send({ url });

describe('webhook deliveries have a queue of their own', () => {
  it('sends a rejection email while every webhook delivery still waits on a slow receiver', async () => {
    for (let i = 0; i < MAX_PER_TOKEN; i++) assert.equal((await register(exporter, slow.url)).status, 201);
    const brand = await brandWithToken(portal, 'Slow Hook Brand');
    await acceptedShade(portal, brand.token, 'sl-1');
    // More held deliveries than the two slots the general runner has: with one shared runner, mail would wait.
    await eventually(async () => slow.received >= MAX_PER_TOKEN, 20_000, 'every webhook delivery to reach the slow receiver');

    const small = await photoBytes({ width: 600, height: 800 });
    const refused = await apiSubmit(portal, brand.token, { shadeCode: 'sl-2' }, [{ view: 'front', bytes: small, fileName: photoName('sl-2') }]);
    assert.equal(refused.status, 201, JSON.stringify(refused.body).slice(0, 300));
    assert.equal(refused.body.verdict, 'rejected');
    const email = await eventually(async () => {
      const row = await portal.db('emails').where({ submission_id: refused.body.id }).first();
      return row?.status === 'sent' ? row : null;
    }, 20_000, 'the rejection email to be sent');
    assert.ok(smtp.received.some((m) => m.raw.includes(email.message_id)), 'the SMTP server received it');
    assert.equal(slow.closedUnanswered, 0, 'no webhook delivery had to give up for the email to go out');
    assert.equal(await portal.db('jobs').where({ type: 'webhook.deliver', status: 'running' }).count({ n: '*' }).first().then((r) => Number(r?.n)), MAX_PER_TOKEN);
    slow.release();
    await eventually(async () => Number((await portal.db('jobs').where({ type: 'webhook.deliver', status: 'done' }).count({ n: '*' }).first())?.n) === MAX_PER_TOKEN, 20_000, 'the held deliveries to complete');
  });
});

describe('subscriptions per token', () => {
  it(`refuses a token's subscription beyond ${MAX_PER_TOKEN} with 409, and takes one again once a place is free`, async () => {
    const refused = await register(exporter, slow.url);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'WEBHOOK_LIMIT_REACHED');
    assert.ok(refused.body.error.help, 'the answer says what to do');
    const other = await exportToken(portal);
    assert.equal((await register(other, slow.url)).status, 201, 'another token has its own places');

    const [first] = (await request(portal.url).get('/api/v1/webhooks').set(bearer(exporter))).body.data;
    assert.equal((await request(portal.url).delete(`/api/v1/webhooks/${first.id}`).set(bearer(exporter))).status, 204);
    assert.equal((await register(exporter, slow.url)).status, 201);
  });
});

describe('the circuit breaker of a subscription', () => {
  let failing: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    failing = await startReceiver();
    failing.status = 500;
    failing.release();
  });
  after(() => failing.close());

  it(`pauses deliveries after ${BREAKER_FAILURES} failures in a row, without spending attempts, and closes on the next success`, async () => {
    const owner = await exportToken(portal);
    const created = await register(owner, failing.url);
    assert.equal(created.status, 201);
    const subscriptionId = created.body.id;
    const brand = await brandWithToken(portal, 'Breaker Brand');
    await acceptedShade(portal, brand.token, 'br-1');

    const jobOf = () => portal.db('jobs').where({ type: 'webhook.deliver' }).andWhere('dedupe_key', 'like', `webhook:${subscriptionId}:%`).first();
    const deferred = await eventually(async () => {
      const job = await jobOf();
      return job && job.status === 'queued' && /paused/.test(String(job.last_error)) ? job : null;
    }, 20_000, 'the delivery to be deferred by the open breaker');
    assert.equal(failing.received, BREAKER_FAILURES, 'no request after the breaker opened');
    assert.equal(Number(deferred.attempts), BREAKER_FAILURES, 'the deferral spent no attempt');
    const sub = await portal.db('webhook_subscriptions').where({ id: subscriptionId }).first();
    assert.equal(Number(sub.consecutive_failures), BREAKER_FAILURES);
    assert.ok(Date.parse(sub.paused_until) > Date.now() + 60_000, 'paused for the cool-down');
    assert.ok(Date.parse(deferred.run_at) > Date.now() + 60_000, 'the job waits for the end of the cool-down');

    // The cool-down ends (moved into the past rather than waited for) and the receiver has recovered.
    failing.status = 200;
    const past = new Date(Date.now() - 1000).toISOString();
    await portal.db('webhook_subscriptions').where({ id: subscriptionId }).update({ paused_until: past });
    await portal.db('jobs').where({ id: deferred.id }).update({ run_at: past });
    await eventually(async () => (await jobOf())?.status === 'done', 20_000, 'the trial delivery to succeed');
    assert.equal(failing.received, BREAKER_FAILURES + 1);
    const closed = await portal.db('webhook_subscriptions').where({ id: subscriptionId }).first();
    assert.equal(Number(closed.consecutive_failures), 0);
    assert.equal(closed.paused_until, null);
  });
});
