import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../db/database.ts';
import type { Job, JobQueue } from '../jobs/job-queue.ts';
import { PermanentJobError } from '../jobs/job-queue.ts';
import type { ExportedChange } from './shade-export.ts';
import { SIGNATURE_HEADER, signPayload } from './webhook-signature.ts';
import { InternalTargetError, parseWebhookUrl, postToTarget, type Resolver } from './webhook-target.ts';

/**
 * Webhooks for the 3D team. On every exported shade change, one `webhook.deliver` job per live
 * subscription is enqueued in the change's transaction (the jobs table is the outbox: no event without
 * its commit, no commit without its event). The job POSTs the signed event and is retried with backoff
 * until the receiver answers 2xx; a 410 Gone ends it.
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

const toSubscription = (r: Record<string, any>): WebhookSubscription => ({ id: r.id, url: r.url, createdAt: r.created_at });

export function createWebhooks(deps: { db: Db; jobs: JobQueue; allowPrivateTargets: boolean; now?: () => number; resolve?: Resolver }) {
  const now = deps.now ?? Date.now;
  const targetPolicy = { allowPrivate: deps.allowPrivateTargets };

  async function register(rawUrl: unknown, tokenId: string): Promise<WebhookSubscription & { secret: string }> {
    const url = parseWebhookUrl(rawUrl, targetPolicy);
    const row = {
      id: crypto.randomUUID(),
      url: url.href,
      secret: `whsec_${crypto.randomBytes(32).toString('base64url')}`,
      created_by_token: tokenId,
      created_at: new Date(now()).toISOString(),
      revoked_at: null,
    };
    await deps.db('webhook_subscriptions').insert(row);
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

  /** The job handler: one signed POST; any non-2xx (or network error) throws, so the queue retries. */
  async function deliver(payload: DeliveryPayload, job: Job): Promise<void> {
    const row = await deps.db('webhook_subscriptions').where({ id: payload.subscriptionId }).first();
    if (!row || row.revoked_at) return; // unsubscribed since: nothing to deliver
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
