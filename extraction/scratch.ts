/**
 * Reusable working memory for the per-photo pixel passes.
 *
 * Every analysis used to allocate a dozen image-sized typed arrays that live for a few milliseconds.
 * Their backing stores are external memory, and V8 answers external-memory growth with full
 * mark-compact collections: about a tenth of an analysis went to garbage collection. A pass that
 * needs a temporary array takes it from a named slot here instead; the slot keeps its buffer (grown
 * when a larger photo needs more) for the next photo analysed by the same thread.
 *
 * Rules of use:
 * - the returned view holds stale values: write every element before reading it (or `fill` it);
 * - a slot belongs to one pass: two arrays alive at the same time need two slot names;
 * - nothing taken from here may outlive the synchronous pass that took it or reach a result;
 * - each worker thread has its own module instance, so threads never share a slot.
 */

type Typed = Float32Array | Float64Array | Int32Array | Uint8Array;
type TypedConstructor<T extends Typed> = { new (length: number): T };

const slots = new Map<string, Typed>();
/** A slot grows by this factor beyond what was asked, so slightly larger photos do not reallocate. */
const HEADROOM = 1.25;

function take<T extends Typed>(slot: string, length: number, kind: TypedConstructor<T>): T {
  let buffer = slots.get(slot) as T | undefined;
  if (!buffer || buffer.length < length || !(buffer instanceof kind)) {
    buffer = new kind(Math.ceil(length * HEADROOM));
    slots.set(slot, buffer);
  }
  return buffer.subarray(0, length) as T;
}

export function scratchFloat32(slot: string, length: number): Float32Array {
  return take(slot, length, Float32Array);
}

export function scratchFloat64(slot: string, length: number): Float64Array {
  return take(slot, length, Float64Array);
}

export function scratchInt32(slot: string, length: number): Int32Array {
  return take(slot, length, Int32Array);
}

/** A byte array of `length` zeros. */
export function scratchZeroBytes(slot: string, length: number): Uint8Array {
  return take(slot, length, Uint8Array).fill(0);
}
