import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFormat, type FormatInput } from '../../../validators/rules/format.ts';
import { standardsFor } from '../../../validators/standards.ts';

const limits = standardsFor('lipstick').format;
const ok: FormatInput = { fileName: 'a_b_c_front.jpg', sniffed: 'jpeg', bytes: 1_000_000, pixels: 1200 * 1600, limits };

const cases: Array<{ name: string; input: Partial<FormatInput>; status: 'pass' | 'fail'; measured: string | number; message?: RegExp }> = [
  { name: 'a JPEG named .jpg', input: {}, status: 'pass', measured: 'jpeg' },
  { name: 'a JPEG named .jpeg', input: { fileName: 'x.jpeg' }, status: 'pass', measured: 'jpeg' },
  { name: 'a TIFF named .tif', input: { fileName: 'x.tif', sniffed: 'tiff' }, status: 'pass', measured: 'tiff' },
  { name: 'a PNG named .JPG', input: { fileName: 'x.JPG', sniffed: 'png' }, status: 'fail', measured: '.jpg', message: /PNG but is named with \.jpg/ },
  { name: 'a WebP without extension', input: { fileName: 'photo', sniffed: 'webp' }, status: 'fail', measured: 'no extension' },
  { name: 'HTML named .jpg', input: { sniffed: null, errorCode: 'UNSUPPORTED_TYPE', detected: 'text/html' }, status: 'fail', measured: 'text/html', message: /not JPEG, PNG, WebP, TIFF \(found: text\/html\)/ },
  { name: 'a file of exactly 25 MB', input: { bytes: 25 * 1024 * 1024 }, status: 'pass', measured: 'jpeg' },
  { name: 'a file one byte over 25 MB', input: { bytes: 25 * 1024 * 1024 + 1 }, status: 'fail', measured: 25, message: /above the 25 MB limit/ },
  { name: 'a file the reader refused as too large', input: { bytes: 30 * 1024 * 1024, errorCode: 'FILE_TOO_LARGE' }, status: 'fail', measured: 30 },
  { name: 'exactly 64 MP', input: { pixels: 64_000_000 }, status: 'pass', measured: 'jpeg' },
  { name: 'one pixel over 64 MP', input: { pixels: 64_000_001 }, status: 'fail', measured: 64, message: /megapixels/ },
  { name: 'a pixel bomb refused before decoding', input: { pixels: 50_000 * 50_000, errorCode: 'TOO_MANY_PIXELS' }, status: 'fail', measured: 2500 },
  { name: 'a truncated file', input: { errorCode: 'CORRUPT_IMAGE' }, status: 'fail', measured: 'corrupt' },
];

for (const c of cases) {
  test(`format: ${c.name} → ${c.status}`, () => {
    const f = checkFormat({ ...ok, ...c.input });
    assert.equal(f.status, c.status, f.message);
    assert.equal(f.measured, c.measured);
    if (c.message) assert.match(f.message, c.message);
    assert.equal(f.fix === '', c.status === 'pass');
  });
}
