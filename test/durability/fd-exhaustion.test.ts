import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../server/db/database.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields } from '../support/browserless-client.ts';
import { distinctJpeg } from '../support/submission-helpers.ts';
import { filesUnder, freshTestDatabase } from '../support/test-portal.ts';
import { spawnPortal, type PortalProcess } from './portal-process.ts';

/**
 * F6: the portal runs under a low file-descriptor limit (`ulimit -n`). Idle connections use up every
 * descriptor; an upload already on an open connection then cannot write its photo and must get a 503
 * (nothing stored, no row), the process must not crash, and once descriptors are free again uploads
 * succeed.
 */
const FD_LIMIT = 256;

let dataDir: string;
let database: Awaited<ReturnType<typeof freshTestDatabase>> = null;
let portal: PortalProcess;
let photo: Buffer;

/** Files under the photo store (originals and temp) of the portal process. */
const storedFiles = () => filesUnder(path.join(dataDir, 'photos'));
const databaseUrl = () => database?.url ?? `sqlite:${path.join(dataDir, 'shadegate.sqlite')}`;

const openFds = (pid: number) => fs.readdirSync(`/proc/${pid}/fd`).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A logged-in brand on one kept-alive connection (it exists before the descriptors run out). */
async function brandSession(url: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const call = (method: string, pathName: string, headers: Record<string, string>, body?: Buffer | string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
      const req = http.request(`${url}${pathName}`, { method, headers, agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
  const login = await call('POST', '/login', { 'Content-Type': 'application/x-www-form-urlencoded' }, new URLSearchParams(creds.brand).toString());
  assert.equal(login.status, 303, login.text);
  const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const page = await call('GET', '/dashboard', { Cookie: cookie });
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page.text)![1];

  async function upload(code: string) {
    const boundary = `----fd${Date.now()}`;
    const fields = { _csrf: csrf, ...defaultFields({ shadeCode: code }) };
    const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    const body = Buffer.concat([
      Buffer.from(parts.join('')),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="front"; filename="lumiere_silk-matte_${code}_front.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      distinctJpeg(photo, code),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return call('POST', '/submissions', { Cookie: cookie, 'Content-Type': `multipart/form-data; boundary=${boundary}`, Accept: 'application/json' }, body);
  }
  return { upload, close: () => agent.destroy() };
}

/** Opens idle connections until the process holds every descriptor it may. */
async function exhaustDescriptors(pid: number, port: number): Promise<net.Socket[]> {
  const sockets: net.Socket[] = [];
  for (let i = 0; i < FD_LIMIT + 50 && openFds(pid) < FD_LIMIT; i++) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    sockets.push(socket);
    if (i % 20 === 19) await sleep(50);
  }
  for (let i = 0; i < 40 && openFds(pid) < FD_LIMIT; i++) await sleep(50);
  return sockets;
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-fd-'));
  database = await freshTestDatabase();
  photo = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 300, height: 400 }))).bytes;
  portal = await spawnPortal(
    {
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl(),
      SEED_DEMO: 'true',
      ANALYSIS_THREADS: '1',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '60000',
    },
    [],
    { fdLimit: FD_LIMIT },
  );
});

after(async () => {
  await portal?.kill('SIGTERM');
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`the portal under ulimit -n ${FD_LIMIT}`, () => {
  it('answers 503 while descriptors are exhausted, stores nothing, stays up and recovers', { timeout: 60_000 }, async () => {
    const pid = portal.child.pid!;
    const port = Number(new URL(portal.url).port);
    const session = await brandSession(portal.url);
    assert.equal((await session.upload('fd-0')).status, 201, 'uploads work before');
    const baseline = openFds(pid);
    const filesBefore = storedFiles().length;

    const sockets = await exhaustDescriptors(pid, port);
    const atPeak = openFds(pid);
    assert.ok(atPeak >= FD_LIMIT - 1, `descriptors exhausted (${atPeak} of ${FD_LIMIT})`);
    const starved = await session.upload('fd-1');
    assert.equal(starved.status, 503, starved.text.slice(0, 300));
    assert.match(starved.text, /UNAVAILABLE/);
    assert.equal(portal.child.exitCode, null, 'the process is still running');
    assert.equal(storedFiles().length, filesBefore, 'no file (not even a temp file) was left by the refused upload');

    for (const s of sockets) s.destroy();
    for (let i = 0; i < 100 && openFds(pid) > baseline + 5; i++) await sleep(50);
    const recovered = await session.upload('fd-2');
    assert.equal(recovered.status, 201, recovered.text.slice(0, 300));
    const health = await fetch(`${portal.url}/healthz`);
    assert.equal(health.status, 200);
    session.close();
    const db = openDatabase(databaseUrl());
    try {
      const codes = (await db('submissions').select('shade_code')).map((r) => r.shade_code).sort();
      assert.deepEqual(codes, ['fd-0', 'fd-2'], 'no row for the upload answered 503');
    } finally {
      await db.destroy();
    }
    console.log(`# descriptors: ${baseline} at rest, ${atPeak} at the limit of ${FD_LIMIT}; ${sockets.length} idle connections opened`);
  });
});
