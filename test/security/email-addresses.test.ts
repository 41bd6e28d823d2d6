import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAddress, headerSafeText } from '../../server/mail/mail-address.ts';

/** Checklist E4: addresses that would change who receives mail are refused before the mailer sees them. */
describe('recipient tricks (E4)', () => {
  const tricks: Record<string, string> = {
    'quoted local part hiding another address': '"a@evil.com x"@brand.com',
    'comment hiding a second domain': 'user@good.com(x)evil.com',
    'a nested group': 'a:b:c:d@x.com;',
    'a display name with an address': 'Brand <user@good.com>, victim@evil.com',
    'two addresses': 'user@good.com,victim@evil.com',
    'CRLF and a Bcc header': 'user@good.com\r\nBcc: victim@evil.com',
    'a bare LF': 'user@good.com\nvictim@evil.com',
    'an IP literal': 'user@[127.0.0.1]',
    'two @ signs': 'user@evil.com@good.com',
    'a unicode line separator': 'user@good.com\u2028victim@evil.com',
    'a 100 KB address list': Array.from({ length: 5000 }, (_, i) => `u${i}@x.example`).join(','),
  };
  for (const [name, address] of Object.entries(tricks)) {
    it(`refuses ${name}`, () => {
      const result = checkAddress(address);
      assert.equal(result.ok, false, JSON.stringify(result));
    });
  }

  it('accepts a plain address and returns exactly it, domain lower-cased', () => {
    assert.deepEqual(checkAddress('Camille.B+shades@Lumiere.Example'), { ok: true, address: 'Camille.B+shades@lumiere.example' });
  });

  it('never refuses by throwing on non-text input', () => {
    for (const value of [null, undefined, 42, { toString: () => 'a@b.example' }, ['a@b.example']]) assert.equal(checkAddress(value).ok, false);
  });

  it('flattens line breaks in subject text so no header can be added', () => {
    const subject = headerSafeText('Nude Kiss\r\nBcc: victim@evil.com\u2028X-Evil: 1');
    assert.doesNotMatch(subject, /[\r\n\u2028]/);
  });
});
