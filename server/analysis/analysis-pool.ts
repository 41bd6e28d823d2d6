import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { DecodeLimits } from '../../extraction/index.ts';
import type { Rect } from '../../extraction/types.ts';
import type { InspectOptions, PhotoInspection as InspectResult } from '../../validators/inspect-photo.ts';
import type { PhotoMetaInput as InspectMeta } from '../../validators/photo-meta.ts';

/**
 * Pixel work out of the portal's process: a fixed pool of child processes, each running the same
 * `inspectPhoto` the CLI runs. Requests queue in FIFO order, one per child at a time. A child that
 * dies (a native crash in libvips included) is replaced and its request fails with CORRUPT_IMAGE;
 * the HTTP server and the other children carry on.
 */
export interface PhotoInspector {
  inspect(bytes: Buffer, meta: InspectMeta, opts?: InspectOptions): Promise<InspectResult>;
  close(): Promise<void>;
  /** Requests waiting for a free worker (for metrics). */
  queueLength(): number;
}

/** A copy of a photo to render: a re-encoded derivative (metadata stripped), or the PNG crop of a region. */
export type CopySpec =
  | { kind: 'derivative'; maxSide: number; format: 'jpeg' | 'webp'; quality: number }
  | { kind: 'crop'; region: Rect };

/** Renders copies of a photo out of the portal's process (the decode of an original is pixel work too). */
export interface PhotoRenderer {
  render(bytes: Buffer, specs: CopySpec[], limits?: Partial<DecodeLimits>): Promise<Buffer[]>;
  close(): Promise<void>;
}

/** The pool as created: a PhotoInspector and PhotoRenderer, plus the process ids of its live children (for tests and metrics). */
export interface AnalysisPool extends PhotoInspector, PhotoRenderer {
  childPids(): number[];
}

/** What a child is asked to do with a photo's bytes. */
export type ChildRequest =
  | { op: 'inspect'; bytes: Buffer; meta: InspectMeta; opts: InspectOptions }
  | { op: 'render'; bytes: Buffer; specs: CopySpec[]; limits: Partial<DecodeLimits> };

interface Task {
  id: number;
  request: ChildRequest;
  /** Settles the caller's promise with the child's answer (of the type its request asked for). */
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  child: ChildProcess;
  /** Set once the child has loaded the analysis code and said so; no task is sent before. */
  ready: boolean;
  task: Task | null;
  exited: Promise<void>;
}

type ChildMessage =
  | { ready: true }
  | { id: number; ok: boolean; result?: unknown; error?: { message: string; code?: string } };

// Compiled, the child's own JavaScript sits beside this file; from source, an entry registers tsx first.
const CHILD_ENTRY = fileURLToPath(
  import.meta.url.endsWith('.js') ? new URL('./analysis-child.js', import.meta.url) : new URL('./analysis-child-entry.mjs', import.meta.url),
);
/**
 * V8 flags of an analysis child. `--initial-heap-size` (MB) lets the old generation grow that far before
 * its first mark-compact. An analysis leaves a few megabytes of JavaScript objects but some ten of
 * typed arrays (the decoded image, masks, label maps), and V8 counts those backing stores against a
 * small heap's limit: with the default start, a full collection (incremental marking and its
 * finalisation, 4–13 ms) fell inside nearly every photo's analysis. With 64 MB it comes every few
 * dozen photos. At 12 MP a warm analysis took about 15 % less CPU time and 5–10 % less wall time, and
 * a process analysing 40 such photos in a row ended at the same resident memory (about 300 MB). See
 * `npm run bench`, which runs under the same flags.
 */
export const ANALYSIS_PROCESS_FLAGS: readonly string[] = ['--initial-heap-size=64'];
/** A child that dies before it is ready is started again after this pause, not in a tight loop. */
const RESTART_PAUSE_MS = 500;

export function defaultThreadCount(): number {
  return Math.max(1, Math.min(os.availableParallelism(), 8));
}

const closedError = () => Object.assign(new Error('Analysis pool closed'), { code: 'UNAVAILABLE' });

