/**
 * The analysis lane's thread: receives the analysis image and the colour-bearing part's mask as views
 * of shared memory, runs the named extractor on them, answers with its (plain) properties.
 */
import { parentPort } from 'node:worker_threads';
import { getExtractor } from './extractors/registry.ts';
import type { LaneRequest, LaneResponse } from './analysis-lane.ts';

const port = parentPort;
if (!port) throw new Error('The analysis lane runs in a worker thread.');

port.on('message', (request: LaneRequest) => {
  let response: LaneResponse;
  try {
    const { width, height, shared, extractor, input } = request;
    const pixels = width * height;
    const image = { width, height, data: new Uint8Array(shared, 0, pixels * 3) };
    const mask = new Uint8Array(shared, pixels * 3, pixels);
    response = { id: request.id, ok: true, properties: getExtractor(extractor).extract({ ...input, image, mask }) };
  } catch (error) {
    response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});

port.postMessage({ ready: true } satisfies LaneResponse);
