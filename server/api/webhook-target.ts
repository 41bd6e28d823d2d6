import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { AppError } from '../http/errors.ts';

/**
 * Where a webhook may point. Only http(s), no credentials in the URL, and — unless the operator allows
 * private targets (WEBHOOK_ALLOW_PRIVATE_TARGETS, off by default, meant for tests and single-machine
 * setups with a local receiver) — never loopback, private, link-local or otherwise internal addresses.
 * Checked when the URL is registered, and again on the address actually connected to at every delivery
 * (the lookup of the delivery's connection refuses internal results), so DNS that changes in between
 * (rebinding) cannot reach inside either.
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
  const host = bareHost(url);
  if (!opts.allowPrivate && (isInternalHostName(host) || (net.isIP(host) && isInternalAddress(host)))) {
    throw refuse('points at an internal address');
  }
  return url;
}

/** A delivery target that resolves to an internal address: refused by policy, so retrying cannot help. */
export class InternalTargetError extends Error {
  readonly code = 'WEBHOOK_TARGET_INTERNAL';
}

export type Resolver = typeof dns.lookup;

/**
 * The lookup of a delivery's connection: resolves as usual, then refuses (InternalTargetError) when
 * any address it would connect to is internal. The check and the connection use the same answer, so a
 * name cannot resolve to a public address when checked and to loopback when connected.
 */
function guardedLookup(resolve: Resolver = dns.lookup): net.LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (err: Error | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    resolve(hostname, { ...options }, ((err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => {
      if (err) return callback(err, address, family);
      const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const internal = list.find((a) => isInternalAddress(a));
      if (internal) return callback(new InternalTargetError(`webhook host ${hostname} resolves to an internal address`), address, family);
      callback(null, address, family);
    }) as never);
  }) as net.LookupFunction;
}

export interface PostOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  headers: Record<string, string>;
  /** The resolver behind the guarded lookup (tests stand in a DNS answer that changes). */
  resolve?: Resolver;
}

/**
 * POSTs `body` to a webhook target and returns the status; redirects are not followed. Without
 * private targets allowed, an IP literal is checked here and a name at connect time (guardedLookup).
 */
export function postToTarget(url: URL, body: string, opts: PostOptions): Promise<number> {
  const host = bareHost(url);
  if (!opts.allowPrivate && net.isIP(host) && isInternalAddress(host)) {
    return Promise.reject(new InternalTargetError(`webhook host ${host} is an internal address`));
  }
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<number>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        agent: false,
        lookup: opts.allowPrivate ? (opts.resolve as net.LookupFunction | undefined) : guardedLookup(opts.resolve),
        signal: AbortSignal.timeout(opts.timeoutMs),
        headers: { ...opts.headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        // Only the status matters: the receiver's body is not read (nor waited for), and the socket is closed.
        resolve(res.statusCode ?? 0);
        res.destroy();
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

function isInternalHostName(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.internal') || h.endsWith('.local');
}

/** Loopback, private, carrier-grade NAT, link-local, benchmark, multicast and reserved IPv4 ranges. */
const INTERNAL_V4: Array<[string, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3],
];
/** Unspecified, loopback, discard, NAT64 local-use, unique-local, link-local, old site-local and multicast IPv6. */
const INTERNAL_V6: Array<[string, number]> = [
  ['::', 128], ['::1', 128], ['100::', 64], ['64:ff9b:1::', 48], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
];
const internalRanges = new net.BlockList();
for (const [a, p] of INTERNAL_V4) internalRanges.addSubnet(a, p, 'ipv4');
for (const [a, p] of INTERNAL_V6) internalRanges.addSubnet(a, p, 'ipv6');

export function isInternalAddress(address: string): boolean {
  if (net.isIPv4(address)) return internalRanges.check(address, 'ipv4');
  const words = ipv6Words(address);
  if (!words) return true; // not an address we can read: never connect to it
  const embedded = embeddedIPv4(words);
  if (embedded !== null && internalRanges.check(embedded, 'ipv4')) return true;
  return internalRanges.check(address.replace(/%.*$/, ''), 'ipv6');
}

/**
 * The IPv4 address an IPv6 address carries, in the forms that route to it: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:aabb:ccdd::) and Teredo (2001:0::,
 * the client address inverted in the last 32 bits). Null for any other IPv6 address.
 */
function embeddedIPv4(words: number[]): string | null {
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  if (zeros(0, 5) && (words[5] === 0xffff || words[5] === 0)) return v4(words[6], words[7]);
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return v4(words[6], words[7]);
  if (words[0] === 0x2002) return v4(words[1], words[2]);
  if (words[0] === 0x2001 && words[1] === 0) return v4(words[6] ^ 0xffff, words[7] ^ 0xffff);
  return null;
}

/** An IPv6 address as its eight 16-bit words (a zone id is ignored; a trailing dotted quad is read); null if not IPv6. */
function ipv6Words(address: string): number[] | null {
  const bare = address.replace(/%.*$/, '');
  if (!net.isIPv6(bare)) return null;
  let text = bare.toLowerCase();
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const parse = (part: string) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const left = parse(head);
  const right = tail === null ? [] : parse(tail);
  const words = tail === null ? left : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  return words.length === 8 ? words : null;
}
