import type { Logger } from '../logger.ts';
import { DeferJobError, type Job, type JobQueue } from './job-queue.ts';

// Each handler declares the payload its job kind carries (stored as JSON by the queue); a handler table
// mixes kinds, so the table's type cannot name one payload type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobHandler = (payload: any, job: Job) => Promise<void>;

/**
 * Polls the queue and runs handlers, up to `concurrency` at once. Used inside the web process on one
 * machine, and by `npm run worker` processes when scaled out. `stop()` waits for running jobs.
 */
export function createJobRunner(deps: {
  queue: JobQueue;
  handlers: Record<string, JobHandler>;
  logger: Logger;
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
  onResult?: (type: string, outcome: 'done' | 'queued' | 'dead' | 'lost', ms: number) => void;
}) {
  const concurrency = deps.concurrency ?? 2;
  const pollMs = deps.pollMs ?? 500;
  const leaseMs = deps.leaseMs ?? 60_000;
  const types = Object.keys(deps.handlers);
  const running = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let wake: (() => void) | null = null;

  async function runOne(job: Job): Promise<void> {
    const started = Date.now();
    try {
      await deps.handlers[job.type](job.payload, job);
      const ok = await deps.queue.complete(job);
      deps.onResult?.(job.type, ok ? 'done' : 'lost', Date.now() - started);
      if (!ok) deps.logger.warn('job lease lost before completion', { jobId: job.id, type: job.type });
    } catch (err) {
      const outcome = await deps.queue.fail(job, err).catch(() => 'lost' as const);
      deps.onResult?.(job.type, outcome, Date.now() - started);
      const log = outcome === 'dead' ? deps.logger.error : err instanceof DeferJobError ? deps.logger.debug : deps.logger.warn;
      log(err instanceof DeferJobError ? 'job deferred' : 'job failed', { jobId: job.id, type: job.type, attempt: job.attempts, outcome, error: err instanceof Error ? err.message : String(err) });
    }
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      let claimed = false;
      while (!stopped && running.size < concurrency) {
        const job = await deps.queue.claim(types, leaseMs).catch((err) => {
          deps.logger.warn('job claim failed', { error: err instanceof Error ? err.message : String(err) });
          return null;
        });
        if (!job) break;
        claimed = true;
        const p = runOne(job).finally(() => running.delete(p));
        running.add(p);
      }
      if (stopped) break;
      if (running.size >= concurrency) await Promise.race(running);
      else if (!claimed) await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
      });
      wake = null;
    }
  }

  let loopDone: Promise<void> = Promise.resolve();
  return {
    start() {
      if (!stopped || types.length === 0) return;
      stopped = false;
      loopDone = loop();
    },
    /** Nudges an idle runner to poll now (after an enqueue in this process). */
    poke() {
      if (timer) clearTimeout(timer);
      wake?.();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loopDone;
      await Promise.allSettled([...running]);
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;

/**
 * Several runners, each with its own job types and slots, driven as one: a slow kind of job (webhooks
 * to a slow receiver) fills only its own slots and never delays the others (mail).
 */
export function runTogether(runners: JobRunner[]): JobRunner {
  return {
    start: () => runners.forEach((r) => r.start()),
    poke: () => runners.forEach((r) => r.poke()),
    stop: async () => {
      await Promise.all(runners.map((r) => r.stop()));
    },
  };
}
