import zlib from 'node:zlib';
import sharp from 'sharp';

/** Hostile file fixtures built by code, so each test knows exactly what it sends. */

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG of a few hundred bytes whose header declares width × height RGB pixels. */
export function pngDeclaring(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A valid PNG with one byte of its IDAT flipped, so its CRC no longer matches. */
export async function pngWithBadCrc(): Promise<Buffer> {
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).png().toBuffer();
  const idat = png.indexOf(Buffer.from('IDAT'));
  const broken = Buffer.from(png);
  broken[idat + 6] ^= 0xff;
  return broken;
}

/** Inserts an APP1 EXIF segment right after the JPEG's SOI marker. */
export function withRawExif(jpeg: Buffer, tiff: Buffer): Buffer {
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

/** TIFF headers for EXIF: the first IFD offset points past the end of the buffer. */
export const exifOffsetBeyondBuffer = () => Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x00, 0xff, 0xff, 0x7f]);

/** An IFD whose "next IFD" pointer points at itself (a loop for a naive parser). */
export function exifCircularIfd(): Buffer {
  const b = Buffer.alloc(8 + 2 + 12 + 4);
  b.write('II', 0, 'ascii');
  b.writeUInt16LE(42, 2);
  b.writeUInt32LE(8, 4);
  b.writeUInt16LE(1, 8); // one entry
  b.writeUInt16LE(0x010f, 10); // Make
  b.writeUInt16LE(2, 12); // ASCII
  b.writeUInt32LE(4, 14);
  b.write('abc\0', 18, 'ascii');
  b.writeUInt32LE(8, 22); // next IFD: itself
  return b;
}

/** Re-encodes a photo carrying GPS, a serial number, an owner name and an HTML trailer after EOI. */
export async function withGpsAndTrailer(jpeg: Buffer): Promise<Buffer> {
  const tagged = await sharp(jpeg)
    .withExif({
      IFD0: { Make: 'Studio Cam', Artist: 'Owner Name', Copyright: 'Brand' },
      IFD2: { BodySerialNumber: 'SN-123456' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 7/1' },
    })
    .jpeg({ quality: 92 })
    .toBuffer();
  return Buffer.concat([tagged, Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>')]);
}

export const SVG_WITH_SCRIPT = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="2000" height="2000" onload="alert(1)">' +
    '<script>alert(2)</script><foreignObject><body xmlns="http://www.w3.org/1999/xhtml">x</body></foreignObject>' +
    '<image xlink:href="https://evil.example/x.png"/></svg>',
);

/** The first bytes of formats the standards do not accept (each enough for a sniffer to recognise). */
export const FOREIGN_FORMATS: Record<string, Buffer> = {
  gif: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'),
  heic: Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic'), Buffer.alloc(64)]),
  avif: Buffer.concat([Buffer.from([0, 0, 0, 0x1c]), Buffer.from('ftypavif\0\0\0\0avifmif1miaf'), Buffer.alloc(64)]),
  pdf: Buffer.from('%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
  psd: Buffer.concat([Buffer.from('8BPS'), Buffer.from([0, 1]), Buffer.alloc(64)]),
  jxl: Buffer.concat([Buffer.from([0xff, 0x0a]), Buffer.alloc(64)]),
  jp2: Buffer.concat([Buffer.from([0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]), Buffer.alloc(64)]),
  eps: Buffer.from('%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n'),
  bmp: Buffer.concat([Buffer.from('BM'), Buffer.alloc(64)]),
};

/** Bytes of other kinds of file, sent as image/jpeg. */
export const NOT_IMAGES: Record<string, Buffer> = {
  html: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'),
  php: Buffer.from('<?php system($_GET["c"]); ?>'),
  elf: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(64)]),
  pe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]),
  zip: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]),
  'one byte': Buffer.from([0xff]),
  '"1\\n"': Buffer.from('1\n'),
};

function riffChunk(fourcc: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(fourcc, 0, 'ascii');
  header.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, data, Buffer.alloc(data.length % 2)]);
}

const uint24 = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff]);

/** The image chunk ('VP8 ' or 'VP8L', header included) of a still WebP. */
function stillWebpFrame(webp: Buffer): Buffer {
  for (let at = 12; at + 8 <= webp.length; ) {
    const fourcc = webp.toString('ascii', at, at + 4);
    const size = webp.readUInt32LE(at + 4);
    if (fourcc === 'VP8 ' || fourcc === 'VP8L') return webp.subarray(at, at + 8 + size + (size % 2));
    at += 8 + size + (size % 2);
  }
  throw new Error('no VP8/VP8L chunk in the still WebP');
}

/**
 * An animated WebP built by hand as RIFF chunks (VP8X with the animation flag, ANIM, then one ANMF per
 * frame), every frame being `still` (a WebP of width × height): `frames` pages at a few bytes each, so
 * the file stays small while pages × width × height can be huge.
 */
export function animatedWebp(still: Buffer, width: number, height: number, frames: number): Buffer {
  const image = stillWebpFrame(still);
  const vp8x = Buffer.concat([Buffer.from([0x02, 0, 0, 0]), uint24(width - 1), uint24(height - 1)]);
  const anim = Buffer.from([0, 0, 0, 0, 0, 0]); // background colour, loop forever
  const frameHeader = Buffer.concat([uint24(0), uint24(0), uint24(width - 1), uint24(height - 1), uint24(100), Buffer.from([0])]);
  const anmf = riffChunk('ANMF', Buffer.concat([frameHeader, image]));
  const body = Buffer.concat([Buffer.from('WEBP', 'ascii'), riffChunk('VP8X', vp8x), riffChunk('ANIM', anim), ...Array(frames).fill(anmf)]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** Text an attacker could put in EXIF: markup, a template expression, a header injection. */
export const EXIF_PAYLOADS = ['<img src=x onerror=alert(1)>', '{{constructor.constructor}}', 'x\r\nBcc: victim@evil.example'];

/** Re-encodes a photo whose EXIF text fields carry EXIF_PAYLOADS. */
export async function withHostileExifText(jpeg: Buffer): Promise<Buffer> {
  return sharp(jpeg)
    .withExif({ IFD0: { ImageDescription: EXIF_PAYLOADS[0], Artist: EXIF_PAYLOADS[1], Copyright: EXIF_PAYLOADS[2] } })
    .jpeg({ quality: 92 })
    .toBuffer();
}
