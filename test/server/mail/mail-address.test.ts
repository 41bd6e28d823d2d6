import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAddress, headerSafeText } from '../../../server/mail/mail-address.ts';

describe('checkAddress', () => {
  it('accepts plain local@domain addresses and lowercases the domain', () => {
    assert.deepEqual(checkAddress('Camille.Dupont+shades@Lumiere.Example'), { ok: true, address: 'Camille.Dupont+shades@lumiere.example' });
    assert.deepEqual(checkAddress('a@b.co'), { ok: true, address: 'a@b.co' });
  });

  const refused: Array<[string, unknown]> = [
    ['a display name', 'Camille <camille@lumiere.example>'],
    ['a second recipient after a comma', 'x@lumiere.example, attacker@evil.example'],
    ['a group', 'team: a@lumiere.example, b@lumiere.example;'],
    ['a comment', 'camille(admin)@lumiere.example'],
    ['a quoted local part', '"camille@x"@lumiere.example'],
    ['CR/LF with an extra header', 'camille@lumiere.example\r\nBcc: attacker@evil.example'],
    ['a bare LF', 'camille@lumiere.example\nX: y'],
    ['a space', 'camille @lumiere.example'],
    ['two @', 'camille@lumiere@example.com'],
    ['no domain dot', 'camille@localhost'],
    ['an IP literal', 'camille@[127.0.0.1]'],
    ['a numeric top-level domain', 'camille@10.0.0.1'],
    ['a leading dot', '.camille@lumiere.example'],
    ['consecutive dots', 'cam..ille@lumiere.example'],
    ['a hyphen-edged label', 'camille@-lumiere.example'],
    ['a 65-character local part', `${'a'.repeat(65)}@lumiere.example`],
    ['a 257-character address', `a@${'b'.repeat(61)}.${'c'.repeat(61)}.${'d'.repeat(61)}.${'e'.repeat(61)}.example`],
    ['an empty string', ''],
    ['a non-string', 42],
  ];
  for (const [what, value] of refused) {
    it(`refuses ${what}`, () => assert.equal(checkAddress(value).ok, false));
  }
});

describe('headerSafeText', () => {
  it('turns line breaks and control characters into single spaces', () => {
    assert.equal(headerSafeText('Nude Kiss\r\nBcc: a@evil.example'), 'Nude Kiss Bcc: a@evil.example');
    assert.equal(headerSafeText('Rose\u0000\u0007\u2028Dust\u202e'), 'Rose Dust');
  });

  it('caps the length with an ellipsis', () => {
    const text = headerSafeText('x'.repeat(300), 20);
    assert.equal(text.length, 20);
    assert.ok(text.endsWith('…'));
  });
});
