/**
 * A contact sheet of evaluated photos, for a person to see at a glance why they went wrong: each tile
 * is the photo with the measured region outlined, the measured and the true colour side by side, and a
 * caption with ΔE00 and the file name.
 */
import sharp, { type OverlayOptions } from 'sharp';
import type { RealPhotoRow } from './real-photo-set.ts';

const PHOTO_BOX = 240;
const SWATCH = 104;
const PAD = 10;
const CAPTION = 24;
const TILE_WIDTH = PAD + PHOTO_BOX + PAD + SWATCH + PAD;
const TILE_HEIGHT = PAD + PHOTO_BOX + CAPTION;
const COLUMNS = 4;
/** Caption characters that fit the tile at the caption's font size. */
const CAPTION_CHARS = 54;

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

interface PhotoThumb {
  png: Buffer;
  width: number;
  height: number;
}

/** The upright photo fitted into the photo box (alpha over white); null when it cannot be decoded. */
async function thumbnail(bytes: Buffer): Promise<PhotoThumb | null> {
  try {
    const { data, info } = await sharp(bytes, { failOn: 'none' })
      .rotate()
      .resize(PHOTO_BOX, PHOTO_BOX, { fit: 'inside' })
      .flatten({ background: '#ffffff' })
      .png()
      .toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height };
  } catch {
    return null;
  }
}

/** Everything drawn over one tile: frame, region outline, swatches, caption. */
function tileOverlay(row: RealPhotoRow, thumb: PhotoThumb | null): string {
  const photoLeft = PAD + Math.floor((PHOTO_BOX - (thumb?.width ?? PHOTO_BOX)) / 2);
  const photoTop = PAD + Math.floor((PHOTO_BOX - (thumb?.height ?? PHOTO_BOX)) / 2);
  const parts: string[] = [];
  if (!thumb) {
    parts.push(`<rect x="${PAD}" y="${PAD}" width="${PHOTO_BOX}" height="${PHOTO_BOX}" fill="#dddddd"/>`);
    parts.push(`<text x="${PAD + 8}" y="${PAD + PHOTO_BOX / 2}" font-size="13">cannot be decoded</text>`);
  }
  if (thumb && row.measured && row.upright) {
    const scale = thumb.width / row.upright.width;
    const { x, y, width, height } = row.measured.region;
    const rect = `x="${(photoLeft + x * scale).toFixed(1)}" y="${(photoTop + y * scale).toFixed(1)}" width="${Math.max(1, width * scale).toFixed(1)}" height="${Math.max(1, height * scale).toFixed(1)}" fill="none"`;
    // A dark line under a bright one: visible on white, black and coloured backdrops alike.
    parts.push(`<rect ${rect} stroke="#000000" stroke-width="4"/>`, `<rect ${rect} stroke="#00ff66" stroke-width="2"/>`);
  }
  const swatchLeft = PAD + PHOTO_BOX + PAD;
  const swatch = (top: number, hex: string | null, label: string) =>
    (hex
      ? `<rect x="${swatchLeft}" y="${top}" width="${SWATCH}" height="${SWATCH}" fill="${hex}" stroke="#888888"/>`
      : `<rect x="${swatchLeft}" y="${top}" width="${SWATCH}" height="${SWATCH}" fill="none" stroke="#888888" stroke-dasharray="4"/>`) +
    `<text x="${swatchLeft}" y="${top + SWATCH + 13}" font-size="11">${label}</text>`;
  parts.push(swatch(PAD, row.measured?.hex ?? null, `measured ${row.measured?.hex ?? '—'}`));
  parts.push(swatch(PAD + SWATCH + 18, row.truth.hex, `truth ${row.truth.hex}`));
  const caption = `ΔE00 ${row.deltaE.toFixed(1)}  ${row.file}`;
  const clipped = caption.length > CAPTION_CHARS ? `${caption.slice(0, CAPTION_CHARS - 1)}…` : caption;
  parts.push(`<text x="${PAD}" y="${PAD + PHOTO_BOX + 17}" font-size="12">${escapeXml(clipped)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${TILE_WIDTH}" height="${TILE_HEIGHT}" font-family="sans-serif" fill="#000000">${parts.join('')}</svg>`;
}

/** A PNG sheet of the given rows, four tiles a row; `photoBytes` gives each row's original bytes. */
export async function renderContactSheet(rows: RealPhotoRow[], photoBytes: (row: RealPhotoRow) => Promise<Buffer>): Promise<Buffer> {
  const layers: OverlayOptions[] = [];
  for (const [i, row] of rows.entries()) {
    const left = (i % COLUMNS) * TILE_WIDTH;
    const top = Math.floor(i / COLUMNS) * TILE_HEIGHT;
    const thumb = await thumbnail(await photoBytes(row));
    if (thumb) {
      layers.push({
        input: thumb.png,
        left: left + PAD + Math.floor((PHOTO_BOX - thumb.width) / 2),
        top: top + PAD + Math.floor((PHOTO_BOX - thumb.height) / 2),
      });
    }
    layers.push({ input: Buffer.from(tileOverlay(row, thumb)), left, top });
  }
  const width = COLUMNS * TILE_WIDTH;
  const height = Math.max(1, Math.ceil(rows.length / COLUMNS)) * TILE_HEIGHT;
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).composite(layers).png().toBuffer();
}
