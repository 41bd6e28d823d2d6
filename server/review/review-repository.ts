import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { ExtractionResult, Rect } from '../../extraction/types.ts';
import type { Db } from '../db/database.ts';
import { parseJsonColumn } from '../db/json-column.ts';
import type { DbRow } from '../db/db-row.ts';

/**
 * The review queue's reads and the reviewers' writes: queue membership and filters, counts per failed
 * rule, a brand's history for a shade code, the audit log and human labels. Plain camelCase objects.
 */

/**
 * What the queue's status filter accepts. `open`: waiting for a person — refused and not yet replaced by
 * the brand's resubmission, or accepted with a doubtful extraction and no human label yet.
 */
export const QUEUE_STATUSES = ['open', 'rejected', 'accepted', 'upheld', 'new_photo_requested', 'overridden', 'all'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export interface QueueFilter {
  status: QueueStatus;
  brandId?: string;
  rule?: string;
  /** Inclusive UTC dates, YYYY-MM-DD. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface QueueItem {
  id: string;
  brandId: string;
  brandName: string;
  productLine: string;
  shadeCode: string;
  shadeName: string;
  swatchHex: string;
  status: string;
  confidence: number | null;
  failedRules: string[];
  labelled: boolean;
  createdAt: string;
}

export interface AuditEntry {
  id: string;
  actorId: string;
  actorName: string;
  action: string;
  subjectType: string;
  subjectId: string;
  note: string | null;
  before: unknown;
  after: unknown;
  createdAt: string;
}

export interface PhotoLabel {
  id: string;
  photoId: string;
  submissionId: string;
  labelledBy: string;
  region: Rect;
  pickedHex: string | null;
  extraction: ExtractionResult;
  createdAt: string;
}

const REVIEWED_STATUSES = ['upheld', 'new_photo_requested', 'overridden'];

function toLabel(r: DbRow): PhotoLabel {
  return {
    id: r.id,
    photoId: r.photo_id,
    submissionId: r.submission_id,
    labelledBy: r.labelled_by,
    region: { x: Number(r.region_x), y: Number(r.region_y), width: Number(r.region_width), height: Number(r.region_height) },
    pickedHex: r.picked_hex,
    extraction: JSON.parse(r.extraction) as ExtractionResult,
    createdAt: r.created_at,
  };
}

export function createReviewRepository(db: Db, opts: { minConfidence: number }) {
  const hasLabel = (q: Knex.QueryBuilder) => q.select(db.raw('1')).from('photo_labels as pl').whereRaw('pl.submission_id = submissions.id');
  const doubtful = (w: Knex.QueryBuilder) =>
    w.where('submissions.status', 'accepted').andWhere((c) => c.whereNull('ri.confidence').orWhere('ri.confidence', '<', opts.minConfidence));

  const replacement = (q: Knex.QueryBuilder) => q.select(db.raw('1')).from('submissions as newer').whereRaw('newer.replaces_id = submissions.id');

  function applyStatus(q: Knex.QueryBuilder, status: QueueStatus): void {
    if (status === 'open') {
      q.where((w) =>
        w.where((r) => r.where('submissions.status', 'rejected').whereNotExists(replacement)).orWhere((d) => doubtful(d).whereNotExists(hasLabel)),
      );
    } else if (status === 'accepted') {
      q.where((w) => doubtful(w));
    } else if (status === 'all') {
      q.where((w) => w.whereIn('submissions.status', ['rejected', ...REVIEWED_STATUSES]).orWhere((d) => doubtful(d)));
    } else {
      q.where('submissions.status', status);
    }
  }

  /** The queue without the rule filter (so counts per rule describe the whole filtered set). */
  function queueBase(filter: Omit<QueueFilter, 'limit' | 'offset'>) {
    const q = db('submissions')
      .join('brands', 'brands.id', 'submissions.brand_id')
      .leftJoin('review_index as ri', 'ri.submission_id', 'submissions.id');
    applyStatus(q, filter.status);
    if (filter.brandId) q.where('submissions.brand_id', filter.brandId);
    if (filter.from) q.where('submissions.created_at', '>=', `${filter.from}T00:00:00.000Z`);
    if (filter.to) q.where('submissions.created_at', '<', nextDay(filter.to));
    return q;
  }

  function withRule(q: Knex.QueryBuilder, rule: string | undefined) {
    if (rule) {
      q.whereExists((e) =>
        e.select(db.raw('1')).from('review_failed_rules as fr').whereRaw('fr.submission_id = submissions.id').andWhere('fr.rule', rule),
      );
    }
    return q;
  }

  return {
    /** Oldest first: the longest-waiting brand is answered first. */
    async queue(filter: QueueFilter): Promise<{ items: QueueItem[]; total: number }> {
      const [{ n }] = await withRule(queueBase(filter), filter.rule).count({ n: '*' });
      const rows = await withRule(queueBase(filter), filter.rule)
        .select('submissions.*', 'brands.name as brand_name', 'ri.confidence as review_confidence')
        .select(db.raw('exists (select 1 from photo_labels pl where pl.submission_id = submissions.id) as labelled'))
        .orderBy('submissions.created_at', 'asc')
        .orderBy('submissions.id', 'asc')
        .limit(filter.limit)
        .offset(filter.offset);
      const ids = rows.map((r: DbRow) => r.id as string);
      const rules = ids.length ? await db('review_failed_rules').whereIn('submission_id', ids).select('submission_id', 'rule') : [];
      const rulesOf = (id: string) => rules.filter((r: DbRow) => r.submission_id === id).map((r: DbRow) => r.rule as string).sort();
      return {
        total: Number(n),
        items: rows.map((r: DbRow) => ({
          id: r.id,
          brandId: r.brand_id,
          brandName: r.brand_name,
          productLine: r.product_line,
          shadeCode: r.shade_code,
          shadeName: r.shade_name,
          swatchHex: r.swatch_hex,
          status: r.status,
          confidence: r.review_confidence === null || r.review_confidence === undefined ? null : Number(r.review_confidence),
          failedRules: rulesOf(r.id),
          labelled: Boolean(Number(r.labelled)) || r.labelled === true,
          createdAt: r.created_at,
        })),
      };
    },

    /** How many submissions in the filtered queue failed each rule (the rule filter itself is not applied). */
    async countsByRule(filter: Omit<QueueFilter, 'limit' | 'offset' | 'rule'>): Promise<Record<string, number>> {
      const ids = queueBase(filter).select('submissions.id');
      const rows = (await db('review_failed_rules').whereIn('submission_id', ids).select('rule').count({ n: '*' }).groupBy('rule')) as Array<{
        rule: string;
        n: number | string;
      }>;
      return Object.fromEntries(rows.map((r) => [r.rule, Number(r.n)]));
    },

    /** Indexes a decision for the queue (called inside the decision's transaction). */
    async index(trx: Knex.Transaction, submissionId: string, confidence: number | null, failedRules: string[]): Promise<void> {
      await trx('review_index').insert({ submission_id: submissionId, confidence }).onConflict('submission_id').merge();
      for (const rule of new Set(failedRules)) {
        await trx('review_failed_rules').insert({ submission_id: submissionId, rule }).onConflict(['submission_id', 'rule']).ignore();
      }
    },

    /** Every submission of this brand with this shade code, newest first. */
    async shadeHistory(brandId: string, shadeCode: string) {
      const rows = await db('submissions')
        .where({ brand_id: brandId })
        .whereRaw('lower(shade_code) = ?', [shadeCode.toLowerCase()])
        .orderBy('created_at', 'desc')
        .select('id', 'shade_code', 'shade_name', 'status', 'created_at', 'swatch_hex');
      return rows.map((r: DbRow) => ({ id: r.id as string, shadeCode: r.shade_code, shadeName: r.shade_name, status: r.status, createdAt: r.created_at, swatchHex: r.swatch_hex }));
    },

    /** Moves a submission between statuses; 0 rows when someone else moved it first. */
    async transition(trx: Knex.Transaction, id: string, from: string[], to: string): Promise<boolean> {
      const n = await trx('submissions').where({ id }).whereIn('status', from).update({ status: to, updated_at: new Date().toISOString() });
      return n === 1;
    },

    /** Fills in an automatic extraction that was never computed (a photo refused before measuring): never overwrites one. */
    async fillExtraction(trx: Knex.Transaction, submissionId: string, photoId: string, extraction: ExtractionResult): Promise<void> {
      const text = JSON.stringify(extraction);
      const extractor = `${extraction.extractor.name}@${extraction.extractor.version}`;
      await trx('photos').where({ id: photoId }).whereNull('extraction').update({ extraction: text });
      await trx('submissions')
        .where({ id: submissionId })
        .whereNull('extraction')
        .update({ extraction: text, extractor, best_photo_id: photoId, updated_at: new Date().toISOString() });
      await trx('review_index').insert({ submission_id: submissionId, confidence: extraction.color.confidence }).onConflict('submission_id').merge();
    },

    async touch(trx: Knex.Transaction, id: string): Promise<void> {
      await trx('submissions').where({ id }).update({ updated_at: new Date().toISOString() });
    },

    async audit(trx: Knex.Transaction, entry: { actorId: string; action: string; subjectId: string; note: string | null; before: unknown; after: unknown }): Promise<void> {
      await trx('audit_log').insert({
        id: crypto.randomUUID(),
        actor_id: entry.actorId,
        action: entry.action,
        subject_type: 'submission',
        subject_id: entry.subjectId,
        note: entry.note,
        before: JSON.stringify(entry.before ?? null),
        after: JSON.stringify(entry.after ?? null),
        created_at: new Date().toISOString(),
      });
    },

    async auditOf(submissionId: string): Promise<AuditEntry[]> {
      const rows = await db('audit_log')
        .leftJoin('users', 'users.id', 'audit_log.actor_id')
        .where({ subject_type: 'submission', subject_id: submissionId })
        .orderBy('audit_log.created_at', 'asc')
        .select('audit_log.*', 'users.name as actor_name');
      return rows.map((r: DbRow) => ({
        id: r.id,
        actorId: r.actor_id,
        actorName: r.actor_name ?? '',
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        note: r.note,
        before: parseJsonColumn(r.before),
        after: parseJsonColumn(r.after),
        createdAt: r.created_at,
      }));
    },

    async insertLabel(trx: Knex.Transaction, label: Omit<PhotoLabel, 'id' | 'createdAt'>): Promise<PhotoLabel> {
      const row = {
        id: crypto.randomUUID(),
        photo_id: label.photoId,
        submission_id: label.submissionId,
        labelled_by: label.labelledBy,
        region_x: label.region.x,
        region_y: label.region.y,
        region_width: label.region.width,
        region_height: label.region.height,
        picked_hex: label.pickedHex,
        extraction: JSON.stringify(label.extraction),
        created_at: new Date().toISOString(),
      };
      await trx('photo_labels').insert(row);
      return toLabel(row);
    },

    /** Labels of a submission, oldest first (the last one per photo is current). */
    async labelsOf(submissionId: string, conn: Knex | Knex.Transaction = db): Promise<PhotoLabel[]> {
      const rows = await conn('photo_labels').where({ submission_id: submissionId }).orderBy('created_at').orderBy('id');
      return rows.map(toLabel);
    },

    /** The submission's current human label (newest), or null: what export uses instead of the automatic result. */
    async currentLabel(submissionId: string, conn: Knex | Knex.Transaction = db): Promise<PhotoLabel | null> {
      const row = await conn('photo_labels').where({ submission_id: submissionId }).orderBy('created_at', 'desc').orderBy('id', 'desc').first();
      return row ? toLabel(row) : null;
    },

    /** The current label of every labelled photo, oldest photo first: the data set for improving the extractor. */
    async currentLabels(): Promise<PhotoLabel[]> {
      const rows = await db('photo_labels').orderBy('created_at').orderBy('id');
      const latest = new Map<string, PhotoLabel>();
      for (const r of rows) latest.set(r.photo_id, toLabel(r));
      return [...latest.values()];
    },
  };
}

export type ReviewRepository = ReturnType<typeof createReviewRepository>;

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}
