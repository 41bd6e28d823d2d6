/**
 * A second thread for one photo's analysis.
 *
 * Once a photo is segmented, two independent pieces of pixel work remain: the extractor on the
 * colour-bearing part, and the standards' pixel measures (border band, exposure, focus). The lane
 * runs the second in a worker thread of its own while the analysing thread runs the first, so a
 * photo's analysis uses two cores where it has them. The image and masks travel as one block of
 * shared memory (a copy of 5 bytes per analysis pixel, no serialisation); the answer is a few numbers.
 *
 * The lane never changes a result: the worker runs the same `measurePixels`, and whenever it is not
 * ready, has died or is switched off, the measures are taken in the calling thread instead.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { measurePixels, type PixelMeasureInput, type PixelMeasures } from './pixel-measures.ts';
import type { Rect } from './types.ts';

export interface LaneRequest {
  id: number;
  width: number;
  height: number;
  /** Image (3 bytes per pixel), then the product mask, then the region mask (1 byte per pixel each). */
  shared: SharedArrayBuffer;
  bandWidth: number;
  productBox: Rect | null;
  regionBox: Rect | null;
  scale: number;
}

export type LaneResponse =
  | { id: number; ok: true; measures: PixelMeasures }
  | { id: number; ok: false; message: string }
  | { ready: true };

const ENTRY = new URL('./measurement-lane-entry.mjs', import.meta.url);
/** After this many deaths of its worker the lane stays off for the life of the thread. */
const MAX_FAILURES = 3;
/** Shared blocks kept for reuse (one per photo in flight; more than two in flight is rare). */
const KEEP_BLOCKS = 2;
/**
 * By default an idle lane stops after this long. A worker thread keeps its process from exiting
 * (unref() is not enough while a module loader is registered), so a CLI run or a test file would
 * otherwise never end; a stream of photos keeps the lane warm. Long-lived analysis processes (the
 * portal's pool) keep it for good: starting a lane costs far more than one photo's measures.
 */
const DEFAULT_IDLE_MS = 1000;

interface Pending {
  resolve: (measures: PixelMeasures) => void;
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
/** Photos measured by the lane, and photos the lane took but the calling thread had to measure. */
const stats = { laneMeasured: 0, fellBack: 0 };
const freeBlocks: SharedArrayBuffer[] = [];

/**
 * Switches the lane on or off (off: every measure is taken in the calling thread), and sets how
 * long it may idle before it stops (Infinity: until closed).
 */
export function configureMeasurementLane(options: { enabled?: boolean; idleMs?: number }): void {
  if (options.enabled !== undefined) enabled = options.enabled;
  if (options.idleMs !== undefined) idleMs = options.idleMs;
  if (!enabled) void closeMeasurementLane();
}

/** Whether the next photo's pixel measures would run beside its extraction. */
export function measurementLaneReady(): boolean {
  return enabled && ready && worker !== null;
}

/** How many photos the lane has measured, and how many fell back to the calling thread after it failed. */
export function measurementLaneStats(): { laneMeasured: number; fellBack: number } {
  return { ...stats };
}

/** Stops the lane's worker; measures taken afterwards start it again (when enabled). */
export async function closeMeasurementLane(): Promise<void> {
  stopIdleTimer();
  const current = worker;
  worker = null;
  ready = false;
  failAll(new Error('The measurement lane was closed.'));
  if (current) await current.terminate();
}

/**
 * The pixel measures of one photo: started in the lane when it is ready (and the returned promise
 * settles when the lane answers), otherwise taken here and now. The promise rejects only when the
 * measures themselves fail; a lane failure falls back to measuring here.
 */
export function measurePixelsAside(input: PixelMeasureInput): Promise<PixelMeasures> {
  if (!measurementLaneReady()) {
    startWorker();
    return settled(() => measurePixels(input));
  }
  const { image } = input;
  const pixels = image.width * image.height;
  const block = takeBlock(pixels * 5);
  const bytes = new Uint8Array(block, 0, pixels * 5);
  bytes.set(image.data.subarray(0, pixels * 3), 0);
  bytes.set(input.productMask.subarray(0, pixels), pixels * 3);
  bytes.set(input.regionMask.subarray(0, pixels), pixels * 4);
  const id = nextId++;
  const request: LaneRequest = {
    id,
    width: image.width,
    height: image.height,
    shared: block,
    bandWidth: input.bandWidth,
    productBox: input.productBox,
    regionBox: input.regionBox,
    scale: input.scale,
  };
  const answer = new Promise<PixelMeasures>((resolve, reject) => pending.set(id, { resolve, reject, block }));
  stopIdleTimer();
  (worker as Worker).postMessage(request);
  const result = answer.then(
    (measures) => {
      stats.laneMeasured++;
      return measures;
    },
    () => {
      stats.fellBack++;
      return measurePixels(input);
    },
  );
  // The caller may fail (an extractor error) before awaiting this: that must not become an unhandled rejection.
  result.catch(() => {});
  return result;
}

function settled(measure: () => PixelMeasures): Promise<PixelMeasures> {
  try {
    return Promise.resolve(measure());
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
    if (message.ok) entry.resolve(message.measures);
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
  started.on('exit', (code) => lost(new Error(`the measurement lane exited with code ${code}`)));
}

function startIdleTimer(): void {
  stopIdleTimer();
  if (!Number.isFinite(idleMs)) return;
  idleTimer = setTimeout(() => void closeMeasurementLane(), idleMs);
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
