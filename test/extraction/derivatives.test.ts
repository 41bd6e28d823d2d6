import { test } from 'node:test';
import assert from 'node:assert/strict';
import exifr from 'exifr';
import sharp from 'sharp';
import { renderDerivative } from '../../extraction/derivatives.ts';

/** A 600×400 JPEG carrying EXIF (camera, GPS), XMP, orientation 6 and an HTML trailer after EOI. */
async function photoWithBaggage(): Promise<Buffer> {
  const left = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#c81e3c' } }).png().toBuffer();
  const jpeg = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#ffffff' } })
    .composite([{ input: left, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'Studio Cam', Copyright: 'Brand' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 7/1' },
    })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF></x:xmpmeta>')
    .withMetadata({ orientation: 6 })
    .toBuffer();
  return Buffer.concat([jpeg, Buffer.from('<html><script>alert(1)</script></html>')]);
}

test('the fixture really carries EXIF with GPS, so the next tests can fail', async () => {
  const parsed = await exifr.parse(await photoWithBaggage(), { gps: true });
  assert.ok(parsed && parsed.latitude > 48, 'GPS is present in the original');
});

test('a JPEG derivative has no EXIF, GPS or XMP and drops the trailer', async () => {
  const original = await photoWithBaggage();
  const copy = await renderDerivative(original, { maxSide: 300, format: 'jpeg', quality: 80 });
  assert.notDeepEqual(copy, original);
  const parsed = await exifr.parse(copy, { gps: true, xmp: true, iptc: true }).catch(() => undefined);
  assert.ok(parsed === undefined || Object.keys(parsed).length === 0, `no metadata left: ${JSON.stringify(parsed)}`);
  assert.equal(copy.includes(Buffer.from('<script>')), false);
  const meta = await sharp(copy).metadata();
  assert.equal(meta.exif, undefined);
  assert.equal(meta.xmp, undefined);
});

test('a derivative is upright and fits the requested side', async () => {
  const copy = await renderDerivative(await photoWithBaggage(), { maxSide: 300, format: 'webp', quality: 75 });
  const meta = await sharp(copy).metadata();
  assert.equal(meta.format, 'webp');
  // Stored 600×400 with orientation 6 is 400×600 upright; fitted into 300 px: 200×300.
  assert.equal(meta.width, 200);
  assert.equal(meta.height, 300);
  const { data } = await sharp(copy).raw().toBuffer({ resolveWithObject: true });
  const top = data.subarray((20 * 200 + 100) * 3);
  assert.ok(top[0] > 150 && top[1] < 80, 'the red half of the stored picture is on top once upright');
});

test('a derivative of a non-image is refused with the same codes as an upload', async () => {
  await assert.rejects(renderDerivative(Buffer.from('<svg/>'), { maxSide: 100, format: 'jpeg', quality: 80 }), { code: 'UNSUPPORTED_TYPE' });
});

test('bad derivative options are refused with a message naming the option', async () => {
  await assert.rejects(renderDerivative(Buffer.alloc(0), { maxSide: 0, format: 'jpeg', quality: 80 }), /maxSide/);
});
