import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { isPostgres, type Db } from '../db/database.ts';
import type { Job, JobQueue } from '../jobs/job-queue.ts';
import { DeferJobError, PermanentJobError } from '../jobs/job-queue.ts';
import { AppError } from '../http/errors.ts';
import type { ExportedChange } from './shade-export.ts';
import { SIGNATURE_HEADER, signPayload } from './webhook-signature.ts';
import { InternalTargetError, parseWebhookUrl, postToTarget, type Resolver } from './webhook-target.ts';
import type { DbRow } from '../db/db-row.ts';

/**
 * Webhooks for the 3D team. On every exported shade change, one `webhook.deliver` job per live
 * subscription is enqueued in the change's transaction (the jobs table is the outbox: no event without
 * its commit, no commit without its event). The job POSTs the signed event and is retried with backoff
 * until the receiver answers 2xx; a 410 Gone ends it.
 *
 * Deliveries run on a queue of their own (see main.ts), a token holds a bounded number of subscriptions,
 * and each subscription has a circuit breaker: after `breaker.failures` failed deliveries in a row its
 * deliveries are paused for `breaker.cooldownMs` (their jobs wait without spending attempts), then one
 * is tried again; a success closes the breaker.
 */
export const WEBHOOK_JOB = 'webhook.deliver';
const DELIVERY_TIMEOUT_MS = 10_000;

export interface WebhookSubscription {
  id: string;
  url: string;
  createdAt: string;
}

interface DeliveryPayload {
  subscriptionId: string;
  event: { id: string; type: string; createdAt: string; shade: unknown };
}

const toSubscription = (r: DbRow): WebhookSubscription => ({ id: r.id, url: r.url, createdAt: r.created_at });

export interface WebhookLimits {
  /** Live subscriptions per token. */
  maxPerToken: number;
  breaker: { failures: number; cooldownMs: number };
}

