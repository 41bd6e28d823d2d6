/**
 * Worker threads for one photo's analysis.
 *
 * Once a photo is segmented, two independent pieces of pixel work remain: the extractor on the
 * colour-bearing part, and the standards' pixel measures (border band, exposure, focus). Each has a
 * lane, a worker thread of its own, and the two run side by side while the analysing thread waits, so
 * a photo's analysis uses two cores where it has them. The image and the masks travel as one block of
 * shared memory (a copy of 6 bytes per analysis pixel, no serialisation); the answers are small.
 *
 * Both pieces leave the analysing thread, not only one: in the bench, the same pixel work ran about
 * half as fast there, right after a decode, as in a lane (measures 22–24 ms there against 9–13 ms in
 * a lane, alongside the extraction in the other lane).
 *
 * The lanes never change a result: a worker runs the same function, and whenever its lane is not
 * ready, has died or is switched off, that piece runs in the calling thread instead.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { getExtractor } from './extractors/registry.ts';
import { measurePixels, type PixelMeasureInput, type PixelMeasures } from './pixel-measures.ts';
import type { ExtractedProperties, ExtractorInput } from './types.ts';

/** What a lane is asked to do; the image and masks are in the request's shared block. */
export type LaneJob =
  | { kind: 'extract'; extractor: string; input: Omit<ExtractorInput, 'image' | 'mask'> }
  | { kind: 'measure'; input: Omit<PixelMeasureInput, 'image' | 'productMask' | 'regionMask'> };

export interface LaneRequest {
  id: number;
  width: number;
  height: number;
  /** See BLOCK: the image, then the colour-bearing part's mask, the product mask and the exposure region's mask. */
  shared: SharedArrayBuffer;
  job: LaneJob;
}

export type LaneResponse =
  | { id: number; ok: true; result: ExtractedProperties | PixelMeasures }
  | { id: number; ok: false; message: string }
  | { ready: true };

/** Byte offsets in a shared block, in pixels of the analysis image (3 bytes of image, then 1 per mask). */
export const BLOCK = { image: 0, partMask: 3, productMask: 4, regionMask: 5, bytesPerPixel: 6 } as const;

/** The photo's two pieces of pixel work: the extraction (null when there is no part) and the measures. */
export interface PhotoWork {
  extract: { extractor: string; input: ExtractorInput } | null;
  measure: PixelMeasureInput;
}

// Compiled, the worker's own JavaScript sits beside this file; from source, an entry registers tsx first.
const ENTRY = import.meta.url.endsWith('.js')
  ? new URL('./analysis-lane-worker.js', import.meta.url)
  : new URL('./analysis-lane-entry.mjs', import.meta.url);
/** After this many deaths of its worker a lane stays off for the life of the thread. */
const MAX_FAILURES = 3;
/** Shared blocks kept for reuse (one per photo in flight; more than two in flight is rare). */
const KEEP_BLOCKS = 2;
/**
 * By default idle lanes stop after this long. A worker thread keeps its process from exiting
 * (unref() is not enough while a module loader is registered), so a CLI run or a test file would
 * otherwise never end; a stream of photos keeps the lanes warm. Long-lived analysis processes (the
 * portal's pool) keep them for good: starting a lane costs far more than one photo's analysis.
 */
const DEFAULT_IDLE_MS = 1000;

interface Pending {
  resolve: (result: ExtractedProperties | PixelMeasures) => void;
  reject: (error: Error) => void;
  release: () => void;
}

interface Lane {
  worker: Worker | null;
  ready: boolean;
  failures: number;
  pending: Map<number, Pending>;
}

const newLane = (): Lane => ({ worker: null, ready: false, failures: 0, pending: new Map() });
/** One lane for the extraction, one for the measures. */
const lanes = { extract: newLane(), measure: newLane() };

let enabled = os.availableParallelism() > 1;
let idleMs = DEFAULT_IDLE_MS;
let nextId = 1;
let idleTimer: NodeJS.Timeout | null = null;
/**
 * Pieces of work done in a lane, and pieces a lane took but the calling thread then did: the lane
 * died or was closed, or the work itself failed there (it is redone here so that the caller gets the
 * very error, class and code included, that the calling thread would have thrown).
 */
const stats = { laneExtracted: 0, laneMeasured: 0, fellBack: 0 };
const freeBlocks: SharedArrayBuffer[] = [];

/**
 * Switches the lanes on or off (off: all pixel work runs in the calling thread), and sets how long
 * they may idle before they stop (Infinity: until closed).
 */
export function configureAnalysisLanes(options: { enabled?: boolean; idleMs?: number }): void {
  if (options.enabled !== undefined) enabled = options.enabled;
  if (options.idleMs !== undefined) idleMs = options.idleMs;
  if (!enabled) void closeAnalysisLanes();
}

/** Whether the next photo's extraction and measures would both run in the lanes. */
export function analysisLanesReady(): boolean {
  return enabled && laneReady(lanes.extract) && laneReady(lanes.measure);
}

/** How much work the lanes have done, and how many pieces fell back to the calling thread (see `stats`). */
export function analysisLaneStats(): { laneExtracted: number; laneMeasured: number; fellBack: number } {
  return { ...stats };
}

/** Stops the lanes' workers; work asked for afterwards starts them again (when enabled). */
export async function closeAnalysisLanes(): Promise<void> {
  stopIdleTimer();
  const workers = Object.values(lanes).map((lane) => {
    const current = lane.worker;
    lane.worker = null;
    lane.ready = false;
    failAll(lane, new Error('The analysis lane was closed.'));
    return current;
  });
  await Promise.all(workers.map((worker) => worker?.terminate()));
}

