import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../db/database.ts';
import { AppError, notFound } from '../http/errors.ts';
import type { Photo, Submission, SubmissionRepository, Viewer } from '../repositories/submission-repository.ts';
import type { User } from '../repositories/user-repository.ts';
import type { DecisionHook, SubmissionService, UploadedPhoto } from '../submissions/submission-service.ts';
import { decodeCursor, encodeCursor } from './api-cursor.ts';

/**
 * Submissions made by a brand's own systems (the API and bulk upload): the same `submissionService.submit`
 * as the page, plus two guarantees that a retrying client needs:
 * - an `Idempotency-Key` (per brand) maps to the one submission it created; the same key with the same
 *   request answers that submission again, with a different request it is refused;
 * - the same photo bytes for the same shade code by the same brand never make a second submission.
 * Both are rows written by a decision hook INSIDE the submission's transaction, under a primary key: of a
 * storm of identical parallel requests exactly one commits, the others roll back (their files removed)
 * and answer the winner's submission.
 */
export interface SubmitOutcome {
  submission: Submission;
  photos: Photo[];
  duplicate: boolean;
}

interface ScopedRequest {
  brandId: string;
  shadeCode: string;
  fingerprint: string;
  idempotency: { key: string; requestHash: string; tokenId: string | null } | null;
}

class DuplicateRequest extends Error {
  constructor(readonly by: 'key' | 'fingerprint') {
    super(`duplicate by ${by}`);
  }
}

const sha256 = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** Identity of a set of photos: the sorted `view:sha256` of each. */
export function photoFingerprint(files: UploadedPhoto[]): string {
  return sha256(files.map((f) => `${f.view}:${sha256(f.bytes)}`).sort().join('\n'));
}

const KNOWN_FIELDS = ['productLine', 'shadeCode', 'shadeName', 'category', 'declaredFinish', 'swatchHex', 'replacesId'];

