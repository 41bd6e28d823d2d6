import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, it } from 'node:test';
import { ANALYSIS_PROCESS_FLAGS, createAnalysisPool } from '../../../server/analysis/analysis-pool.ts';
import { defaultSpec, renderPhoto } from '../../fixtures/index.ts';

/** Awaits work of the pool, whose children do not keep a process alive (a server's listening socket does): a timer does meanwhile. */
async function keptAlive<T>(work: Promise<T>): Promise<T> {
  const timer = setInterval(() => undefined, 1000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

// The analysis children run under the analysis processes' V8 flags (and only those: a parent's test
// runner or inspector flags are not theirs), as `npm run bench` measures them.
describe('analysis pool children', () => {
  const pool = createAnalysisPool(1);
  after(() => keptAlive(pool.close()));

  it('start with ANALYSIS_PROCESS_FLAGS on their command line and analyse a photo', async () => {
    const { bytes, fileName } = await renderPhoto(defaultSpec({ width: 600, height: 800, format: 'jpeg' }));
    const inspection = await keptAlive(pool.inspect(Buffer.from(bytes), { fileName, category: 'lipstick', view: 'front' }));
    assert.ok(inspection.extraction, 'the child measured the photo');
    const [pid] = pool.childPids();
    assert.ok(pid, 'a live child');
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    assert.ok(ANALYSIS_PROCESS_FLAGS.length > 0, 'the flags under test');
    for (const flag of ANALYSIS_PROCESS_FLAGS) assert.ok(argv.includes(flag), `${flag} in ${argv.join(' ')}`);
    assert.ok(!argv.some((arg) => arg.startsWith('--test')), 'no test-runner flag reached the child');
  });
});
