import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUploadBudget } from '../../../server/http/upload-budget.ts';
import { uploadSpoolRoot } from '../../../server/http/upload.ts';
import { filesUnder, startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { apiSubmit, brandWithToken, createAnalyseOnceInspector, eventually, photoBytes, photoName } from '../api/api-test-kit.ts';

/**
 * Shade-form uploads stream to disk, one spool folder per request, and reserve their declared size from
 * a budget of bytes in flight (per user and per process) before a byte is read. With 1 MB photos a form
 * may carry 4 MB + 1 MiB; each user may have 6 MB in flight and the process 12 MB.
 */
const MB = 1_000_000;
const DECLARED = 5 * MB;

describe('the budget of upload bytes in flight', () => {
  it('refuses a user past their share and the process past its own, and takes the bytes back once', () => {
    const budget = createUploadBudget({ processBytes: 12 * MB, userBytes: 6 * MB });
    const a1 = budget.reserve('a', DECLARED);
    assert.throws(() => budget.reserve('a', DECLARED), (e: { code?: string }) => e.code === 'UPLOADS_IN_FLIGHT');
    budget.reserve('b', DECLARED);
    assert.throws(() => budget.reserve('c', DECLARED), (e: { code?: string }) => e.code === 'UPLOAD_CAPACITY');
    a1();
    a1();
    assert.deepEqual(budget.inFlight(), { total: DECLARED, byUser: 1 });
    budget.reserve('c', DECLARED);
  });
});

let portal: TestPortal;
let spoolRoot = '';

before(async () => {
  portal = await startTestPortal(
    { UPLOAD_MAX_BYTES: MB, UPLOAD_INFLIGHT_USER_BYTES: 6 * MB, UPLOAD_INFLIGHT_BYTES: 12 * MB },
    { inspector: createAnalyseOnceInspector() },
  );
  spoolRoot = uploadSpoolRoot(portal.dataDir);
});

after(() => portal.cleanup());

/**
 * An upload that declares `DECLARED` bytes, sends its first 64 KiB of photo and then stalls (never
 * sends the rest nor the closing boundary). Resolves with the status if the portal answers early.
 */
function stalledUpload(token: string) {
  const boundary = 'sgStalledBoundary';
  const req = http.request(`${portal.url}/api/v1/submissions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(DECLARED) },
  });
  const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res);
    });
    req.on('error', reject);
  });
  answered.catch(() => undefined);
  req.write(`--${boundary}\r\nContent-Disposition: form-data; name="front"; filename="${photoName('st-1')}"\r\nContent-Type: image/jpeg\r\n\r\n`);
  req.write(Buffer.alloc(64 * 1024, 0xab));
  return { answered, abort: () => req.destroy() };
}

/** The answer to an upload that should be refused before its body is read (a guard, not a wait: fails if none comes). */
function answerOf(upload: ReturnType<typeof stalledUpload>): Promise<http.IncomingMessage> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the portal did not answer an upload it should refuse at once')), 15_000);
  });
  return Promise.race([upload.answered, guard]).finally(() => clearTimeout(timer));
}

/** Files spooled under the upload root, with their sizes. */
const spooled = () => filesUnder(spoolRoot).map((f) => fs.statSync(path.join(spoolRoot, f)).size);

/** Descriptors this process (the portal runs in it) holds on files under the upload root, deleted ones included. */
const openSpoolDescriptors = () =>
  fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(spoolRoot);
    } catch {
      return false;
    }
  });

describe('stalled shade-form uploads', () => {
  it('stream to disk, hold only their budget (429 per user, 503 per process, with Retry-After), and leave no file when aborted', async () => {
    const [a, b, c] = await Promise.all([brandWithToken(portal, 'Stall A'), brandWithToken(portal, 'Stall B'), brandWithToken(portal, 'Stall C')]);

    const a1 = stalledUpload(a.token);
    await eventually(async () => spooled().some((size) => size >= 64 * 1024), 15_000, 'the stalled photo bytes to be spooled to disk');

    const a2 = stalledUpload(a.token);
    const perUser = await answerOf(a2);
    assert.equal(perUser.statusCode, 429);
    assert.ok(Number(perUser.headers['retry-after']) > 0, 'Retry-After on 429');
    a2.abort();

    const b1 = stalledUpload(b.token);
    await eventually(async () => spooled().filter((size) => size >= 64 * 1024).length === 2, 15_000, "the second user's stalled upload to be spooled");

    const c1 = stalledUpload(c.token);
    const perProcess = await answerOf(c1);
    assert.equal(perProcess.statusCode, 503);
    assert.ok(Number(perProcess.headers['retry-after']) > 0, 'Retry-After on 503');
    c1.abort();

    a1.abort();
    await eventually(async () => spooled().length === 1, 15_000, "the aborted upload's file to be removed");
    // With its stalled upload gone, the user's budget is back: a whole form goes through.
    const bytes = await photoBytes();
    const done = await apiSubmit(portal, a.token, { shadeCode: 'st-2' }, [{ view: 'front', bytes, fileName: photoName('st-2') }]);
    assert.equal(done.status, 201, JSON.stringify(done.body).slice(0, 300));

    b1.abort();
    await eventually(async () => fs.existsSync(spoolRoot) && fs.readdirSync(spoolRoot).length === 0, 15_000, 'every spool folder to be removed');
    await eventually(async () => openSpoolDescriptors().length === 0, 15_000, 'no descriptor left open on a spooled file');
  });

  it('refuses a form that declares more than it may carry before reading it', async () => {
    const { token } = await brandWithToken(portal, 'Stall D');
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(`${portal.url}/api/v1/submissions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(50 * MB) },
      });
      req.on('response', (r) => {
        r.resume();
        resolve(r);
        req.destroy();
      });
      req.on('error', reject);
      req.write('--x\r\n');
    });
    assert.equal(res.statusCode, 413);
  });
});
