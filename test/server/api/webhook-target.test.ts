import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { InternalTargetError, isInternalAddress, parseWebhookUrl, postToTarget, type Resolver } from '../../../server/api/webhook-target.ts';
import { signPayload, verifySignature } from '../../../server/api/webhook-signature.ts';

describe('webhook targets', () => {
  it('accepts public http and https URLs', () => {
    assert.equal(parseWebhookUrl('https://assets.example.com/hooks', { allowPrivate: false }).hostname, 'assets.example.com');
    assert.equal(parseWebhookUrl('http://203.0.113.7:8080/h', { allowPrivate: false }).port, '8080');
  });

  it('refuses other schemes, credentials and internal hosts unless private targets are allowed', () => {
    for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@example.com/', 'not a url']) {
      assert.throws(() => parseWebhookUrl(url, { allowPrivate: true }), /webhook url/, url);
    }
    for (const url of ['http://localhost:3000/', 'http://127.0.0.1/', 'http://10.1.2.3/', 'http://[::1]/', 'http://169.254.169.254/latest', 'http://192.168.0.10/', 'http://db.internal/']) {
      assert.throws(() => parseWebhookUrl(url, { allowPrivate: false }), /internal address/, url);
      assert.doesNotThrow(() => parseWebhookUrl(url, { allowPrivate: true }), url);
    }
  });

  it('refuses IPv6 forms that carry an internal IPv4 address: mapped, compatible, NAT64, 6to4, Teredo', () => {
    for (const url of [
      'http://[::ffff:127.0.0.1]:4999/x',
      'http://[::ffff:7f00:1]/',
      'http://[::ffff:a9fe:a9fe]/latest',
      'http://[::7f00:1]/',
      'http://[::127.0.0.1]/',
      'http://[64:ff9b::7f00:1]/',
      'http://[64:ff9b::10.0.0.1]/',
      'http://[64:ff9b:1::a00:1]/',
      'http://[2002:7f00:1::]/',
      'http://[2002:a9fe:a9fe::1]/',
      'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/',
      'http://[::]/',
      'http://2130706433/',
      'http://0x7f.1/',
    ]) {
      assert.throws(() => parseWebhookUrl(url, { allowPrivate: false }), /internal address/, url);
    }
  });

  it('tells internal addresses from public ones, embedded IPv4 included', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.0.1', '100.64.0.1', '0.0.0.0', '198.18.0.1', '::1', '::', 'fd00::1', 'fe80::1%eth0',
      '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '::7f00:1', '64:ff9b::7f00:1', '2002:7f00:1::', '2002:c0a8:101::1', 'not an address']) {
      assert.equal(isInternalAddress(a), true, a);
    }
    for (const a of ['203.0.113.7', '8.8.8.8', '172.32.0.1', '2001:db8::1', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:cb00:7107::1', '2606:4700::1111']) {
      assert.equal(isInternalAddress(a), false, a);
    }
  });
});

describe('webhook delivery checks the address it connects to', () => {
  let receiver: http.Server;
  let port = 0;
  let arrived = 0;
  before(async () => {
    receiver = http.createServer((req, res) => {
      arrived++;
      req.resume();
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  /** A DNS answer of our choosing (what a rebinding name returns once its short TTL has passed). */
  const answering = (address: string): Resolver =>
    ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
      options.all ? callback(null, [{ address, family: 4 }]) : callback(null, address, 4)) as never;
  const post = (url: string, opts: { allowPrivate: boolean; resolve?: Resolver }) =>
    postToTarget(new URL(url), '{}', { timeoutMs: 5000, headers: { 'Content-Type': 'application/json' }, ...opts });

  it('refuses a name that resolves to loopback when connecting, and nothing arrives', async () => {
    const url = `http://hooks.rebind.example:${port}/h`;
    assert.doesNotThrow(() => parseWebhookUrl(url, { allowPrivate: false }), 'a public-looking name passes registration');
    await assert.rejects(post(url, { allowPrivate: false, resolve: answering('127.0.0.1') }), InternalTargetError);
    await assert.rejects(post(url, { allowPrivate: false, resolve: answering('::ffff:7f00:1') }), InternalTargetError);
    await assert.rejects(post(`http://localhost:${port}/h`, { allowPrivate: false }), InternalTargetError);
    assert.equal(arrived, 0);
  });

  it('refuses an internal IP literal registered before the check knew it, and nothing arrives', async () => {
    await assert.rejects(post(`http://[::ffff:127.0.0.1]:${port}/h`, { allowPrivate: false }), InternalTargetError);
    await assert.rejects(post(`http://127.0.0.1:${port}/h`, { allowPrivate: false }), InternalTargetError);
    assert.equal(arrived, 0);
  });

  it('delivers to a loopback receiver only when private targets are explicitly allowed', async () => {
    assert.equal(await post(`http://hooks.rebind.example:${port}/h`, { allowPrivate: true, resolve: answering('127.0.0.1') }), 204);
    assert.equal(await post(`http://127.0.0.1:${port}/h`, { allowPrivate: true }), 204);
    assert.equal(arrived, 2);
  });
});

describe('webhook signatures', () => {
  it('verify for the same secret, body and a fresh timestamp only', () => {
    const body = '{"id":"x.v1"}';
    const now = 1_800_000_000;
    const header = signPayload('whsec_a', body, now);
    assert.match(header, /^t=1800000000,v1=[0-9a-f]{64}$/);
    assert.equal(verifySignature('whsec_a', header, body, { nowSeconds: now + 10 }), true);
    assert.equal(verifySignature('whsec_b', header, body, { nowSeconds: now }), false);
    assert.equal(verifySignature('whsec_a', header, `${body} `, { nowSeconds: now }), false);
    assert.equal(verifySignature('whsec_a', header, body, { nowSeconds: now + 301 }), false, 'older than the 300 s tolerance');
    assert.equal(verifySignature('whsec_a', 'garbage', body, { nowSeconds: now }), false);
  });
});