export function createWebhooks(deps: { db: Db; jobs: JobQueue; allowPrivateTargets: boolean; limits: WebhookLimits; now?: () => number; resolve?: Resolver }) {
  const now = deps.now ?? Date.now;
  const targetPolicy = { allowPrivate: deps.allowPrivateTargets };
  const { maxPerToken, breaker } = deps.limits;

  async function register(rawUrl: unknown, tokenId: string): Promise<WebhookSubscription & { secret: string }> {
    const url = parseWebhookUrl(rawUrl, targetPolicy);
    return deps.db.transaction(async (trx) => {
      // The token's row is locked (PostgreSQL) so two registrations racing cannot both take the last place.
      if (isPostgres(deps.db)) await trx('api_tokens').where({ id: tokenId }).forUpdate().first();
      const live = await trx('webhook_subscriptions').where({ created_by_token: tokenId }).whereNull('revoked_at').count({ n: '*' }).first();
      if (Number(live?.n ?? 0) >= maxPerToken) {
        throw new AppError('WEBHOOK_LIMIT_REACHED', `This token already has ${maxPerToken} webhooks, the most it may hold.`, {
          help: 'Remove a webhook you no longer need (DELETE /api/v1/webhooks/{id}), or send several event types to one receiver.',
          text: { message: 'errors:api.webhookLimit', help: 'errors:api.helpWebhookLimit', values: { max: maxPerToken } },
        });
      }
      return insertSubscription(trx, url, tokenId);
    });
  }

  async function insertSubscription(trx: Knex.Transaction, url: URL, tokenId: string): Promise<WebhookSubscription & { secret: string }> {
    const row = {
      id: crypto.randomUUID(),
      url: url.href,
      secret: `whsec_${crypto.randomBytes(32).toString('base64url')}`,
      created_by_token: tokenId,
      created_at: new Date(now()).toISOString(),
      revoked_at: null,
    };
    await trx('webhook_subscriptions').insert(row);
    return { ...toSubscription(row), secret: row.secret };
  }

  /** Enqueues a delivery per live subscription, inside the change's transaction. */
  async function enqueueFor(trx: Knex.Transaction, change: ExportedChange): Promise<void> {
    const subscriptions = await trx('webhook_subscriptions').whereNull('revoked_at').select('id');
    const eventId = `${change.document.id}.v${change.document.version}`;
    for (const s of subscriptions) {
      const payload: DeliveryPayload = {
        subscriptionId: s.id,
        event: { id: eventId, type: `shade.${change.reason}`, createdAt: change.document.updatedAt, shade: change.document },
      };
      await deps.jobs.enqueue(trx, { type: WEBHOOK_JOB, payload, dedupeKey: `webhook:${s.id}:${eventId}`, maxAttempts: 15 });
    }
  }

  /**
   * The job handler: one signed POST; any non-2xx (or network error) throws, so the queue retries.
   * While the subscription's breaker is open, the job is deferred to the end of the cool-down.
   */
  async function deliver(payload: DeliveryPayload, job: Job): Promise<void> {
    const row = await deps.db('webhook_subscriptions').where({ id: payload.subscriptionId }).first();
    if (!row || row.revoked_at) return; // unsubscribed since: nothing to deliver
    const pausedFor = row.paused_until ? Date.parse(row.paused_until) - now() : 0;
    if (pausedFor > 0) throw new DeferJobError(`deliveries to webhook ${row.id} are paused after ${row.consecutive_failures} failures`, pausedFor);
    try {
      await post(row, payload, job);
    } catch (err) {
      if (!(err instanceof PermanentJobError)) await recordFailure(row.id);
      throw err;
    }
    if (Number(row.consecutive_failures) > 0 || row.paused_until) {
      await deps.db('webhook_subscriptions').where({ id: row.id }).update({ consecutive_failures: 0, paused_until: null });
    }
  }

  async function post(row: DbRow, payload: DeliveryPayload, job: Job): Promise<void> {
    const url = new URL(row.url);
    const permanentIfInternal = (err: unknown) => {
      throw err instanceof InternalTargetError ? new PermanentJobError(err.message) : err;
    };
    const body = JSON.stringify(payload.event);
    const timestamp = Math.floor(now() / 1000);
    const status = await postToTarget(url, body, {
      ...targetPolicy,
      timeoutMs: DELIVERY_TIMEOUT_MS,
      resolve: deps.resolve,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Shadegate-Webhooks/1',
        'Shadegate-Event-Id': payload.event.id,
        'Shadegate-Event-Type': payload.event.type,
        'Shadegate-Delivery-Attempt': String(job.attempts),
        [SIGNATURE_HEADER]: signPayload(row.secret, body, timestamp),
      },
    }).catch(permanentIfInternal);
    if (status === 410) throw new PermanentJobError(`receiver answered 410 Gone for ${payload.event.id}`);
    if (status < 200 || status > 299) throw new Error(`receiver answered ${status}`);
  }

  /** One more failure in a row; at the limit the breaker opens (and re-opens after a failed trial). */
  async function recordFailure(id: string): Promise<void> {
    await deps.db('webhook_subscriptions').where({ id }).increment('consecutive_failures', 1);
    await deps.db('webhook_subscriptions')
      .where({ id })
      .andWhere('consecutive_failures', '>=', breaker.failures)
      .update({ paused_until: new Date(now() + breaker.cooldownMs).toISOString() });
  }

  return {
    register,
    enqueueFor,
    deliver,
    async list(): Promise<WebhookSubscription[]> {
      return (await deps.db('webhook_subscriptions').whereNull('revoked_at').orderBy('created_at')).map(toSubscription);
    },
    async revoke(id: string): Promise<boolean> {
      return (await deps.db('webhook_subscriptions').where({ id }).whereNull('revoked_at').update({ revoked_at: new Date(now()).toISOString() })) === 1;
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
