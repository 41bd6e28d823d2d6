/**
 * `npm run load`: how much the portal carries on this machine, over loopback only, bounded in time.
 * For SQLite and (when a server answers) PostgreSQL: 2 MP photo uploads at concurrency 1, 4 and 16
 * (uploads/s, p50/p99 latency, errors), export reads/s, and the portal process's peak RSS.
 * Not a test: it asserts nothing and prints a table. LOAD_SECONDS sets each run's length (default 20).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import request from 'supertest';
import { spawnPortal, type PortalProcess } from '../durability/portal-process.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields } from '../support/browserless-client.ts';
import { freshTestDatabase } from '../support/test-portal.ts';
import { distinctJpeg } from '../support/submission-helpers.ts';
import { formatTable } from '../support/text-table.ts';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
const CONCURRENCY = [1, 4, 16];
const BOUNDARY = '----shadegate-load';

interface Row {
  backend: string;
  what: string;
  concurrency: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

interface Session {
  cookie: string;
  csrf: string;
}

async function logIn(url: string, creds: { email: string; password: string }): Promise<Session> {
  const res = await request(url).post('/login').type('form').send(creds);
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  const cookie = ([] as string[]).concat(res.headers['set-cookie']).map((c) => c.split(';')[0]).join('; ');
  const page = await request(url).get('/dashboard').set('Cookie', cookie);
  return { cookie, csrf: /<meta name="csrf-token" content="([^"]+)"/.exec(page.text)?.[1] ?? '' };
}

/** The whole submission form as one multipart body. */
function uploadBody(session: Session, photo: Buffer): Buffer {
  const field = (name: string, value: string) =>
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const fields = { _csrf: session.csrf, ...defaultFields({ shadeCode: 'ld-1' }) };
  return Buffer.concat([
    ...Object.entries(fields).map(([k, v]) => field(k, v)),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="front"; filename="lumiere_silk-matte_ld-1_front.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    photo,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

async function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  // Each upload is checked and measured before it is answered: allow slow answers on a busy machine.
  return autocannon({ duration: SECONDS, timeout: 60, ...opts });
}

const rowOf = (backend: string, what: string, concurrency: number, r: autocannon.Result): Row => ({
  backend,
  what,
  concurrency,
  // Completed requests over the run (per-second samples round slow runs down to zero).
  perSecond: r.requests.total / SECONDS,
  p50: r.latency.p50,
  p99: r.latency.p99,
  errors: r.errors + r.timeouts + r.non2xx - (what === 'upload' ? r['3xx'] : 0),
});

/** Peak resident set of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function exportToken(url: string, creds: { email: string; password: string }): Promise<string | null> {
  const session = await logIn(url, creds);
  const res = await request(url).post('/settings/tokens').set('Cookie', session.cookie).type('form').send({ _csrf: session.csrf, name: 'load' });
  return /sg_export_[A-Za-z0-9_-]{43}/.exec(res.text)?.[0] ?? null;
}

async function measure(backend: string, databaseUrl: string | null, photo: Buffer): Promise<{ rows: Row[]; peakMb: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-load-'));
  let portal: PortalProcess | null = null;
  try {
    portal = await spawnPortal({ DATA_DIR: dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'error', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
    const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
    const session = await logIn(portal.url, creds.brand);
    const rows: Row[] = [];
    // Every request carries a photo of its own bytes (same pixels, a numbered JPEG comment): the same
    // bytes again would be answered as a repeat of the earlier submission without being analysed.
    let sent = 0;
    for (const connections of CONCURRENCY) {
      const result = await cannon({
        url: `${portal.url}/submissions`,
        method: 'POST',
        connections,
        headers: { cookie: session.cookie, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        requests: [{ setupRequest: (req) => ({ ...req, body: uploadBody(session, distinctJpeg(photo, `load ${backend} ${sent++}`)) }) }],
      });
      rows.push(rowOf(backend, 'upload', connections, result));
      process.stderr.write(`${backend} upload c=${connections}: ${result.requests.total} in ${SECONDS} s\n`);
    }
    const token = await exportToken(portal.url, creds.reviewer);
    const read: { what: string; url: string; headers: Record<string, string> } = token
      ? { what: 'export read', url: `${portal.url}/api/v1/shades?limit=50`, headers: { authorization: `Bearer ${token}` } }
      : { what: 'dashboard read', url: `${portal.url}/dashboard`, headers: { cookie: session.cookie } };
    const reads = await cannon({ url: read.url, headers: read.headers, connections: 16 });
    rows.push(rowOf(backend, read.what, 16, reads));
    return { rows, peakMb: peakRssMb(portal.child.pid!) };
  } finally {
    await portal?.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!process.env.SHADEGATE_TEST_PG) process.env.SHADEGATE_TEST_PG = 'postgres://127.0.0.1:5432/test';
  // 1224 × 1632 ≈ 2.0 megapixels; sensor noise gives the JPEG a camera-like size instead of a flat render's.
  const photo = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 1224, height: 1632, noise: 3 }))).bytes;
  const results: Array<{ backend: string; rows: Row[]; peakMb: number }> = [];
  results.push({ backend: 'sqlite', ...(await measure('sqlite', null, photo)) });
  const pg = await freshTestDatabase().catch((err) => {
    process.stderr.write(`PostgreSQL skipped: ${err instanceof Error ? err.message : err}\n`);
    return null;
  });
  if (pg) {
    try {
      results.push({ backend: 'postgres', ...(await measure('postgres', pg.url, photo)) });
    } finally {
      await pg.drop();
    }
  }
  printTable(results, photo.length);
}

function printTable(results: Array<{ backend: string; rows: Row[]; peakMb: number }>, photoBytes: number): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nShadegate load — ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB, loadavg ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`2 MP JPEG (${(photoBytes / 1e6).toFixed(2)} MB) per upload, ${SECONDS} s per run, loopback\n`);
  const header = ['backend', 'what', 'conc', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'peak RSS MB'];
  const lines = results.flatMap(({ backend, rows, peakMb }) =>
    rows.map((r, i) => [backend, r.what, String(r.concurrency), r.perSecond.toFixed(1), String(r.p50), String(r.p99), String(r.errors), i === 0 ? peakMb.toFixed(0) : '']),
  );
  console.log(formatTable(header, lines, header.length));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
