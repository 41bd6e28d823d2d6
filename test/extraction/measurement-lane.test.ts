import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { analyzePhoto } from '../../extraction/analyze.ts';
import {
  closeMeasurementLane,
  configureMeasurementLane,
  measurePixelsAside,
  measurementLaneReady,
  measurementLaneStats,
} from '../../extraction/measurement-lane.ts';
import { decodeForAnalysis, readFormatInfo } from '../../extraction/decode.ts';
import { measurePixels } from '../../extraction/pixel-measures.ts';
import { segment } from '../../extraction/segmentation.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';

/** Starts the lane and waits until its worker has loaded (it measures nothing before that). */
async function laneReady(): Promise<void> {
  configureMeasurementLane({ enabled: true });
  const deadline = Date.now() + 20_000;
  while (!measurementLaneReady()) {
    if (Date.now() > deadline) throw new Error('the measurement lane did not start');
    // Any call starts the worker; this one is measured in the calling thread.
    await analyzePhoto(photos[0], { category: 'lipstick' });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const photos: Buffer[] = [];

before(async () => {
  const specs = [
    defaultSpec({ finish: 'glossy', noise: 1.5 }),
    defaultSpec({ finish: 'matte', color: '#8a4b3c', width: 1600, height: 1200, noise: 1.5 }),
    defaultSpec({ finish: 'shiny', exposure: 0.7, noise: 1.5 }),
  ];
  for (const spec of specs) photos.push((await renderPhoto(spec)).bytes);
});

after(async () => {
  await closeMeasurementLane();
  configureMeasurementLane({ enabled: true });
});

test('the lane gives the same measurements as the calling thread, photo for photo', async () => {
  configureMeasurementLane({ enabled: false });
  const inline = [];
  for (const bytes of photos) inline.push(await analyzePhoto(bytes, { category: 'lipstick' }));
  await laneReady();
  const before = measurementLaneStats().laneMeasured;
  for (const [k, bytes] of photos.entries()) {
    const aside = await analyzePhoto(bytes, { category: 'lipstick' });
    assert.deepEqual(aside.measurements, inline[k].measurements);
    assert.deepEqual(aside.extraction, inline[k].extraction);
  }
  assert.equal(measurementLaneStats().laneMeasured - before, photos.length, 'every photo was measured in the lane');
});

test('a lane that stops with a photo in flight leaves that photo to the calling thread', async () => {
  await laneReady();
  const bytes = photos[1];
  const info = await readFormatInfo(bytes);
  const { image, scale } = await decodeForAnalysis(bytes, info);
  const seg = segment(image, 'lipstick');
  const input = { image, productMask: seg.productMask, regionMask: seg.colorMask, regionBox: seg.colorRegion, bandWidth: seg.bandWidth, productBox: seg.productBox, scale };
  const fellBack = measurementLaneStats().fellBack;
  const pending = measurePixelsAside(input);
  await closeMeasurementLane();
  assert.deepEqual(await pending, measurePixels(input));
  assert.equal(measurementLaneStats().fellBack, fellBack + 1);
});
