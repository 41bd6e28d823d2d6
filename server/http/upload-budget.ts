import { AppError } from './errors.ts';

/**
 * Bytes of uploads in flight, per process and per user. An upload reserves what it may carry when it
 * starts (its Content-Length, or the most a request may carry when it declares none) and gives it back
 * when its response closes, however it ends. Stalled uploads therefore hold at most the budget, not
 * the process: past the user's share the answer is 429, past the process's 503, both with Retry-After.
 */
export interface UploadBudget {
  /** Reserves `bytes` for `userKey`; returns the release (idempotent), or throws a coded error. */
  reserve(userKey: string, bytes: number): () => void;
  inFlight(): { total: number; byUser: number };
}

export const UPLOAD_RETRY_AFTER_SECONDS = 10;

export function createUploadBudget(limits: { processBytes: number; userBytes: number }): UploadBudget {
  let total = 0;
  const byUser = new Map<string, number>();

  return {
    reserve(userKey, bytes) {
      const mine = byUser.get(userKey) ?? 0;
      if (mine + bytes > limits.userBytes) {
        throw new AppError('UPLOADS_IN_FLIGHT', 'You have too many uploads in progress; please wait for them to finish.', {
          help: `Try again in ${UPLOAD_RETRY_AFTER_SECONDS} seconds, or send fewer photos at once.`,
        });
      }
      if (total + bytes > limits.processBytes) {
        throw new AppError('UPLOAD_CAPACITY', 'The portal is receiving too many uploads right now; nothing was saved.', {
          help: `Try again in ${UPLOAD_RETRY_AFTER_SECONDS} seconds.`,
        });
      }
      total += bytes;
      byUser.set(userKey, mine + bytes);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total -= bytes;
        const left = (byUser.get(userKey) ?? bytes) - bytes;
        if (left > 0) byUser.set(userKey, left);
        else byUser.delete(userKey);
      };
    },
    inFlight: () => ({ total, byUser: byUser.size }),
  };
}
