/**
 * Where the hand-cut truth crops lie in the measured part (`npm run measure:crops`): how wide and how
 * tall a patch a person cut, as a share of the box of the region the robust extractor measured.
 * The face the extractor averages (FACE_SHARE in extraction/extractors/robust.ts) is set beside these.
 * Then, per category, whether the person cut the part that was measured at all: crops lying at least
 * INSIDE of their area in the measured box, partly in it, or mostly elsewhere (under ELSEWHERE: a wand's
 * coat measured where the person cut the tube, a case where they cut the bullet), with how many of each
 * are within ΔE00 5, and the photos read elsewhere, worst first.
 *
 * Each crop is found in its photo by the least squared grey difference, searched on copies scaled so the
 * crop is about CROP_SIDE pixels on its short side (a crop is a plain cut of the photo, re-encoded, so
 * the best match is its place). Only crops lying at least INSIDE of their area within the measured box
 * count: where the extractor measured another part, the comparison says nothing about the face's width.
 * Reads the photos from ../shared/data/real-photos in place; prints figures, writes nothing.
 */
import sharp from 'sharp';
import { MANIFEST_CATEGORIES, RIGHT_DELTA_E, evaluateRealPhotos, quantile, readManifest, readPhoto, realPhotosAvailable, type ManifestCategory, type RealPhotoRow } from '../eval/real-photo-set.ts';
import { formatTable } from '../support/text-table.ts';
import { overlapArea } from '../support/rect.ts';

/** Short side of the crop in the search copies: enough to place it to a few per cent of the part. */
const CROP_SIDE = 20;
/** Share of the crop's area that must fall in the measured box for the crop to be compared. */
const INSIDE = 0.9;
/** Under this share of the crop's area in the measured box, the person cut another part than the one measured. */
const ELSEWHERE = 0.5;

interface Grey {
  data: Buffer;
  width: number;
  height: number;
}

async function greyAt(bytes: Buffer, width: number): Promise<Grey> {
  const { data, info } = await sharp(bytes, { failOn: 'none' }).rotate().flatten({ background: '#ffffff' }).resize({ width }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Top-left corner of `crop` in `photo` (both grey, same scale) with the least squared difference. */
function bestPlace(photo: Grey, crop: Grey): { x: number; y: number } {
  let best = Infinity;
  let place = { x: 0, y: 0 };
  for (let y = 0; y + crop.height <= photo.height; y++) {
    for (let x = 0; x + crop.width <= photo.width; x++) {
      let sum = 0;
      for (let j = 0; j < crop.height && sum < best; j++) {
        for (let i = 0; i < crop.width; i++) {
          const d = photo.data[(y + j) * photo.width + x + i] - crop.data[j * crop.width + i];
          sum += d * d;
        }
      }
      if (sum < best) {
        best = sum;
        place = { x, y };
      }
    }
  }
  return place;
}

async function main(): Promise<void> {
  if (!realPhotosAvailable()) throw new Error('the real photo set is not beside the project');
  const entries = new Map((await readManifest()).map((e) => [e.photo, e]));
  const rows = await evaluateRealPhotos({ extractor: 'robust' });
  const shares = new Map<ManifestCategory, Array<{ width: number; height: number }>>();
  const placed: Array<{ row: RealPhotoRow; inside: number }> = [];
  for (const row of rows) {
    const entry = entries.get(row.photo);
    if (!entry || !row.measured || !row.upright) continue;
    const cropBytes = await readPhoto(entry.truthCrop);
    const cropSize = await sharp(cropBytes).metadata();
    if (!cropSize.width || !cropSize.height) continue;
    const scale = Math.min(1, CROP_SIDE / Math.min(cropSize.width, cropSize.height));
    const photo = await greyAt(await readPhoto(row.photo), Math.max(8, Math.round(row.upright.width * scale)));
    const crop = await greyAt(cropBytes, Math.max(4, Math.round(cropSize.width * scale)));
    if (crop.width > photo.width || crop.height > photo.height) continue;
    const at = bestPlace(photo, crop);
    const box = {
      x: (at.x * row.upright.width) / photo.width,
      y: (at.y * row.upright.height) / photo.height,
      width: cropSize.width,
      height: cropSize.height,
    };
    const region = row.measured.region;
    const inside = overlapArea(box, region) / (box.width * box.height);
    placed.push({ row, inside });
    if (inside < INSIDE) continue;
    const list = shares.get(row.category) ?? [];
    list.push({ width: box.width / region.width, height: box.height / region.height });
    shares.set(row.category, list);
  }
  console.log('\nHand crops as a share of the measured part\'s box (median):\n');
  console.log('category    crops  width  height');
  const all = [...shares.values()].flat();
  for (const [name, list] of [...MANIFEST_CATEGORIES.map((c) => [c, shares.get(c) ?? []] as const), ['all', all] as const]) {
    if (list.length === 0) continue;
    const width = quantile(list.map((s) => s.width), 0.5);
    const height = quantile(list.map((s) => s.height), 0.5);
    console.log(`${name.padEnd(10)}  ${String(list.length).padStart(5)}  ${width.toFixed(2).padStart(5)}  ${height.toFixed(2).padStart(6)}`);
  }
  printPartAgreement(placed);
}

/** Per category: crops in the measured box, partly in it, or elsewhere, each with its count within ΔE00 5; then the photos read elsewhere. */
function printPartAgreement(placed: Array<{ row: RealPhotoRow; inside: number }>): void {
  const bands = [
    { name: 'in the box', test: (inside: number) => inside >= INSIDE },
    { name: 'partly', test: (inside: number) => inside >= ELSEWHERE && inside < INSIDE },
    { name: 'elsewhere', test: (inside: number) => inside < ELSEWHERE },
  ];
  const header = ['category', ...bands.flatMap((b) => [b.name, 'within 5'])];
  const line = (name: string, list: typeof placed) => [
    name,
    ...bands.flatMap((b) => {
      const inBand = list.filter((p) => b.test(p.inside));
      return [String(inBand.length), String(inBand.filter((p) => p.row.deltaE <= RIGHT_DELTA_E).length)];
    }),
  ];
  const table = [...MANIFEST_CATEGORIES.map((c) => line(c, placed.filter((p) => p.row.category === c))), line('all', placed)];
  console.log(`\nWhether the person cut the measured part (crops at least ${INSIDE * 100} % in the measured box, partly, under ${ELSEWHERE * 100} %):\n`);
  console.log(formatTable(header, table, 1));
  const elsewhere = placed.filter((p) => p.inside < ELSEWHERE).sort((a, b) => b.row.deltaE - a.row.deltaE);
  console.log(`\nRead elsewhere (${elsewhere.length}), worst first:`);
  for (const { row } of elsewhere) console.log(`  ${row.deltaE.toFixed(1).padStart(5)}  ${row.category.padEnd(9)} ${row.file}`);
}

await main();
