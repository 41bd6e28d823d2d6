/**
 * A second thread for one photo's analysis.
 *
 * Once a photo is segmented, two independent pieces of pixel work remain: the extractor on the
 * colour-bearing part, and the standards' pixel measures (border band, exposure, focus). The lane
 * runs the first in a worker thread of its own while the analysing thread takes the second, so a
 * photo's analysis uses two cores where it has them. The image and the part's mask travel as one
 * block of shared memory (a copy of 4 bytes per analysis pixel, no serialisation); the answer is the
 * extractor's properties.
 *
 * The extractor goes to the lane, not the measures, because it is the larger piece, and because in the
 * analysing thread (which also holds the decoder's image-sized buffers) it ran far slower than on its
 * own: the same extraction took about twice as long there as in the lane.
 *
 * The lane never changes a result: the worker runs the same extractor, and whenever it is not ready,
 * has died or is switched off, the extractor runs in the calling thread instead.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { getExtractor } from './extractors/registry.ts';
import type { ExtractedProperties, ExtractorInput } from './types.ts';

export interface LaneRequest {
  id: number;
  width: number;
  height: number;
  /** Image (3 bytes per pixel), then the colour-bearing part's mask (1 byte per pixel). */
  shared: SharedArrayBuffer;
  extractor: string;
  /** The extractor's input but for the image and mask, which are in `shared`. */
  input: Omit<ExtractorInput, 'image' | 'mask'>;
}

export type LaneResponse =
  | { id: number; ok: true; properties: ExtractedProperties }
  | { id: number; ok: false; message: string }
  | { ready: true };

const ENTRY = new URL('./analysis-lane-entry.mjs', import.meta.url);
/** After this many deaths of its worker the lane stays off for the life of the thread. */
const MAX_FAILURES = 3;
/** Shared blocks kept for reuse (one per photo in flight; more than two in flight is rare). */
const KEEP_BLOCKS = 2;
/**
 * By default an idle lane stops after this long. A worker thread keeps its process from exiting
 * (unref() is not enough while a module loader is registered), so a CLI run or a test file would
 * otherwise never end; a stream of photos keeps the lane warm. Long-lived analysis processes (the
 * portal's pool) keep it for good: starting a lane costs far more than one photo's extraction.
 */
const DEFAULT_IDLE_MS = 1000;

interface Pending {
  resolve: (properties: ExtractedProperties) => void;
  reject: (error: Error) => void;
  block: SharedArrayBuffer;
}

let enabled = os.availableParallelism() > 1;
let idleMs = DEFAULT_IDLE_MS;
let worker: Worker | null = null;
let ready = false;
let failures = 0;
let nextId = 1;
let idleTimer: NodeJS.Timeout | null = null;
const pending = new Map<number, Pending>();
/** Photos whose extraction ran in the lane, and photos the lane took but the calling thread had to extract. */
const stats = { laneExtracted: 0, fellBack: 0 };
const freeBlocks: SharedArrayBuffer[] = [];

/**
 * Switches the lane on or off (off: every extraction runs in the calling thread), and sets how
 * long it may idle before it stops (Infinity: until closed).
 */
export function configureAnalysisLane(options: { enabled?: boolean; idleMs?: number }): void {
  if (options.enabled !== undefined) enabled = options.enabled;
  if (options.idleMs !== undefined) idleMs = options.idleMs;
  if (!enabled) void closeAnalysisLane();
}

/** Whether the next photo's extraction would run beside its pixel measures. */
export function analysisLaneReady(): boolean {
  return enabled && ready && worker !== null;
}

/** How many photos the lane has extracted, and how many fell back to the calling thread after it failed. */
export function analysisLaneStats(): { laneExtracted: number; fellBack: number } {
  return { ...stats };
}

/** Stops the lane's worker; extractions asked for afterwards start it again (when enabled). */
export async function closeAnalysisLane(): Promise<void> {
  stopIdleTimer();
  const current = worker;
  worker = null;
  ready = false;
  failAll(new Error('The analysis lane was closed.'));
  if (current) await current.terminate();
}

/**
 * One photo's extraction by the named extractor: started in the lane when it is ready (and the
 * returned promise settles when the lane answers), otherwise run here and now. The promise rejects
 * only when the extractor itself fails; a lane failure falls back to extracting here.
 */
export function extractAside(extractorName: string, input: ExtractorInput): Promise<ExtractedProperties> {
  const extractor = getExtractor(extractorName);
  if (!analysisLaneReady()) {
    startWorker();
    return settled(() => extractor.extract(input));
  }
  const { image, mask, ...rest } = input;
  const pixels = image.width * image.height;
  const block = takeBlock(pixels * 4);
  const bytes = new Uint8Array(block, 0, pixels * 4);
  bytes.set(image.data.subarray(0, pixels * 3), 0);
  bytes.set(mask.subarray(0, pixels), pixels * 3);
  const id = nextId++;
  const request: LaneRequest = { id, width: image.width, height: image.height, shared: block, extractor: extractor.name, input: rest };
  const answer = new Promise<ExtractedProperties>((resolve, reject) => pending.set(id, { resolve, reject, block }));
  stopIdleTimer();
  (worker as Worker).postMessage(request);
  const result = answer.then(
    (properties) => {
      stats.laneExtracted++;
      return properties;
    },
    () => {
      stats.fellBack++;
      return extractor.extract(input);
    },
  );
  // The caller may fail (a pixel measure error) before awaiting this: that must not become an unhandled rejection.
  result.catch(() => {});
  return result;
}

function settled(run: () => ExtractedProperties): Promise<ExtractedProperties> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    const rejected = Promise.reject(error);
    rejected.catch(() => {});
    return rejected;
  }
}

function startWorker(): void {
  if (!enabled || worker || failures >= MAX_FAILURES) return;
  const started = new Worker(ENTRY);
  worker = started;
  started.unref();
  started.on('message', (message: LaneResponse) => {
    if ('ready' in message) {
      if (worker === started) ready = true;
      startIdleTimer();
      return;
    }
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    if (pending.size === 0) startIdleTimer();
    giveBack(entry.block);
    if (message.ok) entry.resolve(message.properties);
    else entry.reject(new Error(message.message));
  });
  const lost = (error: Error): void => {
    if (worker !== started) return;
    failures++;
    worker = null;
    ready = false;
    failAll(error);
  };
  started.on('error', lost);
  started.on('exit', (code) => lost(new Error(`the analysis lane exited with code ${code}`)));
}

function startIdleTimer(): void {
  stopIdleTimer();
  if (!Number.isFinite(idleMs)) return;
  idleTimer = setTimeout(() => void closeAnalysisLane(), idleMs);
  idleTimer.unref();
}

function stopIdleTimer(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
}

function failAll(error: Error): void {
  for (const [id, entry] of pending) {
    pending.delete(id);
    entry.reject(error);
  }
}

function takeBlock(bytes: number): SharedArrayBuffer {
  const index = freeBlocks.findIndex((block) => block.byteLength >= bytes);
  if (index >= 0) return freeBlocks.splice(index, 1)[0];
  // Headroom, so that the next, slightly larger photo reuses the block.
  return new SharedArrayBuffer(Math.ceil(bytes * 1.25));
}

function giveBack(block: SharedArrayBuffer): void {
  if (freeBlocks.length < KEEP_BLOCKS) freeBlocks.push(block);
}
