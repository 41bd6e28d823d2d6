import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { User } from '../../repositories/user-repository.ts';
import { BULK_OUTCOMES } from '../api-schemas.ts';
import type { SubmissionApi } from '../submission-api.ts';
import { matchPhotos, type BulkPhoto, type MatchedRow } from './photo-matching.ts';
import { bulkReasonCode, sayBulkReason } from '../../i18n/bulk-reason-text.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { csvDocument } from '../../views/csv-writer.ts';
import { alreadySubmitted, failedCheck, invalidField, noPhoto, notProcessed, notSubmitted, processingStopped, type StoredReason } from './bulk-reasons.ts';
import { readShadeRows } from './shade-csv.ts';

/**
 * Bulk upload: a CSV of shades plus their photos. The request only spools the files to a temp folder and
 * records one report item per row (and per photo that matched no row); the rows are then submitted in the
 * background, a few at a time, through the same `submitOnce` as the API (so a repeated bulk upload makes
 * no duplicates). Only the photos of the rows in flight are in memory, and their pixels are decoded by the
 * bounded analysis pool. Progress and the report are read from the database.
 */
export type BulkOutcome = (typeof BULK_OUTCOMES)[number];

const MAX_ROWS = 2000;
const MAX_CSV_BYTES = 2 * 1024 * 1024;
/** A bulk not updated for this long is no longer being processed (its process stopped): shown as interrupted. */
const STALE_MS = 10 * 60 * 1000;

/** Where bulk uploads spool their files, one folder per upload (the storage reconciler sweeps abandoned ones). */
export function bulkSpoolRoot(dataDir: string): string {
  return path.join(dataDir, 'tmp', 'bulk');
}

