import fs from 'node:fs';
import http from 'node:http';
import request from 'supertest';
import type { Client } from '../support/browserless-client.ts';
import { storedFiles, type TestPortal } from '../support/test-portal.ts';

/**
 * Helpers for hostile-input tests: raw multipart bodies, raw sockets, and the "alive" check of the
 * checklist (the process answers, nothing was stored, no rows were written).
 */
export const BOUNDARY = '----shadegate-test-boundary';

export function part(name: string, value: string | Buffer, opts: { filename?: string; contentType?: string } = {}): Buffer {
  const disposition = `form-data; name="${name}"${opts.filename !== undefined ? `; filename="${opts.filename}"` : ''}`;
  const head = `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${opts.contentType ? `Content-Type: ${opts.contentType}\r\n` : ''}\r\n`;
  return Buffer.concat([Buffer.from(head), Buffer.isBuffer(value) ? value : Buffer.from(value), Buffer.from('\r\n')]);
}

export const closing = () => Buffer.from(`--${BOUNDARY}--\r\n`);

/** POSTs a raw body to /submissions as the client, asking for JSON errors. */
export function postRaw(client: Client, body: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`): request.Test {
  return client.post('/submissions').set('Accept', 'application/json').set('X-CSRF-Token', client.csrf).set('Content-Type', contentType).send(body);
}

export interface Snapshot {
  submissions: number;
  photos: number;
  files: number;
}

export async function snapshot(portal: TestPortal): Promise<Snapshot> {
  const count = async (t: string) => Number((await portal.db(t).count({ n: '*' }))[0].n);
  return { submissions: await count('submissions'), photos: await count('photos'), files: storedFiles(portal).length };
}

/** The checklist's "alive": still answering, and a refused request left no row and no file. */
export async function assertAliveAndUnchanged(portal: TestPortal, before: Snapshot, assert: typeof import('node:assert/strict')): Promise<void> {
  const health = await request(portal.url).get('/healthz');
  assert.equal(health.status, 200, 'the portal still answers');
  assert.deepEqual(await snapshot(portal), before, 'no row and no file was left behind');
}

/** Open file descriptors of this process (the portal runs in it). */
export const openFds = () => fs.readdirSync('/proc/self/fd').length;

/**
 * Sends the request head and `bytes` of body, then resets the connection (a client abort mid-upload).
 * Resolves when the socket is gone.
 */
export function abortMidUpload(portal: TestPortal, client: Client, bytes: number): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request(`${portal.url}/submissions`, {
      method: 'POST',
      headers: {
        Cookie: client.cookie,
        'X-CSRF-Token': client.csrf,
        'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
        // More than is sent (the rest never comes), within what a form may carry, so it is read, not refused.
        'Content-Length': String(2 * bytes + 4096),
      },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(part('front', Buffer.alloc(0), { filename: 'x.jpg', contentType: 'image/jpeg' }).subarray(0, -2));
    req.write(Buffer.alloc(bytes, 0xab), () => {
      req.socket?.resetAndDestroy();
      req.destroy();
    });
  });
}

/** Polls until `check` holds or the budget is spent (waiting on cleanup, not timing it). */
export async function eventually(check: () => boolean | Promise<boolean>, budgetMs = 5000): Promise<boolean> {
  const until = Date.now() + budgetMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
