import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { isPostgres, type Db } from '../db/database.ts';
import { createDbClock } from '../db/db-clock.ts';

/**
 * A durable job queue in the database. Jobs are enqueued inside the caller's transaction, so a job
 * exists if and only if the state change that caused it committed. Workers claim a job with a lease;
 * a worker that dies simply lets the lease expire and another claims it. Completion checks the lease
 * token, so a stale worker cannot complete (or fail) a job someone else now holds.
 * Every time the queue writes or compares (run_at, lease expiry) is the database's clock (db-clock.ts).
 */
export interface Job<P = unknown> {
  id: string;
  type: string;
  payload: P;
  attempts: number;
  maxAttempts: number;
  leaseToken: string;
}

export interface EnqueueInput {
  type: string;
  payload: unknown;
  /** Same key twice → one job (the second enqueue is ignored). */
  dedupeKey?: string;
  maxAttempts?: number;
  /** Delay before the first attempt. */
  delayMs?: number;
}

export interface QueueStats {
  byStatus: Record<string, number>;
  oldestQueuedAgeSeconds: number;
}

/** A failure that retrying cannot fix (e.g. an SMTP 550): the job goes straight to the dead letter. */
export class PermanentJobError extends Error {
  readonly code = 'PERMANENT_JOB_FAILURE';
}

/**
 * Not a failure: the job cannot run yet (e.g. its webhook's circuit breaker is open). It goes back to
 * the queue for `delayMs` and the attempt is not counted.
 */
export class DeferJobError extends Error {
  readonly code = 'JOB_DEFERRED';
  constructor(message: string, readonly delayMs: number) {
    super(message);
  }
}

/** Exponential backoff with jitter: 2 s, 4 s, 8 s … capped at 10 minutes. */
export function backoffMs(attempt: number, baseMs = 2000, random = Math.random): number {
  const exp = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 10 * 60 * 1000);
  return Math.round(exp * (0.75 + random() * 0.5));
}

export function createJobQueue(db: Db, opts: { backoffBaseMs?: number } = {}) {
  const pg = isPostgres(db);
  const clock = createDbClock(db);

  async function enqueue(conn: Knex | Knex.Transaction, input: EnqueueInput): Promise<string | null> {
    const id = crypto.randomUUID();
    const row = {
      id,
      type: input.type,
      payload: JSON.stringify(input.payload ?? null),
      status: 'queued',
      attempts: 0,
      max_attempts: input.maxAttempts ?? 8,
      run_at: clock.at(conn, input.delayMs ?? 0),
      dedupe_key: input.dedupeKey ?? null,
      created_at: clock.at(conn),
      updated_at: clock.at(conn),
    };
    const inserted = await conn('jobs').insert(row).onConflict('dedupe_key').ignore().returning('id');
    return inserted.length > 0 ? id : null;
  }

  /** Claims the next due job of the given types (or a running one whose lease expired). */
  async function claim(types: string[], leaseMs: number): Promise<Job | null> {
    const due = (q: Knex.QueryBuilder, conn: Knex.Transaction) =>
      q
        .whereIn('type', types)
        .andWhere((w) =>
          w
            .where((x) => x.where('status', 'queued').andWhere('run_at', '<=', clock.at(conn)))
            .orWhere((x) => x.where('status', 'running').andWhere('lease_expires_at', '<', clock.at(conn))),
        )
        .orderBy('run_at')
        .limit(1);

    return db.transaction(async (trx) => {
      const candidate = pg
        ? await due(trx('jobs').select('*'), trx).forUpdate().skipLocked().first()
        : await due(trx('jobs').select('*'), trx).first();
      if (!candidate) return null;
      const leaseToken = crypto.randomUUID();
      // The guard repeats the due condition so two processes racing on SQLite cannot both win.
      const updated = await trx('jobs')
        .where({ id: candidate.id, updated_at: candidate.updated_at })
        .update({
          status: 'running',
          attempts: candidate.attempts + 1,
          lease_token: leaseToken,
          lease_expires_at: clock.at(trx, leaseMs),
          updated_at: clock.at(trx),
        });
      if (updated !== 1) return null;
      return {
        id: candidate.id,
        type: candidate.type,
        payload: JSON.parse(candidate.payload),
        attempts: Number(candidate.attempts) + 1,
        maxAttempts: Number(candidate.max_attempts),
        leaseToken,
      };
    });
  }

  async function complete(job: Job): Promise<boolean> {
    const updated = await db('jobs')
      .where({ id: job.id, lease_token: job.leaseToken, status: 'running' })
      .update({ status: 'done', lease_token: null, lease_expires_at: null, completed_at: clock.at(db), updated_at: clock.at(db), last_error: null });
    return updated === 1;
  }

  /** Records a failed attempt: retried later with backoff, or dead-lettered. Returns the new status. */
  async function fail(job: Job, error: unknown): Promise<'queued' | 'dead' | 'lost'> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    if (error instanceof DeferJobError) {
      const updated = await db('jobs')
        .where({ id: job.id, lease_token: job.leaseToken, status: 'running' })
        .update({ status: 'queued', attempts: job.attempts - 1, lease_token: null, lease_expires_at: null, run_at: clock.at(db, error.delayMs), last_error: message, updated_at: clock.at(db) });
      return updated === 1 ? 'queued' : 'lost';
    }
    const dead = error instanceof PermanentJobError || job.attempts >= job.maxAttempts;
    const updated = await db('jobs')
      .where({ id: job.id, lease_token: job.leaseToken, status: 'running' })
      .update({
        status: dead ? 'dead' : 'queued',
        lease_token: null,
        lease_expires_at: null,
        run_at: clock.at(db, dead ? 0 : backoffMs(job.attempts, opts.backoffBaseMs)),
        last_error: message,
        updated_at: clock.at(db),
      });
    if (updated !== 1) return 'lost';
    return dead ? 'dead' : 'queued';
  }

  async function stats(): Promise<QueueStats> {
    const rows = await db('jobs').select('status').count({ n: '*' }).groupBy('status');
    const byStatus: Record<string, number> = {};
    for (const r of rows as Array<{ status: string; n: number | string }>) byStatus[r.status] = Number(r.n);
    const oldest = await db('jobs').where({ status: 'queued' }).min({ t: 'created_at' }).first();
    const oldestAt = oldest?.t ? Date.parse(String(oldest.t)) : null;
    return { byStatus, oldestQueuedAgeSeconds: oldestAt ? Math.max(0, ((await currentTime()) - oldestAt) / 1000) : 0 };
  }

  /** The database's clock (ms since the epoch): what run_at and lease expiry are compared with. */
  const currentTime = (): Promise<number> => clock.now();

  return { enqueue, claim, complete, fail, stats, currentTime };
}

export type JobQueue = ReturnType<typeof createJobQueue>;
