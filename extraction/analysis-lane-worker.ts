/**
 * An analysis lane's thread: receives the analysis image and masks as views of shared memory, runs
 * the named extractor or the pixel measures on them, answers with the (small, plain) result.
 */
import { parentPort } from 'node:worker_threads';
import { getExtractor } from './extractors/registry.ts';
import { measurePixels } from './pixel-measures.ts';
import { BLOCK, type LaneRequest, type LaneResponse } from './analysis-lane.ts';

const port = parentPort;
if (!port) throw new Error('An analysis lane runs in a worker thread.');

port.on('message', (request: LaneRequest) => {
  let response: LaneResponse;
  try {
    const { width, height, shared, job } = request;
    const pixels = width * height;
    const image = { width, height, data: new Uint8Array(shared, pixels * BLOCK.image, pixels * 3) };
    const mask = (at: number) => new Uint8Array(shared, pixels * at, pixels);
    const result =
      job.kind === 'extract'
        ? getExtractor(job.extractor).extract({ ...job.input, image, mask: mask(BLOCK.partMask) })
        : measurePixels({ ...job.input, image, productMask: mask(BLOCK.productMask), regionMask: mask(BLOCK.regionMask) });
    response = { id: request.id, ok: true, result };
  } catch (error) {
    response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});

port.postMessage({ ready: true } satisfies LaneResponse);
