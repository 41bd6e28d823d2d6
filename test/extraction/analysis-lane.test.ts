import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { analyzePhoto } from '../../extraction/analyze.ts';
import { analyseAside, analysisLanesReady, analysisLaneStats, closeAnalysisLanes, configureAnalysisLanes, type PhotoWork } from '../../extraction/analysis-lane.ts';
import { measurePixels } from '../../extraction/pixel-measures.ts';
import { readAndDecode } from '../../extraction/decode.ts';
import { getExtractor } from '../../extraction/extractors/registry.ts';
import { segment, toExtractorInput } from '../../extraction/segmentation.ts';
import { defaultSpec, renderPhoto } from '../fixtures/index.ts';
import { colourPartOfSubject } from '../../validators/standards.ts';

/** Starts the lane and waits until its worker has loaded (it extracts nothing before that). */
async function laneReady(): Promise<void> {
  configureAnalysisLanes({ enabled: true });
  const deadline = Date.now() + 20_000;
  while (!analysisLanesReady()) {
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
  await closeAnalysisLanes();
  configureAnalysisLanes({ enabled: true });
});

test('the lanes give the same analysis (masks included) as the calling thread, photo for photo', async () => {
  configureAnalysisLanes({ enabled: false });
  const inline = [];
  for (const bytes of photos) inline.push(await analyzePhoto(bytes, { category: 'lipstick', withOverlays: true }));
  await laneReady();
  const before = analysisLaneStats();
  for (const [k, bytes] of photos.entries()) {
    const aside = await analyzePhoto(bytes, { category: 'lipstick', withOverlays: true });
    assert.deepEqual(aside.extraction, inline[k].extraction);
    assert.deepEqual(aside.overlays, inline[k].overlays);
    assert.deepEqual(aside.measurements, inline[k].measurements);
  }
  const after = analysisLaneStats();
  assert.equal(after.laneExtracted - before.laneExtracted, photos.length, 'every photo was extracted in a lane');
  assert.equal(after.laneMeasured - before.laneMeasured, photos.length, 'every photo was measured in a lane');
  assert.equal(after.fellBack, before.fellBack);
});

/** A photo's two pieces of work, as analyzePhoto hands them to the lanes. */
async function workFor(bytes: Buffer): Promise<PhotoWork> {
  const { decoded } = await readAndDecode(bytes);
  const seg = segment(decoded.image, colourPartOfSubject('lipstick'));
  const input = toExtractorInput(decoded.image, decoded.scale, seg.colorMask, seg.backdrop, 'lipstick', seg.colorRegion);
  assert.ok(input);
  return {
    extract: { extractor: 'robust', input },
    measure: {
      image: decoded.image,
      productMask: seg.productMask,
      regionMask: seg.colorMask,
      regionBox: seg.colorRegion,
      bandWidth: seg.bandWidth,
      productBox: seg.productBox,
      scale: decoded.scale,
    },
  };
}

test('lanes that stop with a photo in flight leave that photo to the calling thread', async () => {
  await laneReady();
  const work = await workFor(photos[1]);
  const fellBack = analysisLaneStats().fellBack;
  const pending = analyseAside(work);
  await closeAnalysisLanes();
  assert.deepEqual(await pending.extracted, getExtractor('robust').extract(work.extract!.input));
  assert.deepEqual(await pending.measures, measurePixels(work.measure));
  assert.equal(analysisLaneStats().fellBack, fellBack + 2);
});

test('an extractor that fails fails the same way through the lane', async () => {
  await laneReady();
  const work = await workFor(photos[0]);
  // A region without pixels: the extractor's own failure, whichever thread runs it.
  const broken = { ...work.extract!.input, mask: new Uint8Array(work.extract!.input.mask.length) };
  const inline = await Promise.resolve().then(() => getExtractor('robust').extract(broken)).then(() => null, (error: Error) => error.message);
  assert.ok(inline, 'the broken input fails in the calling thread');
  const pending = analyseAside({ ...work, extract: { extractor: 'robust', input: broken } });
  assert.equal(await pending.extracted.then(() => null, (error: Error) => error.message), inline);
  // The measures of the same photo are not held up by it.
  assert.deepEqual(await pending.measures, measurePixels(work.measure));
});
