import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImageError } from '../../extraction/types.ts';
import { hexToLab } from '../../extraction/color-space.ts';
import { deltaEInWords, judgePhoto } from '../../validators/judge-photo.ts';
import { checkSwatch, deltaEBands } from '../../validators/rules/swatch.ts';
import { categories, standardsFor } from '../../validators/standards.ts';
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
  const lipstick = standardsFor('lipstick').swatch;
  assert.deepEqual(
    [0.5, 2, 4.5, 6, 20].map((dE) => deltaEInWords(dE, lipstick)),
    ['imperceptible', 'close', 'a slight difference, within the limit', 'visibly different', 'a different colour'],
  );
});

test('the words for a colour difference never contradict the verdict of the declared-colour check', () => {
  for (const category of categories()) {
    const limits = standardsFor(category).swatch;
    for (let tenth = 0; tenth <= 250; tenth++) {
      const dE = tenth / 10;
      const finding = checkSwatch({ declaredHex: '#b22146', measuredHex: '#b22146', deltaE: dE, limits });
      const band = deltaEBands(limits).find((b) => dE < b.below)!;
      assert.equal(band.status, finding.status, `${category} at ΔE00 ${dE}: "${band.words}" but ${finding.status}`);
      assert.ok(finding.message.endsWith(`${band.words}.`), finding.message);
    }
  }
  // The walk-through's case: a pass at 4.5 was called "visibly different".
  assert.equal(checkSwatch({ declaredHex: '#b22146', measuredHex: '#b22146', deltaE: 4.5, limits: standardsFor('lipstick').swatch }).status, 'pass');
  assert.doesNotMatch(deltaEInWords(4.5, standardsFor('lipstick').swatch), /visibly/);
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

/** A shop photo on pure white whose product runs from the top edge to the bottom one, through the border band. */
function productThroughTheBorder() {
  const m = cleanMeasurements({ background: { nearWhiteShare: 0.925, pureWhiteShare: 0.9 } });
  return { ...m, framing: { spanShare: 1, cutEdges: ['top', 'bottom'] as Array<'top' | 'bottom'>, productBox: { x: 300, y: 0, width: 600, height: 1600 } } };
}

test('a white backdrop whose border the product covers is refused with advice on framing, not on the backdrop', () => {
  const v = judgePhoto(analysisOf(productThroughTheBorder(), redExtraction), { ...meta, swatchHex: RED });
  const background = v.findings.find((f) => f.rule === 'background')!;
  assert.equal(background.status, 'fail');
  assert.match(background.message, /product itself reaches into the border/);
  assert.match(background.message, /top, bottom edges cut it/);
  assert.match(background.fix, /margin/);
  assert.doesNotMatch(background.fix, /sweep/);
});

test('the same photo padded with white has a white border and passes the background check', () => {
  const padded = cleanMeasurements({ width: 1600, height: 2000, background: { nearWhiteShare: 1, pureWhiteShare: 0.95 } });
  const v = judgePhoto(analysisOf({ ...padded, framing: { spanShare: 0.8, cutEdges: [], productBox: { x: 500, y: 200, width: 600, height: 1600 } } }, redExtraction), {
    ...meta,
    swatchHex: RED,
  });
  assert.equal(v.findings.find((f) => f.rule === 'background')?.status, 'pass');
});

test('a backdrop that is not white where the product is clear of the border keeps the advice to shoot on white', () => {
  const grey = cleanMeasurements({ background: { nearWhiteShare: 0.3, pureWhiteShare: 0 } });
  const background = judgePhoto(analysisOf(grey, redExtraction), { ...meta, swatchHex: RED }).findings.find((f) => f.rule === 'background')!;
  assert.equal(background.status, 'fail');
  assert.match(background.fix, /pure white sweep/);
});

test('a black backdrop is called dark, and no advice speaks of a white backdrop reading white', () => {
  const black = cleanMeasurements({ background: { nearWhiteShare: 0, pureWhiteShare: 0, meanLab: { L: 6 } }, exposure: { backgroundL: 6 } });
  const findings = judgePhoto(analysisOf(black, redExtraction), { ...meta, swatchHex: RED }).findings;
  const exposure = findings.find((f) => f.rule === 'exposure')!;
  const cast = findings.find((f) => f.rule === 'color_cast')!;
  assert.equal(exposure.status, 'fail');
  assert.match(exposure.message, /backdrop is dark/);
  assert.doesNotMatch(`${exposure.message} ${exposure.fix}`, /white backdrop reads|reads white, not grey/);
  assert.match(exposure.fix, /Shoot on a white backdrop/);
  assert.doesNotMatch(cast.message, /white backdrop/);
});