export function createBulkUploads(deps: { db: Db; submissionApi: SubmissionApi; tempRoot: string; concurrency: number }) {
  const running = new Set<Promise<void>>();
  let stopping = false;

  /** A fresh folder for one upload's spooled files (generated names only). */
  async function spoolDir(): Promise<string> {
    const dir = path.join(bulkSpoolRoot(deps.tempRoot), crypto.randomUUID());
    await fsp.mkdir(dir, { recursive: true });
    return dir;
  }

  /** Validates the CSV, matches photos, records the report skeleton and starts processing. */
  async function start(user: User, input: { csvPath: string; photos: BulkPhoto[]; spoolDir: string }): Promise<string> {
    try {
      if (user.role !== 'brand' || !user.brandId) throw new AppError('FORBIDDEN', 'Only brand users upload shades.', { text: { message: 'errors:api.brandOnlyUpload' } });
      const stat = await fsp.stat(input.csvPath);
      if (stat.size > MAX_CSV_BYTES) throw new AppError('VALIDATION_FAILED', 'The CSV is larger than 2 MB.', { context: { field: 'csv' }, text: { message: 'errors:api.csvTooLarge' } });
      const rows = readShadeRows(await fsp.readFile(input.csvPath, 'utf8'), MAX_ROWS);
      const { matched, unmatched } = matchPhotos(rows, input.photos);
      const id = crypto.randomUUID();
      const now = new Date().toISOString();
      await deps.db.transaction(async (trx) => {
        await trx('bulk_uploads').insert({
          id,
          brand_id: user.brandId,
          created_by: user.id,
          status: 'processing',
          total_rows: rows.length,
          processed_rows: 0,
          created_at: now,
          updated_at: now,
        });
        const items = [
          ...matched.map((m, i) => ({
            bulk_id: id,
            position: i + 1,
            csv_line: m.row.csvLine,
            shade_code: m.row.fields.shadeCode.slice(0, 40) || null,
            shade_name: m.row.fields.shadeName.slice(0, 60) || null,
            outcome: 'pending',
            reasons: '[]',
            reason_texts: '[]',
            photo_names: JSON.stringify(m.photos.map((p) => p.originalName)),
            submission_id: null,
            updated_at: now,
          })),
          ...unmatched.map((u, i) => ({
            bulk_id: id,
            position: matched.length + i + 1,
            csv_line: null,
            shade_code: null,
            shade_name: null,
            outcome: 'unmatched_photo',
            reasons: '[]',
            reason_texts: JSON.stringify([u.reason]),
            photo_names: JSON.stringify([u.photo.originalName]),
            submission_id: null,
            updated_at: now,
          })),
        ];
        // Chunked: SQLite limits the bound parameters of one statement.
        for (let i = 0; i < items.length; i += 50) await trx('bulk_upload_items').insert(items.slice(i, i + 50));
      });
      const task = processRows(id, user, matched, input.spoolDir).finally(() => running.delete(task));
      running.add(task);
      return id;
    } catch (err) {
      await fsp.rm(input.spoolDir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Submits the rows with at most `concurrency` in flight; the spool is gone before the bulk reads as finished. */
  async function processRows(bulkId: string, user: User, rows: MatchedRow[], spool: string): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (!stopping && next < rows.length) {
        const position = next++ + 1;
        const result = await processRow(user, rows[position - 1]);
        await recordItem(bulkId, position, result);
        // A spool in use stays young: the reconciler sweeps only those no process has touched for its grace period.
        const touched = new Date();
        await fsp.utimes(spool, touched, touched).catch(() => undefined);
      }
    };
    let failure: unknown = null;
    try {
      await Promise.all(Array.from({ length: Math.max(1, deps.concurrency) }, worker));
    } catch (err) {
      failure = err;
    }
    await fsp.rm(spool, { recursive: true, force: true }).catch(() => undefined);
    if (failure) await finish(bulkId, 'failed', failure instanceof Error ? failure.message : String(failure)).catch(() => undefined);
    else await finish(bulkId, stopping ? 'interrupted' : 'done', null).catch(() => undefined);
  }

  async function processRow(user: User, m: MatchedRow): Promise<RowResult> {
    if (m.problem) return { outcome: 'invalid', reasons: [m.problem], submissionId: null };
    if (m.photos.length === 0) return { outcome: 'no_photo', reasons: [noPhoto()], submissionId: null };
    try {
      const files = await Promise.all(
        m.photos.map(async (p) => ({ view: p.view, originalName: p.originalName, bytes: await fsp.readFile(p.path) })),
      );
      const result = await deps.submissionApi.submitOnce(user, m.row.fields, files);
      if (result.duplicate) {
        return { outcome: 'duplicate', reasons: [alreadySubmitted()], submissionId: result.submission.id };
      }
      const failed = result.photos.flatMap((p) => p.findings.filter((f) => f.status === 'fail').map((f) => failedCheck(p.view, f)));
      return {
        outcome: result.submission.verdict === 'accepted' ? 'accepted' : 'rejected',
        reasons: failed,
        submissionId: result.submission.id,
      };
    } catch (err) {
      if (err instanceof AppError && err.code !== 'UNAVAILABLE' && err.code !== 'STORAGE_FULL') {
        const fields = (err.context.fields ?? null) as Record<string, string> | null;
        const reasons = fields ? Object.entries(fields).map(([k, v]) => invalidField(k, v)) : [notSubmitted(err)];
        return { outcome: 'invalid', reasons, submissionId: null };
      }
      return { outcome: 'failed', reasons: [notProcessed()], submissionId: null };
    }
  }

  async function recordItem(bulkId: string, position: number, r: RowResult) {
    const now = new Date().toISOString();
    await deps.db.transaction(async (trx) => {
      await trx('bulk_upload_items')
        .where({ bulk_id: bulkId, position })
        .update({ outcome: r.outcome, reason_texts: JSON.stringify(r.reasons), submission_id: r.submissionId, updated_at: now });
      await trx('bulk_uploads').where({ id: bulkId }).update({ processed_rows: trx.raw('processed_rows + 1'), updated_at: now });
    });
  }

  async function finish(bulkId: string, status: 'done' | 'failed' | 'interrupted', error: string | null) {
    const now = new Date().toISOString();
    await deps.db.transaction(async (trx) => {
      // Rows never reached say so, and how to recover: uploading again is safe (done rows answer duplicate).
      await trx('bulk_upload_items')
        .where({ bulk_id: bulkId, outcome: 'pending' })
        .update({ outcome: 'failed', reason_texts: JSON.stringify([processingStopped()]), updated_at: now });
      await trx('bulk_uploads').where({ id: bulkId }).update({ status, error, updated_at: now, finished_at: now });
    });
  }

  /** The report of one of the brand's bulk uploads, or null (another brand's id is unknown). */
  async function report(bulkId: string, user: User) {
    const q = deps.db('bulk_uploads').where({ id: bulkId });
    if (user.role !== 'reviewer') q.where({ brand_id: user.brandId ?? '\u0000none' });
    const bulk = await q.first();
    if (!bulk) return null;
    const rows = await deps.db('bulk_upload_items').where({ bulk_id: bulkId }).orderBy('position');
    const items = rows.map((r) => ({
      position: Number(r.position),
      csvLine: r.csv_line === null ? null : Number(r.csv_line),
      shadeCode: r.shade_code as string | null,
      shadeName: r.shade_name as string | null,
      outcome: r.outcome as BulkOutcome,
      // Lines written before reasons had keys keep their English sentences in `reasons`.
      reasons: (r.reason_texts === null || r.reason_texts === undefined ? JSON.parse(r.reasons) : JSON.parse(r.reason_texts)) as StoredReason[],
      photoNames: JSON.parse(r.photo_names) as string[],
      submissionId: r.submission_id as string | null,
    }));
    const counts = Object.fromEntries(BULK_OUTCOMES.map((o) => [o, items.filter((i) => i.outcome === o).length])) as Record<BulkOutcome, number>;
    const stale = bulk.status === 'processing' && Date.now() - Date.parse(bulk.updated_at) > STALE_MS;
    return {
      id: bulk.id as string,
      status: (stale ? 'interrupted' : bulk.status) as 'processing' | 'done' | 'failed' | 'interrupted',
      totalRows: Number(bulk.total_rows),
      processedRows: Number(bulk.processed_rows),
      counts,
      items,
      error: bulk.error as string | null,
      createdAt: bulk.created_at as string,
      finishedAt: bulk.finished_at as string | null,
    };
  }

  /** The brand's bulk uploads, newest first (a reviewer sees every brand's), so a report can be found again. */
  async function list(user: User, limit = 50) {
    const q = deps.db('bulk_uploads').orderBy('created_at', 'desc').orderBy('id').limit(limit);
    if (user.role !== 'reviewer') q.where({ brand_id: user.brandId ?? '\u0000none' });
    const rows = await q.select('id', 'status', 'total_rows', 'processed_rows', 'created_at', 'finished_at', 'updated_at');
    return rows.map((r) => ({
      id: r.id as string,
      status: (r.status === 'processing' && Date.now() - Date.parse(r.updated_at) > STALE_MS ? 'interrupted' : r.status) as string,
      totalRows: Number(r.total_rows),
      processedRows: Number(r.processed_rows),
      createdAt: r.created_at as string,
      finishedAt: r.finished_at as string | null,
    }));
  }

  return {
    spoolDir,
    start,
    report,
    list,
    /** The report as CSV in `tr`'s language, safe to open in a spreadsheet; `reason_codes` are the same in every language. */
    reportCsv(r: NonNullable<Awaited<ReturnType<typeof report>>>, tr: Translator): string {
      return csvDocument(
        ['csv_line', 'shade_code', 'shade_name', 'outcome', 'reasons', 'reason_codes', 'photos', 'submission_id'],
        r.items.map((i) => [
          i.csvLine,
          i.shadeCode,
          i.shadeName,
          i.outcome,
          asSentences(i.reasons.map((reason) => sayBulkReason(tr, reason)), tr.language),
          i.reasons.map(bulkReasonCode).join('; '),
          i.photoNames.join('; '),
          i.submissionId,
        ]),
      );
    },
    /** Stops taking new rows and waits for the rows in flight (shutdown). */
    async stop(): Promise<void> {
      stopping = true;
      await Promise.allSettled([...running]);
    },
    /** Resolves when no bulk upload is being processed in this process. */
    async idle(): Promise<void> {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

export type BulkUploads = ReturnType<typeof createBulkUploads>;
type RowResult = { outcome: BulkOutcome; reasons: StoredReason[]; submissionId: string | null };

/** How a language ends a sentence, where it is not a full stop; Japanese and Chinese put no space after it. */
const FULL_STOP: Record<string, string> = { ja: '。', 'zh-CN': '。', hi: '।' };

/** Reasons as one text: each a sentence ending in one full stop (never "must be.; "), in `language`'s way. */
export function asSentences(reasons: string[], language = 'en'): string {
  const stop = FULL_STOP[language] ?? '.';
  return reasons.map((r) => r.trim().replace(/[.;。।\s]+$/u, '') + stop).join(stop === '。' ? '' : ' ');
}
