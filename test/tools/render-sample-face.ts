/**
 * Renders the sample face of the try-on (a bare-lipped face of a mid skin tone, from the same fixture
 * the try-on tests use) and its lip outline, for a page to show a shade on when the visitor brings no
 * photo of their own:
 *
 *   npm run tryon:sample
 *
 * Output: `views/static/try-on/sample-face.png` and `sample-face.json` ({ width, height, outer, inner }):
 * photo pixels, origin top-left, x right, y down; `inner` (the mouth opening) is empty, the mouth is closed.
 * The JSON can be passed to the try-on as its lip region as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { renderFace } from '../fixtures/face-scene.ts';

const OUT_DIR = path.resolve(import.meta.dirname, '..', '..', 'views', 'static', 'try-on');
/** Wide enough for a page's column, small enough to commit (the PNG stays under 150 KB). */
const WIDTH = 640;
/** Monk-scale tone 5 of 10: the middle of the scale. */
const TONE = 5;
/**
 * No sensor noise (the tests' faces have σ 1.5): grain would quadruple the PNG (~300 KB at σ 0.8) and
 * adds nothing to a sample; the skin's and the lips' own texture stay.
 */
const NOISE = 0;
/** Outline coordinates to a hundredth of a pixel: finer than any display, and the JSON stays short. */
const round2 = (v: number) => Math.round(v * 100) / 100;

async function main(): Promise<void> {
  const face = renderFace({ tone: TONE, width: WIDTH, noise: NOISE });
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const png = await sharp(face.rgb, { raw: { width: face.width, height: face.height, channels: 3 } })
    .png({ compressionLevel: 9, adaptiveFiltering: true, effort: 10 })
    .toBuffer();
  fs.writeFileSync(path.join(OUT_DIR, 'sample-face.png'), png);
  const outline = {
    width: face.width,
    height: face.height,
    outer: face.lips.outer.map(([x, y]) => [round2(x), round2(y)]),
    // The mouth is closed: no opening, written as an empty list so the shape is always the same.
    inner: (face.lips.inner ?? []).map(([x, y]) => [round2(x), round2(y)]),
  };
  fs.writeFileSync(path.join(OUT_DIR, 'sample-face.json'), JSON.stringify(outline) + '\n');
  console.log(`sample-face.png ${face.width}×${face.height}, ${(png.length / 1024).toFixed(0)} KB; outline ${outline.outer.length} points`);
}

await main();
