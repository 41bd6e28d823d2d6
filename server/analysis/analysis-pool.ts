import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { InspectOptions, PhotoInspection as InspectResult } from '../../validators/inspect-photo.ts';
import type { PhotoMetaInput as InspectMeta } from '../../validators/photo-meta.ts';

/**
 * Pixel work off the main thread: a fixed pool of worker threads, each running the same
 * `inspectPhoto` the CLI runs. Requests queue in FIFO order; a crashed worker is replaced and
 * its request fails with UNAVAILABLE instead of taking the server down.
 */
export interface PhotoInspector {
  inspect(bytes: Buffer, meta: InspectMeta, opts?: InspectOptions): Promise<InspectResult>;
  close(): Promise<void>;
  /** Requests waiting for a free worker (for metrics). */
  queueLength(): number;
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
  worker: Worker;
  task: Task | null;
}

const WORKER_URL = new URL('./analysis-worker-entry.mjs', import.meta.url);

export function defaultThreadCount(): number {
  return Math.max(1, Math.min(os.availableParallelism(), 8));
}

export function createAnalysisPool(threads = defaultThreadCount()): PhotoInspector {
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_URL), task: null };
    slot.worker.on('message', (msg: { id: number; ok: boolean; result?: InspectResult; error?: { message: string; code?: string } }) => {
      const task = slot.task;
      slot.task = null;
      if (task && task.id === msg.id) {
        if (msg.ok) task.resolve(msg.result!);
        else task.reject(Object.assign(new Error(msg.error?.message ?? 'Analysis failed'), { code: msg.error?.code }));
      }
      pump();
    });
    slot.worker.on('error', (err) => replace(slot, err));
    slot.worker.on('exit', (code) => {
      if (!closed && code !== 0) replace(slot, new Error(`analysis worker exited with ${code}`));
    });
    slot.worker.unref();
    return slot;
  }

  function replace(slot: Slot, err: Error): void {
    const index = slots.indexOf(slot);
    if (index === -1) return;
    slot.task?.reject(Object.assign(new Error('The photo could not be analysed.'), { code: 'CORRUPT_IMAGE', cause: err }));
    slot.task = null;
    void slot.worker.terminate();
    if (!closed) slots[index] = spawn();
    else slots.splice(index, 1);
    pump();
  }

  function pump(): void {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (slot.task) continue;
      const task = queue.shift()!;
      slot.task = task;
      slot.worker.postMessage({ id: task.id, bytes: task.bytes, meta: task.meta, opts: task.opts });
    }
  }

  for (let i = 0; i < threads; i++) slots.push(spawn());

  return {
    inspect(bytes, meta, opts = {}) {
      if (closed) return Promise.reject(Object.assign(new Error('Analysis pool closed'), { code: 'UNAVAILABLE' }));
      return new Promise<InspectResult>((resolve, reject) => {
        queue.push({ id: nextId++, bytes, meta, opts, resolve, reject });
        pump();
      });
    },
    queueLength: () => queue.length,
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(Object.assign(new Error('Analysis pool closed'), { code: 'UNAVAILABLE' }));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
