/** inspectPhoto: bytes + form metadata → the same verdict the CLI and the portal show. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { inspectPhoto } from '../../validators/inspect-photo.ts';
import { RULE_IDS } from '../../validators/types.ts';
import type { RenderedPhoto } from '../fixtures/index.ts';

let cached: RenderedPhoto | null = null;
async function photo(): Promise<RenderedPhoto> {
  cached ??= await renderPhoto(defaultSpec());
  return cached;
}

test('a clean fixture is accepted with ten findings, its measurements and its extraction', async () => {
  const p = await photo();
  const r = await inspectPhoto(p.bytes, { fileName: p.fileName, category: 'lipstick', swatchHex: defaultSpec().color, view: 'front' });
  assert.equal(r.verdict, 'accepted');
  assert.deepEqual(r.findings.map((f) => f.rule), [...RULE_IDS]);
  // Ground truth of defaultSpec(): 1200 × 1600 upright.
  assert.deepEqual([r.measurements?.width, r.measurements?.height], [1200, 1600]);
  assert.equal(r.extraction?.extractor.name, 'robust');
  assert.equal(r.overlays, undefined);
});

test('the extractor, a labelled region and overlays are passed through to extraction', async () => {
  const p = await photo();
  // A box inside the bullet of defaultSpec() (span 0.88, centred): the middle of the frame.
  const region = { x: 560, y: 500, width: 80, height: 120 };
  const r = await inspectPhoto(p.bytes, { fileName: p.fileName, category: 'lipstick' }, { extractor: 'average', regionOverride: region, withOverlays: true });
  assert.equal(r.extraction?.extractor.name, 'average');
  assert.deepEqual({ ...r.extraction?.region, convention: undefined }, { ...region, convention: undefined });
  assert.ok(r.overlays && r.overlays.width > 0);
});

test('HTML bytes named .jpg are rejected on format, naming still judged, nothing measured', async () => {
  const html = new TextEncoder().encode('<!doctype html><html><body><script>alert(1)</script></body></html>');
  const r = await inspectPhoto(html, { fileName: 'lumiere_silk-satin_b22146_front.jpg', category: 'lipstick' });
  assert.equal(r.verdict, 'rejected');
  assert.deepEqual(r.findings.map((f) => [f.rule, f.status, f.measured]), [
    ['format', 'fail', 'text/html'],
    ['naming', 'pass', 'lumiere_silk-satin_b22146_front.jpg'],
  ]);
  assert.equal(r.measurements, null);
  assert.equal(r.extraction, null);
});

test('a truncated JPEG is rejected on format as corrupt', async () => {
  const p = await photo();
  const r = await inspectPhoto(p.bytes.subarray(0, 2000), { fileName: p.fileName, category: 'lipstick' });
  assert.equal(r.verdict, 'rejected');
  assert.equal(r.findings[0].rule, 'format');
  assert.equal(r.findings[0].status, 'fail');
});

test('an unknown extractor is an error with a code, not a verdict', async () => {
  const p = await photo();
  await assert.rejects(inspectPhoto(p.bytes, { fileName: p.fileName, category: 'lipstick' }, { extractor: 'magic' }), { code: 'UNKNOWN_EXTRACTOR' });
});
