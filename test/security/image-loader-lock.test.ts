import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { lockImageLoaders } from '../../extraction/index.ts';
import { FOREIGN_FORMATS, SVG_WITH_SCRIPT } from './hostile-files.ts';

/**
 * Checklist C3/C8's second lock: even if sniffing were fooled, a serving process cannot decode SVG, GIF
 * or any format but the four accepted ones. (The test runner gives each test file its own process, so
 * locking here does not reach other files' fixtures.)
 */
/** Straight to libvips, past the sniffer the portal puts in front of it. */
const derive = (bytes: Buffer) => sharp(bytes).resize(16).jpeg().toBuffer();

describe('the image loader lock', () => {
  it('blocks SVG and GIF that decode without it, and still decodes JPEG, PNG, WebP and TIFF', async () => {
    const base = sharp({ create: { width: 32, height: 24, channels: 3, background: '#c81e3c' } });
    const accepted = {
      jpeg: await base.clone().jpeg().toBuffer(),
      png: await base.clone().png().toBuffer(),
      webp: await base.clone().webp().toBuffer(),
      tiff: await base.clone().tiff().toBuffer(),
    };
    const svg = Buffer.from(SVG_WITH_SCRIPT.toString().replace(/width="2000" height="2000"/, 'width="20" height="20"'));
    // Unlocked, libvips decodes both: the assertions below can fail.
    await derive(svg);
    await derive(FOREIGN_FORMATS.gif);

    lockImageLoaders();
    await assert.rejects(derive(svg));
    await assert.rejects(derive(FOREIGN_FORMATS.gif));
    for (const [format, bytes] of Object.entries(accepted)) assert.ok((await derive(bytes)).length > 0, format);
  });
});
