import type { Knex } from 'knex';
import type { ExtractionResult, PhotoMeasurements } from '../../extraction/types.ts';
import type { Finding } from '../../validators/types.ts';
import type { Db } from '../db/database.ts';
import { parseJsonColumn } from '../db/json-column.ts';
import type { DbRow } from '../db/db-row.ts';

/** Who is looking: brand users are scoped to their brand, reviewers see every brand, anyone else (an operator, with no brand) none. */
export interface Viewer {
  userId: string;
  role: 'brand' | 'reviewer' | 'operator';
  brandId: string | null;
}

export interface Photo {
  id: string;
  submissionId: string;
  brandId: string;
  view: string;
  displayName: string;
  storageKey: string;
  sha256: string;
  bytes: number;
  format: string | null;
  width: number | null;
  height: number | null;
  verdict: string;
  findings: Finding[];
  measurements: PhotoMeasurements | null;
  extraction: ExtractionResult | null;
  createdAt: string;
}

export interface Submission {
  id: string;
  brandId: string;
  brandName: string;
  createdBy: string;
  productLine: string;
  shadeCode: string;
  shadeName: string;
  category: string;
  declaredFinish: string;
  swatchHex: string;
  status: string;
  verdict: string;
  extraction: ExtractionResult | null;
  extractor: string | null;
  bestPhotoId: string | null;
  replacesId: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewSubmission = Omit<Submission, 'brandName' | 'createdAt' | 'updatedAt'>;
export type NewPhoto = Omit<Photo, 'createdAt'>;


function toSubmission(r: DbRow): Submission {
  return {
    id: r.id,
    brandId: r.brand_id,
    brandName: r.brand_name,
    createdBy: r.created_by,
    productLine: r.product_line,
    shadeCode: r.shade_code,
    shadeName: r.shade_name,
    category: r.category,
    declaredFinish: r.declared_finish,
    swatchHex: r.swatch_hex,
    status: r.status,
    verdict: r.verdict,
    extraction: parseJsonColumn<ExtractionResult>(r.extraction),
    extractor: r.extractor,
    bestPhotoId: r.best_photo_id,
    replacesId: r.replaces_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toPhoto(r: DbRow): Photo {
  return {
    id: r.id,
    submissionId: r.submission_id,
    brandId: r.brand_id,
    view: r.view,
    displayName: r.display_name,
    storageKey: r.storage_key,
    sha256: r.sha256,
    bytes: Number(r.bytes),
    format: r.format,
    width: r.width === null ? null : Number(r.width),
    height: r.height === null ? null : Number(r.height),
    verdict: r.verdict,
    findings: parseJsonColumn<Finding[]>(r.findings) ?? [],
    measurements: parseJsonColumn<PhotoMeasurements>(r.measurements),
    extraction: parseJsonColumn<ExtractionResult>(r.extraction),
    createdAt: r.created_at,
  };
}

export interface ListFilter {
  status?: string;
  limit: number;
  offset: number;
}

export function createSubmissionRepository(db: Db) {
  const scoped = (q: Knex.QueryBuilder, viewer: Viewer) =>
    viewer.role === 'reviewer' ? q : q.where('submissions.brand_id', viewer.brandId ?? '\u0000none');

  const selectSubmissions = (conn: Knex | Knex.Transaction = db) =>
    conn('submissions')
      .join('brands', 'brands.id', 'submissions.brand_id')
      .select('submissions.*', 'brands.name as brand_name');

  return {
    /** Inserts a submission and its photos in one transaction (caller may pass its own). */
    async insert(submission: NewSubmission, photos: NewPhoto[], trx?: Knex.Transaction): Promise<void> {
      const run = async (t: Knex.Transaction) => {
        const now = new Date().toISOString();
        await t('submissions').insert({
          id: submission.id,
          brand_id: submission.brandId,
          created_by: submission.createdBy,
          product_line: submission.productLine,
          shade_code: submission.shadeCode,
          shade_name: submission.shadeName,
          category: submission.category,
          declared_finish: submission.declaredFinish,
          swatch_hex: submission.swatchHex,
          status: submission.status,
          verdict: submission.verdict,
          extraction: submission.extraction ? JSON.stringify(submission.extraction) : null,
          extractor: submission.extractor,
          best_photo_id: submission.bestPhotoId,
          replaces_id: submission.replacesId,
          created_at: now,
          updated_at: now,
        });
        for (const p of photos) {
          await t('photos').insert({
            id: p.id,
            submission_id: p.submissionId,
            brand_id: p.brandId,
            view: p.view,
            display_name: p.displayName,
            storage_key: p.storageKey,
            sha256: p.sha256,
            bytes: p.bytes,
            format: p.format,
            width: p.width,
            height: p.height,
            verdict: p.verdict,
            findings: JSON.stringify(p.findings),
            measurements: p.measurements ? JSON.stringify(p.measurements) : null,
            extraction: p.extraction ? JSON.stringify(p.extraction) : null,
            created_at: now,
          });
        }
      };
      if (trx) await run(trx);
      else await db.transaction(run);
    },

    async findForViewer(id: string, viewer: Viewer): Promise<Submission | null> {
      const row = await scoped(selectSubmissions(), viewer).where('submissions.id', id).first();
      return row ? toSubmission(row) : null;
    },

    async listForViewer(viewer: Viewer, filter: ListFilter): Promise<{ items: Submission[]; total: number }> {
      const base = () => {
        const q = scoped(selectSubmissions(), viewer);
        if (filter.status) q.where('submissions.status', filter.status);
        return q;
      };
      const [{ n }] = await base().clearSelect().count({ n: '*' });
      const rows = await base()
        .orderBy('submissions.created_at', 'desc')
        .orderBy('submissions.id', 'desc')
        .limit(filter.limit)
        .offset(filter.offset);
      return { items: rows.map(toSubmission), total: Number(n) };
    },

    async photosOf(submissionId: string): Promise<Photo[]> {
      const rows = await db('photos').where({ submission_id: submissionId }).orderBy('created_at').orderBy('view');
      return rows.map(toPhoto);
    },

    async findPhotoForViewer(photoId: string, viewer: Viewer): Promise<Photo | null> {
      const q = db('photos').where('photos.id', photoId);
      if (viewer.role !== 'reviewer') q.where('photos.brand_id', viewer.brandId ?? '\u0000none');
      const row = await q.first();
      return row ? toPhoto(row) : null;
    },

    /** Which of these submissions a later one replaces (a resubmission), as the viewer may see them. */
    async replacedAmong(ids: string[], viewer: Viewer): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await scoped(db('submissions'), viewer).whereIn('submissions.replaces_id', ids).distinct('submissions.replaces_id as id');
      return new Set(rows.map((r: { id: string }) => r.id));
    },

    /** Submissions that replace this one (resubmissions), newest first. */
    async replacementsOf(id: string, viewer: Viewer): Promise<Submission[]> {
      const rows = await scoped(selectSubmissions(), viewer)
        .where('submissions.replaces_id', id)
        .orderBy('submissions.created_at', 'desc');
      return rows.map(toSubmission);
    },
  };
}

export type SubmissionRepository = ReturnType<typeof createSubmissionRepository>;
