import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImageError } from '../../extraction/types.ts';
import { hexToLab } from '../../extraction/color-space.ts';
import { deltaEInWords, judgePhoto } from '../../validators/judge-photo.ts';
import { RULE_IDS } from '../../validators/types.ts';
import { analysisOf, cleanMeasurements, extractionWithColor } from './build-measurements.ts';

const RED = '#b22146';
const meta = { fileName: 'lumiere_silk-matte_nu-12_front.jpg', shadeCode: 'NU-12', shadeName: 'Nude Kiss', category: 'lipstick', view: 'front' } as const;
const redExtraction = extractionWithColor(RED, hexToLab(RED));

test('a clean photo whose measured colour is the declared one is accepted with ten passing findings in rule order', () => {
  const v = judgePhoto(analysisOf(cleanMeasurements(), redExtraction), { ...meta, swatchHex: RED });
  assert.equal(v.verdict, 'accepted');
  assert.deepEqual(v.findings.map((f) => f.rule), [...RULE_IDS]);
  assert.deepEqual(v.findings.filter((f) => f.status !== 'pass').map((f) => f.rule), []);
  assert.equal(v.findings.find((f) => f.rule === 'swatch')?.measured, 0);
});

test('a blue declared colour for a red lipstick rejects on swatch', () => {
  const v = judgePhoto(analysisOf(cleanMeasurements(), redExtraction), { ...meta, swatchHex: '#1f3fbf' });
  assert.equal(v.verdict, 'rejected');
  const swatch = v.findings.find((f) => f.rule === 'swatch');
  assert.equal(swatch?.status, 'fail');
  assert.match(swatch?.message ?? '', /a different colour/);
});

test('warnings alone do not reject', () => {
  const v = judgePhoto(analysisOf(cleanMeasurements({ angle: { tiltDeg: 5 }, framing: { spanShare: 0.7 } }), redExtraction), meta);
  assert.equal(v.verdict, 'accepted');
  assert.deepEqual(v.findings.filter((f) => f.status === 'warn').map((f) => f.rule), ['angle', 'framing']);
});

test('one fail among passes rejects', () => {
  const v = judgePhoto(analysisOf(cleanMeasurements({ background: { nearWhiteShare: 0.6 } }), redExtraction), meta);
  assert.equal(v.verdict, 'rejected');
  assert.deepEqual(v.findings.filter((f) => f.status === 'fail').map((f) => f.rule), ['background']);
});

test('an unreadable file is judged on format and naming only', () => {
  const error = new ImageError('UNSUPPORTED_TYPE', 'not an image', { bytes: 120 });
  const v = judgePhoto(error, meta, { detected: 'text/html' });
  assert.equal(v.verdict, 'rejected');
  assert.deepEqual(v.findings.map((f) => [f.rule, f.status]), [['format', 'fail'], ['naming', 'pass']]);
  assert.equal(v.findings[0].measured, 'text/html');
});

test('a pixel bomb is reported with its declared megapixels', () => {
  const error = new ImageError('TOO_MANY_PIXELS', 'too many', { width: 50_000, height: 50_000, pages: 1 });
  const v = judgePhoto(error, meta, { sniffed: 'png' });
  assert.equal(v.findings[0].measured, 2500);
  assert.equal(v.findings[0].unit, 'MP');
});

test('a photo where no product was found is rejected on framing, and its colour is not compared', () => {
  const v = judgePhoto(analysisOf(cleanMeasurements({ productFound: false }), null), { ...meta, swatchHex: RED });
  assert.equal(v.verdict, 'rejected');
  assert.deepEqual(v.findings.filter((f) => f.status === 'fail').map((f) => f.rule), ['framing']);
  assert.equal(v.findings.find((f) => f.rule === 'swatch')?.status, 'warn');
});

test('metadata that does not fit the schema is refused', () => {
  assert.throws(() => judgePhoto(analysisOf(cleanMeasurements(), redExtraction), { ...meta, category: 'mascara' as 'lipstick' }));
  assert.throws(() => judgePhoto(analysisOf(cleanMeasurements(), redExtraction), { ...meta, swatchHex: 'red' }));
});

test('colour differences are put in words a brand understands', () => {
  assert.deepEqual([0.5, 2, 6, 20].map(deltaEInWords), ['imperceptible', 'close', 'visibly different', 'a different colour']);
});

test('without a declared view, the view in the file name decides whether tilt is judged', () => {
  const tilted = cleanMeasurements({ angle: { tiltDeg: 30 } });
  const asSwatch = judgePhoto(analysisOf(tilted, redExtraction), { fileName: 'lumiere_silk-matte_nu-12_swatch.jpg', category: 'lipstick' });
  assert.equal(asSwatch.findings.find((f) => f.rule === 'angle')?.status, 'pass');
  const asFront = judgePhoto(analysisOf(tilted, redExtraction), { fileName: 'lumiere_silk-matte_nu-12_front.jpg', category: 'lipstick' });
  assert.equal(asFront.findings.find((f) => f.rule === 'angle')?.status, 'fail');
  const unnamed = judgePhoto(analysisOf(tilted, redExtraction), { fileName: 'IMG_0042.jpg', category: 'lipstick' });
  assert.equal(unnamed.findings.find((f) => f.rule === 'angle')?.status, 'fail');
});
