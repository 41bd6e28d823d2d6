import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createAnalysisPool, type AnalysisPool, type PhotoInspector } from '../../server/analysis/analysis-pool.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { defaultFields, login, submitShade, type Client } from '../support/browserless-client.ts';
import { distinctJpeg, named } from '../support/submission-helpers.ts';
import { createBrandUser, startTestPortal, storedFiles, type TestPortal } from '../support/test-portal.ts';

/**
 * F13: a native crash (SIGSEGV) in libvips while a photo is analysed ends only the analysis child
 * process. The portal keeps answering, the crashed upload is refused as a photo that could not be
 * analysed (422 CORRUPT_IMAGE, as for any analysis process that dies) and leaves nothing behind, and
 * the pool's replacement child analyses the next upload.
 */
let portal: TestPortal;
let pool: AnalysisPool;
let brand: Client;
let brandId: string;
let photo: Buffer;

/** When set, the next inspection's child is sent SIGSEGV shortly after the photo was handed to it. */
let crashNext: { pid: number | null; signalled: Promise<void> } | null = null;
let signalDone: () => void = () => undefined;

/** The real pool, with a trigger that crashes the child busy with the next photo. */
function crashingInspector(inner: AnalysisPool): PhotoInspector {
  return {
    inspect(bytes, meta, opts) {
      const result = inner.inspect(bytes, meta, opts);
      const crash = crashNext;
      if (crash) {
        crashNext = null;
        // One child, no queue: the photo was sent to it synchronously; give it a moment to be in the decode.
        setTimeout(() => {
          crash.pid = inner.childPids()[0] ?? null;
          if (crash.pid !== null) process.kill(crash.pid, 'SIGSEGV');
          signalDone();
        }, 20);
      }
      return result;
    },
    close: () => inner.close(),
    queueLength: () => inner.queueLength(),
  };
}

const rowsOf = async (table: string) => portal.db(table).where({ brand_id: brandId }).select('*');

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  // A child whose parent died may wait as a zombie for a reaper: it runs no code any more.
  try {
    return /^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false; // no /proc here: it answered the signal, so it is there
  }
}

async function waitUntilGone(pid: number, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (isGone(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return isGone(pid);
}

before(async () => {
  pool = createAnalysisPool(1);
  portal = await startTestPortal({ UPLOAD_MAX_BYTES: 3_000_000, ANALYSIS_THREADS: 1 }, { inspector: crashingInspector(pool) });
  const b = await createBrandUser(portal, 'Lumiere');
  brandId = b.brand.id;
  brand = await login(portal, b.email, b.password);
  photo = (await renderPhoto(defaultSpec({ format: 'jpeg' }))).bytes;
});

after(() => portal.cleanup());

describe('a native crash in the analysis child (F13)', () => {
  let crashedPid = 0;

  it('analyses an upload normally before the crash', async () => {
    const res = await submitShade(brand, defaultFields({ shadeCode: 'nc-01' }), [named(distinctJpeg(photo, 'warm-up'), 'nc-01')]);
    assert.equal(res.status, 303, res.text);
    assert.equal((await rowsOf('submissions')).length, 1);
    assert.equal(pool.childPids().length, 1);
  });

  it('refuses the upload being analysed, keeps the server answering, and leaves no row or file', async () => {
    const submissionsBefore = (await rowsOf('submissions')).length;
    const filesBefore = storedFiles(portal).sort();
    const signalled = new Promise<void>((resolve) => (signalDone = resolve));
    const crash: { pid: number | null; signalled: Promise<void> } = { pid: null, signalled };
    crashNext = crash;

    const upload = submitShade(brand, defaultFields({ shadeCode: 'nc-02' }), [named(photo, 'nc-02')]).then((r) => r);
    await signalled;
    assert.ok(crash.pid, 'a child was busy with the photo');
    crashedPid = crash.pid!;

    // The portal (this very process) answers while the crashed child is being replaced.
    const [health, dashboard] = await Promise.all([request(portal.url).get('/healthz'), brand.get('/dashboard')]);
    assert.equal(health.status, 200);
    assert.equal(dashboard.status, 200);

    const res = await upload;
    assert.equal(res.status, 422, `the crashed upload is refused: ${res.status} ${res.text.slice(0, 300)}`);
    assert.match(res.text, /could not be analysed/);

    assert.ok(await waitUntilGone(crashedPid, 5000), 'the crashed child is gone');
    assert.equal((await rowsOf('submissions')).length, submissionsBefore, 'no submission row');
    assert.equal((await rowsOf('submission_fingerprints')).length, submissionsBefore, 'no fingerprint row');
    assert.equal((await portal.db('photos').where({ brand_id: brandId })).length, submissionsBefore, 'no photo row');
    assert.deepEqual(storedFiles(portal).sort(), filesBefore, 'no stored file');
  });

  it('analyses the next upload, the same bytes, in the replacement child', async () => {
    const res = await submitShade(brand, defaultFields({ shadeCode: 'nc-02' }), [named(photo, 'nc-02')]);
    assert.equal(res.status, 303, res.text);
    assert.doesNotMatch(res.headers.location, /repeated=1/, 'a new submission, not a repeat of a half-made one');
    const pids = pool.childPids();
    assert.equal(pids.length, 1);
    assert.notEqual(pids[0], crashedPid);
    const rows = await portal.db('submissions').where({ brand_id: brandId, shade_code: 'nc-02' });
    assert.equal(rows.length, 1);
    assert.ok(['accepted', 'rejected'].includes(rows[0].verdict), `analysed: ${rows[0].verdict}`);
  });
});

describe('analysis children and the life of the portal', () => {
  it('ends every child on close, and close can be called again', async () => {
    const own = createAnalysisPool(2);
    const pids = own.childPids();
    assert.equal(pids.length, 2);
    await own.close();
    await own.close();
    for (const pid of pids) assert.ok(await waitUntilGone(pid, 2000), `child ${pid} ended`);
    assert.deepEqual(own.childPids(), []);
    await assert.rejects(own.inspect(photo, { fileName: 'x.jpg' } as never), { code: 'UNAVAILABLE' });
  });

  it('a child ends by itself when the portal process is killed', async () => {
    const poolUrl = new URL('../../server/analysis/analysis-pool.ts', import.meta.url).href;
    // A process that owns a pool, has each child analyse a photo (which starts the child's measurement
    // lane, a thread that would keep an orphan alive), prints the children's pids and then lives on.
    const script = `
      import { createAnalysisPool } from ${JSON.stringify(poolUrl)};
      const keep = setInterval(() => {}, 1000);
      const pool = createAnalysisPool(2);
      const photo = Buffer.from(${JSON.stringify(photo.toString('base64'))}, 'base64');
      const meta = { fileName: 'lumiere_silk-matte_nc-03_front.jpg', shadeCode: 'nc-03', shadeName: 'Nc', swatchHex: '#c69c7e', category: 'foundation', view: 'front' };
      await Promise.all([0, 1].map(() => pool.inspect(photo, meta)));
      console.log(JSON.stringify(pool.childPids()));
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pids = await new Promise<number[]>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
      });
      parent.once('exit', (code) => reject(new Error(`pool owner exited early with ${code}`)));
    });
    assert.equal(pids.length, 2);
    for (const pid of pids) assert.ok(!isGone(pid), `child ${pid} runs`);
    parent.kill('SIGKILL');
    for (const pid of pids) assert.ok(await waitUntilGone(pid, 5000), `child ${pid} ended with its parent`);
  });
});
