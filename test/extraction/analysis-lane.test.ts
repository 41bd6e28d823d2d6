import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { analyzePhoto } from '../../extraction/analyze.ts';
import { analysisLaneReady, analysisLaneStats, closeAnalysisLane, configureAnalysisLane, extractAside } from '../../extraction/analysis-lane.ts';
import { readAndDecode } from '../../extraction/decode.ts';
import { getExtractor } from '../../extraction/extractors/registry.ts';
import { segment, toExtractorInput } from '../../extraction/segmentation.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';

/** Starts the lane and waits until its worker has loaded (it extracts nothing before that). */
async function laneReady(): Promise<void> {
  configureAnalysisLane({ enabled: true });
  const deadline = Date.now() + 20_000;
  while (!analysisLaneReady()) {
    if (Date.now() > deadline) throw new Error('the analysis lane did not start');
    // Any call starts the worker; this one is extracted in the calling thread.
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
  await closeAnalysisLane();
  configureAnalysisLane({ enabled: true });
});

test('the lane gives the same extraction (masks included) as the calling thread, photo for photo', async () => {
  configureAnalysisLane({ enabled: false });
  const inline = [];
  for (const bytes of photos) inline.push(await analyzePhoto(bytes, { category: 'lipstick', withOverlays: true }));
  await laneReady();
  const before = analysisLaneStats().laneExtracted;
  for (const [k, bytes] of photos.entries()) {
    const aside = await analyzePhoto(bytes, { category: 'lipstick', withOverlays: true });
    assert.deepEqual(aside.extraction, inline[k].extraction);
    assert.deepEqual(aside.overlays, inline[k].overlays);
    assert.deepEqual(aside.measurements, inline[k].measurements);
  }
  assert.equal(analysisLaneStats().laneExtracted - before, photos.length, 'every photo was extracted in the lane');
});

test('a lane that stops with a photo in flight leaves that photo to the calling thread', async () => {
  await laneReady();
  const { decoded } = await readAndDecode(photos[1]);
  const seg = segment(decoded.image, 'lipstick');
  const input = toExtractorInput(decoded.image, decoded.scale, seg.colorMask, seg.backdrop, 'lipstick', seg.colorRegion);
  assert.ok(input);
  const fellBack = analysisLaneStats().fellBack;
  const pending = extractAside('robust', input);
  await closeAnalysisLane();
  assert.deepEqual(await pending, getExtractor('robust').extract(input));
  assert.equal(analysisLaneStats().fellBack, fellBack + 1);
});

test('an extractor that fails fails the same way through the lane', async () => {
  await laneReady();
  const { decoded } = await readAndDecode(photos[0]);
  const seg = segment(decoded.image, 'lipstick');
  const input = toExtractorInput(decoded.image, decoded.scale, seg.colorMask, seg.backdrop, 'lipstick', seg.colorRegion);
  assert.ok(input);
  // A region outside the image: the extractor's own failure, whichever thread runs it.
  const broken = { ...input, region: { x: 0, y: 0, width: 0, height: 0 }, mask: new Uint8Array(0) };
  const inline = await Promise.resolve().then(() => getExtractor('robust').extract(broken)).then(() => null, (error: Error) => error.message);
  const aside = await extractAside('robust', broken).then(() => null, (error: Error) => error.message);
  assert.equal(aside, inline);
});
