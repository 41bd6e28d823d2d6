/**
 * A process clock that is `offsetMs` off, for the duration of `fn`: `Date.now()` and `new Date()` are
 * shifted, as on a machine whose clock jumped. The database keeps its own time. Run nothing else
 * concurrently: the shift is process-wide while `fn` runs.
 */
export async function withClockSkew<T>(offsetMs: number, fn: () => Promise<T>): Promise<T> {
  const RealDate = globalThis.Date;
  class SkewedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return RealDate.now() + offsetMs;
    }
  }
  globalThis.Date = SkewedDate as DateConstructor;
  try {
    return await fn();
  } finally {
    globalThis.Date = RealDate;
  }
}
