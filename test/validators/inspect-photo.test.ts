/** inspectPhoto: bytes + form metadata → the same verdict the CLI and the portal show. */
import { test } from 'node:test';
import sharp from 'sharp';
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

test('a swatch photo of a lipstick is measured over the whole smear, not searched for a bullet', async () => {
  // Smears from the shade table, slightly tilted and exposed, from a seeded scan (the full numbers reproduce the
  // renders, noise included). Searched for a bullet, as a front view is, each was cut to the top fifth of the
  // smear (region IoU 0.12–0.18); about one smear in six is.
  const smears = [
    { color: '#fb2c60', finish: 'matte', tiltDeg: -9.201232194900513, noise: 2.676176369190216, exposure: 0.9710163116455078 },
    { color: '#e0291b', finish: 'matte', tiltDeg: 6.9312939047813416, noise: 2.7667973041534424, exposure: 1.0958236932754517 },
    { color: '#d0011e', finish: 'glossy', tiltDeg: 8.192596435546875, noise: 1.5172538757324219, exposure: 1.0406074523925781 },
    { color: '#b71d32', finish: 'satin', tiltDeg: -1.548054814338684, noise: 2.152119278907776, exposure: 0.9333148956298828 },
    { color: '#630f28', finish: 'satin', tiltDeg: -14.232521653175354, noise: 2.7285711094737053, exposure: 1.0370809078216552 },
  ] as const;
  for (const smear of smears) {
    const swatch = await renderPhoto(defaultSpec({ kind: 'swatch', ...smear }));
    const truth = swatch.truth.region;
    const r = await inspectPhoto(swatch.bytes, { fileName: swatch.fileName, category: 'lipstick', view: 'swatch' });
    const region = r.extraction?.region;
    assert.ok(region);
    const w = Math.max(0, Math.min(region.x + region.width, truth.x + truth.width) - Math.max(region.x, truth.x));
    const h = Math.max(0, Math.min(region.y + region.height, truth.y + truth.height) - Math.max(region.y, truth.y));
    const iou = (w * h) / (region.width * region.height + truth.width * truth.height - w * h);
    assert.ok(iou > 0.9, `${smear.color}: region IoU ${iou.toFixed(2)}`);
    assert.equal(r.extraction?.finish.value, smear.finish, smear.color);
  }
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

test('a close-up on pure white whose product crosses the border is told to leave a margin; padded with 200 px of white it passes', async () => {
  // The shop photo of the walk-through: a white backdrop, the product running through the border band.
  const closeUp = await renderPhoto(defaultSpec({ width: 750, height: 1000, productSpan: 1.04 }));
  const meta = { fileName: 'lumiere_silk-matte_nu-12_front.jpg', category: 'lipstick', view: 'front' } as const;
  const tight = (await inspectPhoto(closeUp.bytes, meta)).findings.find((f) => f.rule === 'background')!;
  assert.equal(tight.status, 'fail');
  assert.match(tight.message, /product itself reaches into the border/);
  assert.match(tight.fix, /white margin/);
  const padded = await sharp(closeUp.bytes).extend({ top: 200, bottom: 200, left: 200, right: 200, background: '#ffffff' }).jpeg({ quality: 95 }).toBuffer();
  const roomy = (await inspectPhoto(padded, meta)).findings.find((f) => f.rule === 'background')!;
  assert.equal(roomy.status, 'pass', roomy.message);
});
