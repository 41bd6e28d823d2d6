import type { Knex } from 'knex';

/**
 * "A shade's exported properties changed": accepted by the standards, accepted by a reviewer, relabelled
 * by hand, corrected. Listeners (export versions, webhooks, …) run inside the transaction of the change,
 * so their rows commit or roll back with it.
 */
export type ShadeChangeReason = 'accepted' | 'overridden' | 'relabelled' | 'corrected';

export type ShadeChangedListener = (trx: Knex.Transaction, submissionId: string, reason: ShadeChangeReason) => Promise<void>;

export function createShadeEvents() {
  const listeners: ShadeChangedListener[] = [];
  return {
    on(listener: ShadeChangedListener): void {
      listeners.push(listener);
    },
    async emit(trx: Knex.Transaction, submissionId: string, reason: ShadeChangeReason): Promise<void> {
      for (const listener of listeners) await listener(trx, submissionId, reason);
    },
  };
}

export type ShadeEvents = ReturnType<typeof createShadeEvents>;
