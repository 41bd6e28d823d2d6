import { parentPort } from 'node:worker_threads';
import { configureMeasurementLane } from '../../extraction/measurement-lane.ts';
import { inspectPhoto } from '../../validators/inspect-photo.ts';

// This thread lives as long as the pool: its measurement lane stays up with it (and ends with it).
configureMeasurementLane({ idleMs: Infinity });

/** Runs in a worker thread: one inspection at a time, results posted back by id. */
parentPort!.on('message', async (msg: { id: number; bytes: Uint8Array; meta: any; opts: any }) => {
  try {
    const result = await inspectPhoto(Buffer.from(msg.bytes.buffer, msg.bytes.byteOffset, msg.bytes.byteLength), msg.meta, msg.opts);
    parentPort!.postMessage({ id: msg.id, ok: true, result });
  } catch (err) {
    const e = err as { message?: string; code?: string };
    parentPort!.postMessage({ id: msg.id, ok: false, error: { message: e.message ?? 'Analysis failed', code: e.code } });
  }
});
