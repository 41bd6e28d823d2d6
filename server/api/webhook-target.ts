import dns from 'node:dns/promises';
import net from 'node:net';
import { AppError } from '../http/errors.ts';

/**
 * Where a webhook may point. Only http(s), no credentials in the URL, and — unless the operator allows
 * private targets (WEBHOOK_ALLOW_PRIVATE_TARGETS, meant for tests and single-machine setups with a local
 * receiver) — never loopback, private, link-local or otherwise internal addresses, checked both when the
 * URL is registered and against the resolved address at every delivery (DNS may change in between).
 */
export function parseWebhookUrl(raw: unknown, opts: { allowPrivate: boolean }): URL {
  const refuse = (why: string) =>
    new AppError('VALIDATION_FAILED', `The webhook url ${why}.`, { context: { field: 'url', fields: { url: why } } });
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) throw refuse('must be a URL of at most 2000 characters');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('must start with http:// or https://');
  if (url.username || url.password) throw refuse('must not carry a user name or password');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivate && (isInternalHostName(host) || (net.isIP(host) && isInternalAddress(host)))) {
    throw refuse('points at an internal address');
  }
  return url;
}

/** A delivery target that resolves to an internal address: refused by policy, so retrying cannot help. */
export class InternalTargetError extends Error {
  readonly code = 'WEBHOOK_TARGET_INTERNAL';
}

/** Resolves the host and refuses internal addresses (unless allowed). A failed lookup throws as is (retried). */
export async function assertDeliverable(url: URL, opts: { allowPrivate: boolean }): Promise<void> {
  if (opts.allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = net.isIP(host) ? [{ address: host }] : await dns.lookup(host, { all: true });
  if (addresses.some((a) => isInternalAddress(a.address))) throw new InternalTargetError(`webhook host ${host} resolves to an internal address`);
}

function isInternalHostName(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.internal') || h.endsWith('.local');
}

export function isInternalAddress(address: string): boolean {
  if (net.isIPv4(address)) {
    const [a, b] = address.split('.').map(Number);
    return (
      a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224
    );
  }
  const v6 = address.toLowerCase();
  if (v6.startsWith('::ffff:')) return isInternalAddress(v6.slice(7));
  return v6 === '::' || v6 === '::1' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe8') || v6.startsWith('fe9') ||
    v6.startsWith('fea') || v6.startsWith('feb') || v6.startsWith('ff');
}
