/**
 * The measurement lane's thread: receives the analysis image and masks as views of shared memory,
 * runs `measurePixels`, answers with the (small, plain) measures.
 */
import { parentPort } from 'node:worker_threads';
import { measurePixels } from './pixel-measures.ts';
import type { LaneRequest, LaneResponse } from './measurement-lane.ts';

const port = parentPort;
if (!port) throw new Error('The measurement lane runs in a worker thread.');

port.on('message', (request: LaneRequest) => {
  let response: LaneResponse;
  try {
    const { width, height, shared, bandWidth, productBox, regionBox, scale } = request;
    const pixels = width * height;
    const image = { width, height, data: new Uint8Array(shared, 0, pixels * 3) };
    const productMask = new Uint8Array(shared, pixels * 3, pixels);
    const regionMask = new Uint8Array(shared, pixels * 4, pixels);
    response = { id: request.id, ok: true, measures: measurePixels({ image, productMask, regionMask, regionBox, bandWidth, productBox, scale }) };
  } catch (error) {
    response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});

port.postMessage({ ready: true } satisfies LaneResponse);