function requestHash(rawFields: unknown, files: UploadedPhoto[]): string {
  const fields = (rawFields ?? {}) as Record<string, unknown>;
  const known = KNOWN_FIELDS.map((k) => [k, typeof fields[k] === 'string' ? (fields[k] as string).trim() : null]);
  return sha256(JSON.stringify({ fields: known, photos: photoFingerprint(files) }));
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function createSubmissionApi(deps: {
  db: Db;
  submissions: SubmissionRepository;
  submissionService: SubmissionService;
  onDecision: DecisionHook[];
}) {
  const scope = new AsyncLocalStorage<ScopedRequest>();

  deps.onDecision.push(async (trx, submission) => {
    const request = scope.getStore();
    // Only submissions made through submitOnce carry a scope; the page's own submissions are untouched.
    if (!request || request.brandId !== submission.brandId) return;
    const now = new Date().toISOString();
    if (request.idempotency) {
      const inserted = await insertIgnoring(trx, 'api_idempotency_keys', {
        brand_id: request.brandId,
        idempotency_key: request.idempotency.key,
        request_hash: request.idempotency.requestHash,
        submission_id: submission.id,
        token_id: request.idempotency.tokenId,
        created_at: now,
      });
      if (!inserted) throw new DuplicateRequest('key');
    }
    const inserted = await insertIgnoring(trx, 'submission_fingerprints', {
      brand_id: request.brandId,
      shade_code: request.shadeCode,
      fingerprint: request.fingerprint,
      submission_id: submission.id,
      created_at: now,
    });
    if (!inserted) throw new DuplicateRequest('fingerprint');
  });

  async function insertIgnoring(trx: Knex.Transaction, table: string, row: Record<string, unknown>): Promise<boolean> {
    const result = await trx(table).insert(row).onConflict().ignore().returning('submission_id');
    return result.length > 0;
  }

  const viewerFor = (user: User): Viewer => ({ userId: user.id, role: 'brand', brandId: user.brandId });

  async function outcome(submissionId: string, user: User, duplicate: boolean): Promise<SubmitOutcome> {
    const submission = await deps.submissions.findForViewer(submissionId, viewerFor(user));
    if (!submission) throw notFound('That submission');
    return { submission, photos: await deps.submissions.photosOf(submission.id), duplicate };
  }

  /** The earlier submission this request repeats, if any (cheap lookups before any pixel is decoded). */
  async function earlier(request: ScopedRequest): Promise<string | null> {
    if (request.idempotency) {
      const row = await deps.db('api_idempotency_keys')
        .where({ brand_id: request.brandId, idempotency_key: request.idempotency.key })
        .first();
      if (row) {
        if (row.request_hash !== request.idempotency.requestHash) {
          throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request.', {
            context: { field: 'Idempotency-Key' },
            help: 'Use a new key for every distinct submission; reuse a key only to retry the very same request.',
            text: { message: 'errors:api.idempotencyKeyReused', help: 'errors:api.helpIdempotencyKey' },
          });
        }
        return row.submission_id;
      }
    }
    const row = await deps.db('submission_fingerprints')
      .where({ brand_id: request.brandId, shade_code: request.shadeCode, fingerprint: request.fingerprint })
      .first();
    return row?.submission_id ?? null;
  }

  /**
   * Submits at most once per Idempotency-Key and per (shade code, photo bytes). `duplicate` says whether
   * an earlier submission was answered instead of a new one being made.
   */
  async function submitOnce(
    user: User,
    rawFields: unknown,
    files: UploadedPhoto[],
    opts: { idempotencyKey?: string; tokenId?: string } = {},
  ): Promise<SubmitOutcome> {
    if (user.role !== 'brand' || !user.brandId) throw new AppError('FORBIDDEN', 'Only brand users submit shades.', { text: { message: 'errors:api.brandOnlySubmit' } });
    if (opts.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(opts.idempotencyKey)) {
      throw new AppError('BAD_REQUEST', 'The Idempotency-Key header must be 1–200 visible ASCII characters.', {
        context: { field: 'Idempotency-Key' },
        text: { message: 'errors:api.idempotencyKeyInvalid' },
      });
    }
    const fields = (rawFields ?? {}) as Record<string, unknown>;
    const request: ScopedRequest = {
      brandId: user.brandId,
      shadeCode: typeof fields.shadeCode === 'string' ? fields.shadeCode.trim().toLowerCase().slice(0, 40) : '',
      fingerprint: photoFingerprint(files),
      idempotency: opts.idempotencyKey
        ? { key: opts.idempotencyKey, requestHash: requestHash(rawFields, files), tokenId: opts.tokenId ?? null }
        : null,
    };
    // An incomplete form is refused as such, never matched to an earlier submission.
    await deps.submissionService.checkForm(user, rawFields, files);
    const before = await earlier(request);
    if (before) return outcome(before, user, true);
    try {
      const submission = await scope.run(request, () => deps.submissionService.submit(user, rawFields, files));
      return { submission, photos: await deps.submissions.photosOf(submission.id), duplicate: false };
    } catch (err) {
      if (!(err instanceof DuplicateRequest)) throw err;
      // A parallel twin committed first: answer its submission (or refuse a key reused for another request).
      const winner = await earlier(request);
      if (!winner) throw new AppError('CONFLICT', 'A parallel request for the same submission did not finish; retry.', { text: { message: 'errors:api.parallelRequest' } });
      return outcome(winner, user, true);
    }
  }

  /** The brand's own submissions, newest first, keyset-paginated on (created_at, id). */
  async function list(user: User, filter: { status?: string; cursor?: string; limit: number }) {
    const q = deps.db('submissions')
      .where({ brand_id: user.brandId ?? '\u0000none' })
      .select('id', 'created_at')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit + 1);
    if (filter.status) q.where({ status: filter.status });
    if (filter.cursor) {
      const [createdAt, id] = decodeCursor(filter.cursor, 2);
      q.where((w) => w.where('created_at', '<', createdAt).orWhere((x) => x.where('created_at', createdAt).andWhere('id', '<', id)));
    }
    const rows: Array<{ id: string; created_at: string }> = await q;
    const page = rows.slice(0, filter.limit);
    const items = await Promise.all(page.map((r) => outcome(r.id, user, false)));
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor([last.created_at, last.id]) : null };
  }

  return { submitOnce, list, outcome };
}

export type SubmissionApi = ReturnType<typeof createSubmissionApi>;
