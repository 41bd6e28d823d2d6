import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sniffFormat } from '../../extraction/sniff.ts';

const bytes = (...parts: Array<number[] | string>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

const CASES: Array<[string, Uint8Array, ReturnType<typeof sniffFormat>]> = [
  ['JPEG (FF D8 FF)', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'jpeg'],
  ['PNG signature', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'png'],
  ['WebP (RIFF….WEBP)', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'webp'],
  ['TIFF little-endian', bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'tiff'],
  ['TIFF big-endian', bytes([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'tiff'],
  ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), null],
  ['XML prologue', bytes('<?xml version="1.0"?><svg/>'), null],
  ['HTML named .jpg', bytes('<!doctype html><html><body>hi</body></html>'), null],
  ['GIF', bytes('GIF89a', [1, 0, 1, 0]), null],
  ['HEIC (ftyp heic)', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]), null],
  ['AVIF (ftyp avif)', bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0]), null],
  ['PDF', bytes('%PDF-1.7\n'), null],
  ['ZIP', bytes([0x50, 0x4b, 0x03, 0x04]), null],
  ['ELF', bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), null],
  ['BMP', bytes('BM', [0, 0, 0, 0]), null],
  ['RIFF that is not WebP (WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), null],
  ['empty file', new Uint8Array(0), null],
  ['one byte', bytes([0xff]), null],
  ['two bytes of a JPEG start', bytes([0xff, 0xd8]), null],
];

for (const [name, input, expected] of CASES) {
  test(`sniffs ${name} as ${expected ?? 'not an accepted image'}`, () => {
    assert.equal(sniffFormat(input), expected);
  });
}
