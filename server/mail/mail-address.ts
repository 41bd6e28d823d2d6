/**
 * What may reach the mailer's headers. Addresses are accepted in one plain form only, `local@domain`:
 * no display names, groups, comments, quoting, IP literals or line breaks — so nothing a user typed can
 * add a recipient or a header. Free text (shade names in subjects) loses every control character.
 */

export type AddressCheck = { ok: true; address: string } | { ok: false; reason: string };

const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
const MAX_LABEL = 63;
// RFC 5322 dot-atom characters, without quoting.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

export function checkAddress(raw: unknown): AddressCheck {
  if (typeof raw !== 'string') return { ok: false, reason: 'not text' };
  if (raw.length === 0) return { ok: false, reason: 'empty' };
  if (raw.length > MAX_ADDRESS) return { ok: false, reason: `longer than ${MAX_ADDRESS} characters` };
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\u0000-\u0020\u007f-\u00a0\u2028\u2029]/.test(raw)) return { ok: false, reason: 'contains spaces or control characters' };
  const at = raw.lastIndexOf('@');
  if (at <= 0 || raw.indexOf('@') !== at) return { ok: false, reason: 'needs exactly one @ between a name and a domain' };
  const local = raw.slice(0, at);
  const domain = raw.slice(at + 1);
  if (local.length > MAX_LOCAL) return { ok: false, reason: `name part longer than ${MAX_LOCAL} characters` };
  if (!LOCAL_PART.test(local)) return { ok: false, reason: 'name part has characters outside the plain form' };
  const labels = domain.split('.');
  if (labels.length < 2) return { ok: false, reason: 'domain needs a dot' };
  if (!labels.every((l) => l.length <= MAX_LABEL && DOMAIN_LABEL.test(l))) return { ok: false, reason: 'domain is not a host name' };
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return { ok: false, reason: 'domain is not a host name' };
  return { ok: true, address: `${local}@${domain.toLowerCase()}` };
}

/** Text for a header (a subject): control characters and line breaks become spaces, runs collapse, capped. */
export function headerSafeText(text: string, maxLength = 150): string {
  const flat = text
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1).trimEnd()}…` : flat;
}
