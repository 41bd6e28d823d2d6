import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { decodeForAnalysis, readAndDecode, readFormatInfo } from '../../extraction/decode.ts';

/** A solid image with a coloured left half, so orientation can be checked from the pixels. */
async function halves(width: number, height: number, left: string, right = '#ffffff') {
  const leftHalf = await sharp({ create: { width: width / 2, height, channels: 3, background: left } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 3, background: right } }).composite([{ input: leftHalf, left: 0, top: 0 }]);
}

/** A PNG declaring the given size, with a small deflated run of zeros as its only data: a pixel bomb. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(64 * 1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function noisyJpeg(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

test('an HTML file named .jpg is refused as UNSUPPORTED_TYPE', async () => {
  await assert.rejects(readFormatInfo(Buffer.from('<!doctype html><html><script>x()</script></html>')), { code: 'UNSUPPORTED_TYPE' });
});

test('an SVG is refused as UNSUPPORTED_TYPE before any renderer sees it', async () => {
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
  await assert.rejects(readFormatInfo(svg), { code: 'UNSUPPORTED_TYPE' });
});

test('0-byte and 1-byte files are refused, never hang', async () => {
  await assert.rejects(readFormatInfo(new Uint8Array(0)), { code: 'UNSUPPORTED_TYPE' });
  await assert.rejects(readFormatInfo(new Uint8Array([0xff])), { code: 'UNSUPPORTED_TYPE' });
});

test('a JPEG that stops after its signature is CORRUPT_IMAGE', async () => {
  await assert.rejects(readFormatInfo(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00])), { code: 'CORRUPT_IMAGE' });
});

test('a truncated JPEG is CORRUPT_IMAGE when decoded', async () => {
  const whole = await noisyJpeg(256, 256);
  const truncated = whole.subarray(0, Math.floor(whole.length / 2));
  await assert.rejects(
    (async () => decodeForAnalysis(truncated, await readFormatInfo(truncated)))(),
    { code: 'CORRUPT_IMAGE' },
  );
});

test('a PNG header declaring 50000×50000 is refused as TOO_MANY_PIXELS without decoding', async () => {
  const bomb = pngHeader(50000, 50000);
  assert.ok(bomb.length < 1000, 'the file is tiny: only the header declares the size');
  await assert.rejects(readFormatInfo(bomb), (err: { code: string; context: { width: number } }) => {
    assert.equal(err.code, 'TOO_MANY_PIXELS');
    assert.equal(err.context.width, 50000);
    return true;
  });
});

test('a file over the byte limit is refused as FILE_TOO_LARGE', async () => {
  const jpeg = await noisyJpeg(64, 64);
  await assert.rejects(readFormatInfo(jpeg, { maxBytes: 1000 }), { code: 'FILE_TOO_LARGE' });
});

test('the header is read: format, stored size, channels, orientation', async () => {
  const jpeg = await (await halves(40, 20, '#ff0000')).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  const info = await readFormatInfo(jpeg);
  assert.equal(info.format, 'jpeg');
  assert.equal(info.width, 40);
  assert.equal(info.height, 20);
  assert.equal(info.orientation, 6);
  assert.equal(info.channels, 3);
  assert.equal(info.bytes, jpeg.length);
});

test('an orientation-6 photo decodes upright: stored 40×20 becomes 20×40 with the red half on top', async () => {
  // Orientation 6 = the stored picture must turn 90° clockwise: its left half ends up on top.
  const jpeg = await (await halves(40, 20, '#ff0000')).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
  const decoded = await decodeForAnalysis(jpeg, await readFormatInfo(jpeg));
  assert.equal(decoded.image.width, 20);
  assert.equal(decoded.image.height, 40);
  assert.equal(decoded.uprightWidth, 20);
  assert.equal(decoded.uprightHeight, 40);
  const at = (x: number, y: number) => Array.from(decoded.image.data.subarray((y * 20 + x) * 3, (y * 20 + x) * 3 + 3));
  assert.ok(at(10, 5)[0] > 200 && at(10, 5)[1] < 60, `top is red: ${at(10, 5)}`);
  assert.ok(at(10, 35).every((v) => v > 240), `bottom is white: ${at(10, 35)}`);
});

test('a Display P3 photo is converted to sRGB: white stays white, the shade keeps its sRGB value', async () => {
  const shade = [200, 30, 60];
  const p3 = await (await halves(32, 32, '#c81e3c')).withIccProfile('p3').png().toBuffer();
  const stored = await sharp(p3, { ignoreIcc: true }).raw().toBuffer();
  assert.ok(Math.abs(stored[0] - shade[0]) + Math.abs(stored[1] - shade[1]) > 10, 'the stored pixels are P3 values, not sRGB');
  const info = await readFormatInfo(p3);
  assert.ok(info.iccDescription, 'the profile name is read');
  const { image } = await decodeForAnalysis(p3, info);
  const left = Array.from(image.data.subarray((16 * 32 + 4) * 3, (16 * 32 + 4) * 3 + 3));
  const right = Array.from(image.data.subarray((16 * 32 + 28) * 3, (16 * 32 + 28) * 3 + 3));
  left.forEach((v, k) => assert.ok(Math.abs(v - shade[k]) <= 3, `channel ${k}: ${v} vs ${shade[k]}`));
  right.forEach((v) => assert.ok(v >= 253, `backdrop stays white: ${right}`));
});

test('a CMYK JPEG decodes to 3-channel sRGB', async () => {
  const cmyk = await (await halves(32, 32, '#c81e3c')).toColourspace('cmyk').jpeg().toBuffer();
  const info = await readFormatInfo(cmyk);
  assert.equal(info.space, 'cmyk');
  const { image } = await decodeForAnalysis(cmyk, info);
  assert.equal(image.data.length, 32 * 32 * 3);
  const [r, g, b] = image.data.subarray((16 * 32 + 4) * 3);
  assert.ok(r > 150 && g < 90 && b < 110, `red stays red: ${r},${g},${b}`);
});

test('a transparent PNG is flattened onto white', async () => {
  const png = await sharp({ create: { width: 16, height: 16, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
  const info = await readFormatInfo(png);
  assert.equal(info.hasAlpha, true);
  const { image } = await decodeForAnalysis(png, info);
  assert.ok(image.data.every((v) => v === 255));
});

test('the analysis decode flattens what its header says has alpha, grey with alpha too, and leaves opaque pixels as they are', async () => {
  // Half transparent black, half opaque red; then the same as grey with alpha (two channels).
  const half = (channels: 2 | 4) =>
    sharp({ create: { width: 16, height: 16, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: { create: { width: 16, height: 8, channels: 4, background: { r: 200, g: 30, b: 60, alpha: 1 } } }, left: 0, top: 8 }])
      .toColourspace(channels === 2 ? 'b-w' : 'srgb')
      .png()
      .toBuffer();
  const rgba = await readAndDecode(await half(4));
  assert.deepEqual([...rgba.decoded.image.data.subarray(0, 3)], [255, 255, 255]);
  assert.deepEqual([...rgba.decoded.image.data.subarray((12 * 16 + 4) * 3, (12 * 16 + 4) * 3 + 3)], [200, 30, 60]);
  const greyPng = await half(2);
  const greyAlpha = await readAndDecode(greyPng);
  assert.equal(greyAlpha.info.hasAlpha, true);
  assert.deepEqual([...greyAlpha.decoded.image.data.subarray(0, 3)], [255, 255, 255]);
  // The opaque half keeps the grey level the PNG stores (the red's luminance, far from the white flattened in).
  const stored = (await sharp(greyPng).extractChannel(0).raw().toBuffer())[12 * 16 + 4];
  const [r, g, b] = greyAlpha.decoded.image.data.subarray((12 * 16 + 4) * 3);
  assert.deepEqual([r, g, b], [stored, stored, stored]);
});

test('a 16-bit PNG decodes to 8-bit RGB', async () => {
  const png16 = await (await halves(16, 16, '#c81e3c')).toColourspace('rgb16').png().toBuffer();
  const info = await readFormatInfo(png16);
  assert.equal(info.bitDepth, 'ushort');
  const { image } = await decodeForAnalysis(png16, info);
  assert.equal(image.data.length, 16 * 16 * 3);
  assert.ok(Math.abs(image.data[(8 * 16 + 2) * 3] - 200) <= 1);
});

test('a large JPEG is shrunk on load to the analysis size, scale reported', async () => {
  const jpeg = await noisyJpeg(4000, 300);
  const decoded = await decodeForAnalysis(jpeg, await readFormatInfo(jpeg));
  // 4000 / 4 = 1000: the largest JPEG shrink factor that keeps at least 1000 px.
  assert.equal(decoded.image.width, 1000);
  assert.equal(decoded.scale, 0.25);
});

test('the analysis side is 1000 px whatever the original, and a smaller photo is never enlarged', async () => {
  for (const [width, height, expected] of [
    [800, 600, [800, 600]],
    [1000, 700, [1000, 700]],
    [1600, 1200, [1000, 750]],
    [1200, 3000, [400, 1000]],
  ] as const) {
    const { decoded } = await readAndDecode(await noisyJpeg(width, height));
    assert.deepEqual([decoded.image.width, decoded.image.height], expected, `${width}×${height}`);
    assert.ok(Math.abs(decoded.scale - expected[0] / width) < 1e-9);
  }
});

test('the header makes the refusal before anything is decoded', async () => {
  const bomb = await sharp({ create: { width: 9000, height: 9000, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
  await assert.rejects(readAndDecode(bomb, { limits: { maxPixels: 1_000_000 } }), { code: 'TOO_MANY_PIXELS' });
  await assert.rejects(readAndDecode(Buffer.from('GIF89a....')), { code: 'UNSUPPORTED_TYPE' });
  const jpeg = await noisyJpeg(400, 300);
  await assert.rejects(readAndDecode(jpeg, { limits: { maxBytes: 100 } }), { code: 'FILE_TOO_LARGE' });
  await assert.rejects(readAndDecode(jpeg.subarray(0, jpeg.length >> 1)), { code: 'CORRUPT_IMAGE' });
});
