import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deltaE2000 } from '../../../extraction/color-space.ts';
import { findLips, lipMask, renderTryOn } from '../../../extraction/try-on/index.ts';
import type { ExtractionResult, Lab } from '../../../extraction/types.ts';
import { VIEWS_DIR } from '../../../server/app.ts';
import { createTryOnPreview } from '../../../server/studies/try-on-preview.ts';
import { createViewRenderer } from '../../../server/views/renderer.ts';
import { BARE_LIPS, faceJpeg, LIP_OUTLINE, lipColourOf } from './study-fixtures.ts';

const SHADE: Lab = { L: 38, a: 55, b: 22 };
let staticDir: string;
let face: Buffer;

before(async () => {
  face = await faceJpeg(BARE_LIPS);
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-tryon-'));
});
after(() => fs.rmSync(staticDir, { recursive: true, force: true }));

describe('the try-on renderer', () => {
  it('recolours the lips to the shade, within 2 ΔE00 inside the outline', async () => {
    const png = await renderTryOn(face, { outer: LIP_OUTLINE }, { lab: SHADE, finish: 'matte' });
    assert.ok(deltaE2000(await lipColourOf(png), SHADE) < 2);
    assert.ok(deltaE2000(await lipColourOf(face), SHADE) > 10, 'the bare lips were far from the shade');
  });

  it('finds the lips of a face by their redness', async () => {
    const lips = await findLips(face);
    assert.ok(lips);
    const xs = lips.outer.map(([x]) => x);
    // The drawn lips span x 148–332.
    assert.ok(Math.min(...xs) > 130 && Math.max(...xs) < 350, xs.join(','));
  });

  it('feathers the mask edge and cuts out the inner outline', () => {
    const mask = lipMask(20, 20, { outer: [[2, 2], [18, 2], [18, 18], [2, 18]], inner: [[8, 8], [12, 8], [12, 12], [8, 12]] }, 1);
    assert.equal(mask[5 * 20 + 5], 1);
    assert.ok(mask[10 * 20 + 10] < 0.5);
    assert.ok(mask[5 * 20 + 2] > 0 && mask[5 * 20 + 2] < 1);
  });
});

describe('the verdict page’s try-on preview', () => {
  const extraction = { extractor: { name: 'robust', version: '1' }, color: { hex: '#b22146', lab: SHADE, confidence: 1 }, finish: { value: 'satin', confidence: 1 }, reflectance: { specularIntensity: 0, glossiness: 0, roughness: 1 }, particles: { present: false, coverage: 0, sizeRel: 0, count: 0, color: null } } as unknown as ExtractionResult;

  it('is absent without a sample face', () => {
    const preview = createTryOnPreview(staticDir);
    assert.equal(preview.available(), false);
    assert.equal(preview.render('p1', extraction), null);
  });

  it('renders the sample face wearing the shade, once per photo and extractor version', async () => {
    fs.mkdirSync(path.join(staticDir, 'try-on'), { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'try-on', 'sample-face.png'), face);
    fs.writeFileSync(path.join(staticDir, 'try-on', 'sample-face.json'), JSON.stringify({ width: 480, height: 360, outer: LIP_OUTLINE }));
    const preview = createTryOnPreview(staticDir);
    assert.equal(preview.available(), true);
    const first = preview.render('p1', extraction)!;
    assert.equal(preview.render('p1', extraction), first, 'cached');
    assert.notEqual(preview.render('p1', { ...extraction, extractor: { name: 'robust', version: '2' } }), first, 'a new version renders anew');
    assert.ok(deltaE2000(await lipColourOf(await first), SHADE) < 2);
  });
});

describe('the verdict page’s try-on partial', () => {
  const views = createViewRenderer(VIEWS_DIR);
  const model = (tryOnFace: boolean, region: object | null) => ({ locale: 'de', tryOnFace, submission: { id: 's1' }, photos: [{ id: 'p1', findings: [], overlay: region ? { region } : null }] });

  it('shows the sample face for a measured photo when the face is installed, in the page’s language', () => {
    const html = views.render('submission-detail', model(true, { x: 1, y: 1, width: 2, height: 2 }));
    assert.match(html, /<img src="\/submissions\/s1\/photos\/p1\/try-on.png" alt="Ein Beispielgesicht mit dem gemessenen Farbton"/);
  });
  it('shows nothing without a sample face or without a measurement', () => {
    assert.doesNotMatch(views.render('submission-detail', model(false, { x: 1, y: 1, width: 2, height: 2 })), /class="try-on"|try-on.png/);
    assert.doesNotMatch(views.render('submission-detail', model(true, null)), /class="try-on"|try-on.png/);
  });
});
