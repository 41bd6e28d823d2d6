import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDeliverable, isInternalAddress, parseWebhookUrl } from '../../../server/api/webhook-target.ts';
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

  it('checks the resolved address again at delivery time', async () => {
    await assert.rejects(assertDeliverable(new URL('http://localhost:9/hook'), { allowPrivate: false }), /internal address/);
    await assert.rejects(assertDeliverable(new URL('http://[::1]:9/hook'), { allowPrivate: false }), /internal address/);
    await assertDeliverable(new URL('http://localhost:9/hook'), { allowPrivate: true });
  });

  it('tells internal addresses from public ones, IPv4-mapped IPv6 included', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.0.1', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      assert.equal(isInternalAddress(a), true, a);
    }
    for (const a of ['203.0.113.7', '8.8.8.8', '172.32.0.1', '2001:db8::1']) assert.equal(isInternalAddress(a), false, a);
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