export function createAnalysisPool(threads = defaultThreadCount()): AnalysisPool {
  const queue: Task[] = [];
  const slots: Slot[] = [];
  const pendingRestarts = new Set<NodeJS.Timeout>();
  let nextId = 1;
  let closed = false;
  let closing: Promise<void> | null = null;

  function spawn(): Slot {
    // Only the analysis flags: the parent's (a test runner's, an inspector's) are not the child's; from source, the entry registers tsx.
    // 'advanced' serialization: Buffers and typed arrays (photo bytes, overlay masks) cross as such.
    const child = fork(CHILD_ENTRY, [], { execArgv: [...ANALYSIS_PROCESS_FLAGS], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      // A child that could not be started at all has no 'exit' to wait for.
      child.once('error', () => {
        if (child.pid === undefined) resolve();
      });
    });
    const slot: Slot = { child, ready: false, task: null, exited };
    child.on('message', (msg: ChildMessage) => {
      if ('ready' in msg) {
        slot.ready = true;
        pump();
        return;
      }
      const task = slot.task;
      slot.task = null;
      if (task && task.id === msg.id) {
        if (msg.ok) task.resolve(msg.result!);
        else task.reject(Object.assign(new Error(msg.error?.message ?? 'Analysis failed'), { code: msg.error?.code }));
      }
      pump();
    });
    child.on('error', (err) => replace(slot, err));
    child.on('exit', (code, signal) => {
      if (!closed) replace(slot, new Error(`analysis child exited with ${signal ?? code}`));
    });
    // Like the threads before: an idle pool does not keep the process alive.
    child.unref();
    (child.channel as { unref?: () => void } | null | undefined)?.unref?.();
    return slot;
  }

  function replace(slot: Slot, err: Error): void {
    const index = slots.indexOf(slot);
    if (index === -1) return;
    slot.task?.reject(Object.assign(new Error('The photo could not be analysed.'), { code: 'CORRUPT_IMAGE', cause: err }));
    slot.task = null;
    if (slot.child.exitCode === null && slot.child.signalCode === null) slot.child.kill('SIGKILL');
    if (closed) {
      slots.splice(index, 1);
    } else if (slot.ready) {
      slots[index] = spawn();
    } else {
      // It never got as far as loading the analysis code: pause before the next try.
      slots.splice(index, 1);
      const timer = setTimeout(() => {
        pendingRestarts.delete(timer);
        if (!closed) slots.push(spawn());
      }, RESTART_PAUSE_MS);
      timer.unref();
      pendingRestarts.add(timer);
    }
    pump();
  }

  function pump(): void {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (slot.task || !slot.ready) continue;
      const task = queue.shift()!;
      slot.task = task;
      slot.child.send({ id: task.id, ...task.request }, (err) => {
        if (err && slot.task === task) replace(slot, err);
      });
    }
  }

  // Children die with the portal even when it never gets to close the pool (process.exit, an uncaught error).
  const killAll = () => {
    for (const slot of slots) slot.child.kill('SIGKILL');
  };
  process.once('exit', killAll);

  for (let i = 0; i < threads; i++) slots.push(spawn());

  function run<T>(request: ChildRequest): Promise<T> {
    if (closed) return Promise.reject(closedError());
    return new Promise<T>((resolve, reject) => {
      queue.push({ id: nextId++, request, resolve: resolve as (r: unknown) => void, reject });
      pump();
    });
  }

  return {
    inspect: (bytes, meta, opts = {}) => run<InspectResult>({ op: 'inspect', bytes, meta, opts }),
    // Buffers cross the IPC channel as Uint8Arrays ('advanced' serialization): views, not copies, back to Buffers.
    render: async (bytes, specs, limits = {}) =>
      (await run<Uint8Array[]>({ op: 'render', bytes, specs, limits })).map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)),
    queueLength: () => queue.length,
    childPids: () => slots.filter((s) => s.child.exitCode === null && s.child.signalCode === null).map((s) => s.child.pid!),
    close() {
      if (closing) return closing;
      closed = true;
      process.removeListener('exit', killAll);
      for (const timer of pendingRestarts) clearTimeout(timer);
      pendingRestarts.clear();
      for (const task of queue.splice(0)) task.reject(closedError());
      const ending = slots.splice(0);
      for (const slot of ending) {
        slot.task?.reject(closedError());
        slot.task = null;
        // A child keeps nothing worth saving: its request was just refused, so it ends at once.
        slot.child.kill('SIGKILL');
      }
      closing = Promise.all(ending.map((s) => s.exited)).then(() => undefined);
      return closing;
    },
  };
}

/**
 * A renderer whose pool of children starts on the first render: a portal given its own inspector (tests)
 * starts no children it may never use.
 */
export function createLazyRenderer(create: () => PhotoRenderer): PhotoRenderer {
  let pool: PhotoRenderer | null = null;
  let closed = false;
  return {
    render(bytes, specs, limits) {
      if (closed) return Promise.reject(closedError());
      pool ??= create();
      return pool.render(bytes, specs, limits);
    },
    async close() {
      closed = true;
      await pool?.close();
    },
  };
}