/**
 * The photo's extraction and pixel measures, each in its lane when that lane is ready (the promises
 * settle when the lanes answer), otherwise here and now. A promise rejects only when the work itself
 * fails; a lane failure falls back to doing that piece here.
 */
export function analyseAside(work: PhotoWork): { extracted: Promise<ExtractedProperties | null>; measures: Promise<PixelMeasures> } {
  const { extract, measure } = work;
  const extractor = extract ? getExtractor(extract.extractor) : null;
  const extractHere = () => (extract && extractor ? extractor.extract(extract.input) : null);
  const measureHere = () => measurePixels(measure);
  const useExtractLane = enabled && extract !== null && laneReady(lanes.extract);
  const useMeasureLane = enabled && laneReady(lanes.measure);
  if (!useExtractLane || !useMeasureLane) startWorkers();
  if (!useExtractLane && !useMeasureLane) return { extracted: settled(extractHere), measures: settled(measureHere) };

  const { block, release } = sharedBlockFor(work, Number(useExtractLane) + Number(useMeasureLane));
  const send = <T,>(lane: Lane, job: LaneJob, fallback: () => T, done: () => void): Promise<T> => {
    const id = nextId++;
    const answer = new Promise<ExtractedProperties | PixelMeasures>((resolve, reject) => lane.pending.set(id, { resolve, reject, release }));
    stopIdleTimer();
    (lane.worker as Worker).postMessage({ id, width: measure.image.width, height: measure.image.height, shared: block, job } satisfies LaneRequest);
    const result = answer.then(
      (value) => {
        done();
        return value as T;
      },
      () => {
        stats.fellBack++;
        return fallback();
      },
    );
    // The caller may fail before awaiting this: that must not become an unhandled rejection.
    result.catch(() => {});
    return result;
  };

  // What goes to a lane is sent first, so that it runs while the calling thread does the rest.
  let extracted: Promise<ExtractedProperties | null> | null = null;
  let measures: Promise<PixelMeasures> | null = null;
  if (useExtractLane && extract) {
    const { image: _image, mask: _mask, ...input } = extract.input;
    extracted = send(lanes.extract, { kind: 'extract', extractor: extract.extractor, input }, extractHere, () => stats.laneExtracted++);
  }
  if (useMeasureLane) {
    const { image: _image, productMask: _product, regionMask: _region, ...input } = measure;
    measures = send(lanes.measure, { kind: 'measure', input }, measureHere, () => stats.laneMeasured++);
  }
  return { extracted: extracted ?? settled(extractHere), measures: measures ?? settled(measureHere) };
}

/** A shared block holding the photo's image and masks, given back for reuse once `users` lanes are done with it. */
function sharedBlockFor(work: PhotoWork, users: number): { block: SharedArrayBuffer; release: () => void } {
  const { image, productMask, regionMask } = work.measure;
  const pixels = image.width * image.height;
  const block = takeBlock(pixels * BLOCK.bytesPerPixel);
  const bytes = new Uint8Array(block, 0, pixels * BLOCK.bytesPerPixel);
  bytes.set(image.data.subarray(0, pixels * 3), pixels * BLOCK.image);
  if (work.extract) bytes.set(work.extract.input.mask.subarray(0, pixels), pixels * BLOCK.partMask);
  bytes.set(productMask.subarray(0, pixels), pixels * BLOCK.productMask);
  bytes.set(regionMask.subarray(0, pixels), pixels * BLOCK.regionMask);
  let left = users;
  return { block, release: () => --left === 0 && giveBack(block) };
}

function laneReady(lane: Lane): boolean {
  return lane.ready && lane.worker !== null;
}

function settled<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    const rejected = Promise.reject(error);
    rejected.catch(() => {});
    return rejected;
  }
}

function startWorkers(): void {
  if (!enabled) return;
  for (const lane of Object.values(lanes)) startWorker(lane);
}

function startWorker(lane: Lane): void {
  if (lane.worker || lane.failures >= MAX_FAILURES) return;
  const started = new Worker(ENTRY);
  lane.worker = started;
  started.unref();
  started.on('message', (message: LaneResponse) => {
    if ('ready' in message) {
      if (lane.worker === started) lane.ready = true;
      startIdleTimer();
      return;
    }
    const entry = lane.pending.get(message.id);
    if (!entry) return;
    lane.pending.delete(message.id);
    if (idle()) startIdleTimer();
    entry.release();
    if (message.ok) entry.resolve(message.result);
    else entry.reject(new Error(message.message));
  });
  const lost = (error: Error): void => {
    if (lane.worker !== started) return;
    lane.failures++;
    lane.worker = null;
    lane.ready = false;
    failAll(lane, error);
  };
  started.on('error', lost);
  started.on('exit', (code) => lost(new Error(`an analysis lane exited with code ${code}`)));
}

function idle(): boolean {
  return Object.values(lanes).every((lane) => lane.pending.size === 0);
}

function startIdleTimer(): void {
  stopIdleTimer();
  if (!Number.isFinite(idleMs)) return;
  idleTimer = setTimeout(() => void closeAnalysisLanes(), idleMs);
  idleTimer.unref();
}

function stopIdleTimer(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
}

function failAll(lane: Lane, error: Error): void {
  for (const [id, entry] of lane.pending) {
    lane.pending.delete(id);
    entry.release();
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
