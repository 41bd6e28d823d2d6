import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../support/browserless-client.ts';
import { distinctJpeg } from '../support/submission-helpers.ts';
import { RETRY_AFTER_SECONDS } from '../../server/db/unavailable.ts';
import { createBrandUser, startTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * F8: the PostgreSQL server restarts while uploads are in flight. The server is a private cluster of
 * the test's own (initdb in a temp folder, its own port), so the restart disturbs nothing else. An
 * upload either is acknowledged (2xx, and then its row and its photo are there and verify after the
 * restart) or answers 503 (not acknowledged); the pool reconnects by itself.
 */
const BIN = ['15', '16', '17', '14', '13'].map((v) => `/usr/lib/postgresql/${v}/bin`).find((dir) => fs.existsSync(path.join(dir, 'pg_ctl')));
const skip = !BIN || process.getuid?.() !== 0 ? 'needs the PostgreSQL server binaries and root (to run them as the postgres user)' : false;

let cluster: string;
let port: number;
let portal: TestPortal;
let brand: Client;
let photo: Buffer;

const asPostgres = (command: string, args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', path.join(BIN!, command), ...args], { stdio: 'pipe', timeout: 60_000 });

const pgCtl = (...args: string[]) =>
  asPostgres('pg_ctl', ['-D', path.join(cluster, 'data'), '-l', path.join(cluster, 'log'), '-w', '-t', '30', ...args]);

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port: p } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return p;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once `condition` holds, checking every 50 ms; fails with `what` after `deadlineMs`. A phase
 * ends when what it is for has happened, however slow the machine, rather than after a fixed time.
 */
async function waitFor(what: string, condition: () => boolean, deadlineMs = 90_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting until ${what}`);
    await sleep(50);
  }
}

/** Starts the cluster on its own port and socket folder, TCP on loopback only. */
const startServer = () => pgCtl('-o', `-p ${port} -k ${cluster} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start');

describe('PostgreSQL restarts during uploads (F8)', { skip }, () => {
  before(async () => {
    photo = (await renderPhoto(defaultSpec({ format: 'jpeg', width: 1200, height: 1600, noise: 1.5 }))).bytes;
    cluster = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-pg-'));
    fs.chmodSync(cluster, 0o777);
    port = await freePort();
    asPostgres('initdb', ['-D', path.join(cluster, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    startServer();
    portal = await startTestPortal({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`, LOG_LEVEL: 'error' });
    const b = await createBrandUser(portal, 'Lumiere');
    brand = await login(portal, b.email, b.password);
  });

  after(async () => {
    await portal?.cleanup();
    try {
      pgCtl('-m', 'immediate', 'stop');
    } catch {
      // already stopped
    }
    fs.rmSync(cluster, { recursive: true, force: true });
  });

  it('acknowledges only what it stored, answers 503 otherwise, and reconnects', async () => {
    const acked: Array<{ id: string; label: string }> = [];
    const statuses: number[] = [];
    let n = 0;
    let running = true;
    const uploader = async () => {
      while (running) {
        const label = `pg-${n++}`;
        const res = await submitShade(brand, defaultFields({ shadeCode: label }), [
          { view: 'front', bytes: distinctJpeg(photo, label), fileName: `lumiere_silk-matte_${label}_front.jpg` },
        ]).set('Accept', 'application/json');
        statuses.push(res.status);
        if (res.status === 201) acked.push({ id: String(res.body.id), label });
        else {
          assert.equal(res.status, 503, `${res.status} ${res.text.slice(0, 300)}`);
          assert.equal(res.body.error.code, 'UNAVAILABLE');
          assert.equal(res.headers['retry-after'], String(RETRY_AFTER_SECONDS));
        }
      }
    };
    const uploaders = [uploader(), uploader(), uploader()].map((p) =>
      p.catch((error) => {
        running = false;
        throw error;
      }),
    );
    // Each phase lasts until what it is for has happened: a fixed time is too short on a loaded machine.
    const failed = () => !running;
    const answeredSince = (from: number, status: number) => statuses.slice(from).filter((s) => s === status).length;
    let restarted = 0;
    let stopped = 0;
    try {
      // Uploads succeed before the stop…
      await waitFor('three uploads are acknowledged before the stop', () => failed() || answeredSince(0, 201) >= 3);
      // …then the server stays down until uploads have met it down (not only a quick restart between two of them)…
      pgCtl('-m', 'fast', 'stop');
      stopped = statuses.length;
      await waitFor('two uploads answer 503 while the server is down', () => failed() || answeredSince(stopped, 503) >= 2);
      startServer();
      // …and the same uploaders carry on once it is back.
      restarted = statuses.length;
      await waitFor('three uploads are acknowledged after the restart', () => failed() || answeredSince(restarted, 201) >= 3);
    } finally {
      running = false; // a phase that timed out stops the uploaders too
    }
    for (const result of await Promise.allSettled(uploaders)) if (result.status === 'rejected') throw result.reason;
    assert.ok(answeredSince(restarted, 201) >= 3, `uploads were acknowledged after the restart: ${statuses.join(',')}`);
    assert.ok(answeredSince(stopped, 503) >= 2, `some uploads met the database down: ${statuses.join(',')}`);

    // Reconnected: a fresh upload succeeds.
    const after = await submitShade(brand, defaultFields({ shadeCode: 'pg-after' }), [
      { view: 'front', bytes: distinctJpeg(photo, 'pg-after'), fileName: 'lumiere_silk-matte_pg-after_front.jpg' },
    ]).set('Accept', 'application/json');
    assert.equal(after.status, 201, after.text.slice(0, 300));

    // Every acknowledged upload is there, with its photo on disk and verifying by hash.
    for (const { id } of acked) {
      const row = await portal.db('photos').where({ submission_id: id }).first();
      assert.ok(row, `photo row of acknowledged submission ${id}`);
      const bytes = fs.readFileSync(portal.storage.resolve(row.storage_key));
      assert.equal(crypto.createHash('sha256').update(bytes).digest('hex'), row.sha256);
    }
  });
});
