/**
 * Renders the example pictures of the public guidelines page: one refused photo per rule that can be
 * seen (`views/static/guidelines/<rule>.png`) and one that passes (`good.png`), from the same fixture
 * generator the tests use, so each example breaks exactly the rule it illustrates.
 *
 *   npm run guidelines:images
 *
 * Output is 300 × 400 palette PNGs (small enough to commit). `format` and `naming` have no picture:
 * a wrong file type or name looks like any other photo. Every other category gets a good example of
 * its own product (`<category>/good.png`: the gloss in its tube, a compact, a bottle, a pencil),
 * rendered from the category evaluation set.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { RuleId } from '../../validators/types.ts';
import { defaultSpec, renderPhoto, violationSet, type PhotoSpec, type PhotoTruth, type ViolationEntry } from '../fixtures/index.ts';
import { categorySet } from '../eval/category-set.ts';
import { categories } from '../../validators/standards.ts';

const OUT_DIR = path.resolve(import.meta.dirname, '..', '..', 'views', 'static', 'guidelines');
const SIZE = { width: 300, height: 400 };
const PICTURED: RuleId[] = ['resolution', 'background', 'exposure', 'color_cast', 'angle', 'sharpness', 'framing', 'swatch'];

/** The first violation of each pictured rule that is a rendered photo (not literal bytes). */
function examplesByRule(): Map<RuleId, ViolationEntry> {
  const out = new Map<RuleId, ViolationEntry>();
  for (const entry of violationSet()) {
    if (PICTURED.includes(entry.rule) && !entry.bytes && !out.has(entry.rule)) out.set(entry.rule, entry);
  }
  return out;
}

/** The photo as the page shows it: fitted into 300 × 400 on white, as a small palette PNG. */
async function fitted(bytes: Buffer): Promise<Sharp> {
  const resized = await sharp(bytes).rotate().resize({ ...SIZE, fit: 'contain', background: '#ffffff' }).png().toBuffer();
  return sharp(resized);
}

const paletted = (image: Sharp) => image.png({ palette: true, quality: 85, compressionLevel: 9, effort: 10 });

/** A small photo shown at the size zoom would: enlarged without smoothing, so the missing detail shows. */
async function enlargedLikeZoom(bytes: Buffer, spec: PhotoSpec): Promise<Sharp> {
  // The share of zoom's 1000 px the photo's longest side covers, applied to the 400 px example.
  const side = Math.round((Math.max(spec.width, spec.height) / 1000) * SIZE.height * 0.25);
  const small = await sharp(bytes).resize({ height: side, width: Math.round((side * SIZE.width) / SIZE.height), fit: 'contain', background: '#ffffff' }).png().toBuffer();
  return sharp(small).resize({ ...SIZE, kernel: 'nearest' });
}

/** The photo with the colour that was declared for it in a corner, so the mismatch is visible. */
async function withDeclaredChip(bytes: Buffer, declared: string): Promise<Sharp> {
  const chip = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96"><rect x="3" y="3" width="90" height="90" rx="8" fill="${declared}" stroke="#1d1d22" stroke-width="3"/></svg>`,
  );
  const base = await (await fitted(bytes)).toBuffer();
  return sharp(base).composite([{ input: chip, left: SIZE.width - 108, top: SIZE.height - 108 }]);
}

/** A 300 × 400 window at full size around the bullet: blur is invisible once the photo is shrunk. */
function atFullSize(bytes: Buffer, truth: PhotoTruth, spec: PhotoSpec): Sharp {
  const cx = truth.region.x + truth.region.width / 2;
  const cy = truth.region.y + truth.region.height / 2;
  const left = Math.round(Math.min(Math.max(0, cx - SIZE.width / 2), spec.width - SIZE.width));
  const top = Math.round(Math.min(Math.max(0, cy - SIZE.height / 2), spec.height - SIZE.height));
  return sharp(bytes).rotate().extract({ left, top, ...SIZE });
}

async function renderExample(entry: ViolationEntry): Promise<Sharp> {
  const photo = await renderPhoto(entry.spec);
  if (entry.rule === 'sharpness') return atFullSize(photo.bytes, photo.truth, entry.spec);
  if (entry.rule === 'resolution') return enlargedLikeZoom(photo.bytes, entry.spec);
  if (entry.rule === 'swatch' && entry.swatchHex) return withDeclaredChip(photo.bytes, entry.swatchHex);
  return fitted(photo.bytes);
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const written: string[] = [];
  const write = async (name: string, image: Sharp) => {
    const file = path.join(OUT_DIR, `${name}.png`);
    await paletted(image).toFile(file);
    written.push(`${name}.png ${fs.statSync(file).size} bytes`);
  };
  await write('good', await fitted((await renderPhoto(defaultSpec({ noise: 1.5 }))).bytes));
  for (const [rule, entry] of examplesByRule()) await write(rule, await renderExample(entry));
  // A compact is best shown as a palette where the category has one; otherwise the set's first product.
  for (const category of categories().filter((c) => c !== 'lipstick')) {
    const own = categorySet((e) => e.category === category && e.spec.kind !== 'swatch');
    const entry = own.find((e) => e.spec.pans) ?? own[0];
    fs.mkdirSync(path.join(OUT_DIR, category), { recursive: true });
    await write(`${category}/good`, await fitted((await renderPhoto({ ...entry.spec, noise: 1.5 })).bytes));
  }
  console.log(`wrote ${written.length} examples to ${path.relative(process.cwd(), OUT_DIR)}:\n  ${written.join('\n  ')}`);
}

await main();
