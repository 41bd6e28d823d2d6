import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
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

/** The pool as created: a PhotoInspector, plus the process ids of its live children (for tests and metrics). */
export interface AnalysisPool extends PhotoInspector {
  childPids(): number[];
}

interface Task {
  id: number;
  bytes: Buffer;
  meta: InspectMeta;
  opts: InspectOptions;
  resolve: (r: InspectResult) => void;
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
  | { id: number; ok: boolean; result?: InspectResult; error?: { message: string; code?: string } };

const CHILD_ENTRY = fileURLToPath(new URL('./analysis-child-entry.mjs', import.meta.url));
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
    // No execArgv: the parent's flags (a test runner's, an inspector's) are not the child's; the entry registers tsx.
    // 'advanced' serialization: Buffers and typed arrays (photo bytes, overlay masks) cross as such.
    const child = fork(CHILD_ENTRY, [], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
      slot.child.send({ id: task.id, bytes: task.bytes, meta: task.meta, opts: task.opts }, (err) => {
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

  return {
    inspect(bytes, meta, opts = {}) {
      if (closed) return Promise.reject(closedError());
      return new Promise<InspectResult>((resolve, reject) => {
        queue.push({ id: nextId++, bytes, meta, opts, resolve, reject });
        pump();
      });
    },
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
