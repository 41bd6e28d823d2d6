import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { lockImageLoaders } from '../../extraction/decode.ts';

// This file runs in its own process (node --test), so locking the loaders here affects no other test.

test('once locked, sharp decodes the four accepted formats and refuses SVG and GIF outright', async () => {
  const base = sharp({ create: { width: 8, height: 8, channels: 3, background: '#c81e3c' } });
  const accepted = await Promise.all([base.clone().jpeg().toBuffer(), base.clone().png().toBuffer(), base.clone().webp().toBuffer(), base.clone().tiff().toBuffer()]);
  const gif = await base.clone().gif().toBuffer();
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>');
  await sharp(svg).raw().toBuffer(); // renders before the lock: the refusal below is the lock's doing

  lockImageLoaders();

  for (const bytes of accepted) assert.equal((await sharp(bytes).raw().toBuffer()).length, 8 * 8 * 3);
  await assert.rejects(sharp(svg).raw().toBuffer());
  await assert.rejects(sharp(gif).raw().toBuffer());
});
