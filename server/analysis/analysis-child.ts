import { lockImageLoaders, renderDerivative, type DecodeLimits } from '../../extraction/index.ts';
import { configureAnalysisLanes } from '../../extraction/analysis-lane.ts';
import { inspectPhoto } from '../../validators/inspect-photo.ts';
import { renderRegionCrop } from '../api/region-crop.ts';
import type { ChildRequest, CopySpec } from './analysis-pool.ts';

/**
 * Runs in a child process of the analysis pool: one inspection at a time, results sent back by id.
 * A native crash while decoding (libvips) ends this process only; the pool replaces it.
 */
const send = process.send?.bind(process);
if (!send) throw new Error('analysis-child must be started by the analysis pool (fork with an IPC channel)');

// Untrusted bytes are decoded here: only the accepted photo formats, from buffers, whatever the parent locked.
lockImageLoaders();
// This process lives as long as the pool: its analysis lanes stay up with it (and end with it).
configureAnalysisLanes({ idleMs: Infinity });

// Never outlive the portal: the IPC channel closes when the parent exits, is killed or closes the pool.
process.on('disconnect', () => process.exit(0));
// It may have closed already while this process was loading, before the listener above was added.
if (!process.connected) process.exit(0);

/** The copies of a photo, one after the other (each is a full decode: not all at once in one child). */
async function renderCopies(bytes: Buffer, specs: CopySpec[], limits: Partial<DecodeLimits>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const spec of specs) {
    out.push(
      spec.kind === 'crop'
        ? await renderRegionCrop(bytes, spec.region, limits)
        : await renderDerivative(bytes, { maxSide: spec.maxSide, format: spec.format, quality: spec.quality }, limits),
    );
  }
  return out;
}

process.on('message', async (msg: ChildRequest & { id: number }) => {
  let reply: unknown;
  try {
    const bytes = Buffer.from(msg.bytes.buffer, msg.bytes.byteOffset, msg.bytes.byteLength);
    const result = msg.op === 'render' ? await renderCopies(bytes, msg.specs, msg.limits) : await inspectPhoto(bytes, msg.meta, msg.opts);
    reply = { id: msg.id, ok: true, result };
  } catch (err) {
    const e = err as { message?: string; code?: string };
    reply = { id: msg.id, ok: false, error: { message: e.message ?? 'Analysis failed', code: e.code } };
  }
  if (!process.connected) return;
  try {
    send(reply, undefined, {}, () => undefined);
  } catch (err) {
    send({ id: msg.id, ok: false, error: { message: `Analysis result could not be sent: ${(err as Error).message}` } }, undefined, {}, () => undefined);
  }
});

send({ ready: true });
