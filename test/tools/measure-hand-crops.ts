/**
 * Where the hand-cut truth crops lie in the measured part (`npm run measure:crops`): how wide and how
 * tall a patch a person cut, as a share of the box of the region the robust extractor measured.
 * The face the extractor averages (FACE_SHARE in extraction/extractors/robust.ts) is set beside these.
 *
 * Each crop is found in its photo by the least squared grey difference, searched on copies scaled so the
 * crop is about CROP_SIDE pixels on its short side (a crop is a plain cut of the photo, re-encoded, so
 * the best match is its place). Only crops lying at least INSIDE of their area within the measured box
 * count: where the extractor measured another part, the comparison says nothing about the face's width.
 * Reads the photos from ../shared/data/real-photos in place; prints figures, writes nothing.
 */
import sharp from 'sharp';
import { MANIFEST_CATEGORIES, evaluateRealPhotos, quantile, readManifest, readPhoto, realPhotosAvailable, type ManifestCategory } from '../eval/real-photo-set.ts';
import { overlapArea } from '../support/rect.ts';

/** Short side of the crop in the search copies: enough to place it to a few per cent of the part. */
const CROP_SIDE = 20;
/** Share of the crop's area that must fall in the measured box for the crop to be compared. */
const INSIDE = 0.9;

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
    if (overlapArea(box, region) / (box.width * box.height) < INSIDE) continue;
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
}

await main();
