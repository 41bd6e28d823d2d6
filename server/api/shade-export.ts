import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { ExtractionResult } from '../../extraction/types.ts';
import type { Db } from '../db/database.ts';
import { parseJsonColumn } from '../db/json-column.ts';
import type { ShadeChangeReason, ShadeEvents } from '../submissions/shade-events.ts';
import type { shadeSchema } from './api-schemas.ts';
import { extractionJson, hexJson } from './extraction-json.ts';

/**
 * The export for the 3D team. Whenever a shade's exported properties change (a shade event, inside the
 * transaction of the change) its full document is rebuilt and written twice: as the current state in
 * `shade_exports` and as a new row of `shade_versions`. Both carry a sequence number taken from a counter
 * row incremented in that same transaction: the counter's row lock serialises these writers, so
 * sequence order is commit order and a client paging by sequence never skips a row that commits late.
 */
export type ShadeDocument = z.infer<typeof shadeSchema>;

export interface ExportedChange {
  document: ShadeDocument;
  reason: ShadeChangeReason;
  seq: number;
}

export type ExportListener = (trx: Knex.Transaction, change: ExportedChange) => Promise<void>;

const EXPORTED_STATUSES = new Set(['accepted', 'overridden']);

export function createShadeExport(deps: { db: Db; shadeEvents: ShadeEvents; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const listeners: ExportListener[] = [];

  deps.shadeEvents.on(async (trx, submissionId, reason) => {
    const change = await recordChange(trx, submissionId, reason);
    if (change) for (const listener of listeners) await listener(trx, change);
  });

  async function recordChange(trx: Knex.Transaction, submissionId: string, reason: ShadeChangeReason): Promise<ExportedChange | null> {
    const draft = await buildDocument(trx, submissionId);
    if (!draft) return null;
    await trx('export_counters').where({ name: 'shades' }).increment('value', 1);
    const seq = Number((await trx('export_counters').where({ name: 'shades' }).first()).value);
    const current = await trx('shade_exports').where({ submission_id: submissionId }).first();
    const at = new Date(now()).toISOString();
    const document: ShadeDocument = { ...draft, version: current ? Number(current.version) + 1 : 1, updatedAt: at };
    const text = JSON.stringify(document);
    if (current) {
      await trx('shade_exports').where({ submission_id: submissionId }).update({ seq, version: document.version, document: text, updated_at: at });
    } else {
      await trx('shade_exports').insert({
        submission_id: submissionId,
        brand_id: document.brand.id,
        seq,
        version: document.version,
        document: text,
        created_at: at,
        updated_at: at,
      });
    }
    await trx('shade_versions').insert({
      id: crypto.randomUUID(),
      submission_id: submissionId,
      version: document.version,
      seq,
      reason,
      document: text,
      created_at: at,
    });
    return { document, reason, seq };
  }

  const targets = async (submissionId: string, marketplace: string) => Boolean(await deps.db('submission_marketplaces').where({ submission_id: submissionId, marketplace }).first());

  return {
    /** Called (inside the change's transaction) after a shade's new version is written: webhooks. */
    onExported(listener: ExportListener): void {
      listeners.push(listener);
    },

    /**
     * Current documents with sequence > `afterSeq`, in sequence order; with `marketplace`, only shades
     * submitted for it, each as that marketplace's rollout measured it (see `asSeenIn`).
     */
    async list(filter: { afterSeq: number; updatedSince?: string; marketplace?: string; limit: number }) {
      const q = deps.db('shade_exports').where('shade_exports.seq', '>', filter.afterSeq).orderBy('shade_exports.seq').limit(filter.limit + 1);
      if (filter.updatedSince) q.where('shade_exports.updated_at', '>=', filter.updatedSince);
      if (filter.marketplace) {
        q.whereIn('shade_exports.submission_id', deps.db('submission_marketplaces').where({ marketplace: filter.marketplace }).select('submission_id'))
          .leftJoin('submission_measurements', (j) => j.on('submission_measurements.submission_id', '=', 'shade_exports.submission_id').andOnVal('submission_measurements.marketplace', '=', filter.marketplace!))
          .select('shade_exports.seq', 'shade_exports.document', 'submission_measurements.extraction as measurement');
      }
      const rows: Array<{ seq: number | string; document: string; measurement?: string | null }> = await q;
      const page = rows.slice(0, filter.limit);
      return {
        documents: page.map((r) => asSeenIn(JSON.parse(r.document) as ShadeDocument, filter.marketplace, parseJsonColumn<ExtractionResult>(r.measurement))),
        lastSeq: page.length ? Number(page[page.length - 1].seq) : filter.afterSeq,
        hasMore: rows.length > filter.limit,
      };
    },

    /** The current document; with `marketplace`, as that marketplace's rollout measured it (null when not submitted for it, as in the list). */
    async find(submissionId: string, marketplace?: string): Promise<ShadeDocument | null> {
      const row = await deps.db('shade_exports').where({ submission_id: submissionId }).first();
      const document = parseJsonColumn<ShadeDocument>(row?.document);
      if (!document || !marketplace) return document;
      if (!(await targets(submissionId, marketplace))) return null;
      const measurement = await measurementOf(deps.db, submissionId, marketplace);
      return asSeenIn(document, marketplace, measurement?.extraction ?? null);
    },

    async history(submissionId: string) {
      const rows = await deps.db('shade_versions').where({ submission_id: submissionId }).orderBy('version');
      return rows.map((r) => ({
        version: Number(r.version),
        reason: r.reason as ShadeChangeReason,
        changedAt: r.created_at as string,
        shade: JSON.parse(r.document) as ShadeDocument,
      }));
    },

    /**
     * The stored photo and the region the export's image links serve, or null when not exported; with
     * `marketplace`, the photo and region that marketplace's measurement describes.
     */
    async imageSource(submissionId: string, marketplace?: string): Promise<{ id: string; storageKey: string; sha256: string; region: ShadeDocument['region'] } | null> {
      const row = await deps.db('shade_exports').where({ submission_id: submissionId }).first();
      const stored = parseJsonColumn<ShadeDocument>(row?.document);
      if (stored && marketplace && !(await targets(submissionId, marketplace))) return null;
      const measurement = stored && marketplace && !stored.humanLabel.used ? await measurementOf(deps.db, submissionId, marketplace) : null;
      const document = stored && measurement ? asSeenIn(stored, marketplace, measurement.extraction) : stored;
      const photoId = measurement ? measurement.photoId : document ? await imageSourceOf(deps.db, submissionId) : null;
      const photo = photoId ? await deps.db('photos').where({ id: photoId, submission_id: submissionId }).first() : null;
      return document && photo ? { id: photo.id, storageKey: photo.storage_key, sha256: photo.sha256, region: document.region } : null;
    },
  };
}

/** The shade's measurement under one marketplace's rollout (migration 403), if the submission targeted it. */
async function measurementOf(db: Db, submissionId: string, marketplace: string): Promise<{ photoId: string; extraction: ExtractionResult } | null> {
  const row = await db('submission_measurements').where({ submission_id: submissionId, marketplace }).first();
  const extraction = parseJsonColumn<ExtractionResult>(row?.extraction);
  return row && extraction ? { photoId: row.photo_id as string, extraction } : null;
}

/**
 * The document as one marketplace sees the shade: its measured properties are those of the extractor
 * that marketplace's rollout assigned, and its image links serve that measurement's photo and region.
 * A reviewer's label is a person's reading of the photo, the same for every marketplace, so a labelled
 * shade (and one measured before per-marketplace measurements were kept) is left as stored. Version,
 * sequence and timestamps are the shade's own: the measurement never changes after submission.
 */
function asSeenIn(document: ShadeDocument, marketplace: string | undefined, measurement: ExtractionResult | null): ShadeDocument {
  if (!marketplace || !measurement || document.humanLabel.used) return document;
  const { pans: _pans, ...rest } = document;
  const images = { original: `${document.images.original}?marketplace=${marketplace}`, crop: `${document.images.crop}?marketplace=${marketplace}` };
  return { ...rest, ...measuredProperties(extractionJson(measurement)), images };
}

/** The properties of a document that come from the measurement. */
function measuredProperties(extraction: ExtractionResult) {
  return {
    measuredColor: extraction.color,
    finish: extraction.finish,
    particles: extraction.particles,
    reflectance: extraction.reflectance,
    material: extraction.material,
    ...(extraction.pans ? { pans: extraction.pans } : {}),
    region: extraction.region,
    extractor: extraction.extractor,
  };
}

/** The newest human label of the shade (a reviewer-drawn region, measured again), if any. */
async function latestLabel(conn: Knex | Knex.Transaction, submissionId: string) {
  if (!(await hasLabels(conn))) return null;
  const row = await conn('photo_labels').where({ submission_id: submissionId }).orderBy('created_at', 'desc').first();
  if (!row) return null;
  return {
    photoId: row.photo_id as string,
    pickedHex: (row.picked_hex as string | null) ?? null,
    extraction: JSON.parse(row.extraction) as ExtractionResult,
    labelledAt: row.created_at as string,
  };
}

let labelsTableSeen = false;
/** Human labels live in the review feature's table; the export works (without labels) before it exists. */
async function hasLabels(conn: Knex | Knex.Transaction): Promise<boolean> {
  if (!labelsTableSeen) labelsTableSeen = await conn.schema.hasTable('photo_labels');
  return labelsTableSeen;
}

/** The photo whose pixels the export describes: the labelled one, else the submission's best photo. */
async function imageSourceOf(conn: Knex | Knex.Transaction, submissionId: string): Promise<string | null> {
  const label = await latestLabel(conn, submissionId);
  if (label) return label.photoId;
  const row = await conn('submissions').where({ id: submissionId }).first();
  return row?.best_photo_id ?? null;
}

/** The exported document (without version/updatedAt), or null when the shade is not exportable. */
async function buildDocument(trx: Knex.Transaction, submissionId: string): Promise<Omit<ShadeDocument, 'version' | 'updatedAt'> | null> {
  const row = await trx('submissions')
    .join('brands', 'brands.id', 'submissions.brand_id')
    .select('submissions.*', 'brands.name as brand_name')
    .where('submissions.id', submissionId)
    .first();
  if (!row || !EXPORTED_STATUSES.has(row.status)) return null;
  const label = await latestLabel(trx, submissionId);
  const stored = label?.extraction ?? parseJsonColumn<ExtractionResult>(row.extraction);
  if (!stored) return null;
  const extraction = extractionJson(stored);
  const base = `/api/v1/shades/${submissionId}/images`;
  return {
    id: submissionId,
    status: row.status,
    brand: { id: row.brand_id, name: row.brand_name },
    productLine: row.product_line,
    shadeCode: row.shade_code,
    shadeName: row.shade_name,
    category: row.category,
    declaredColor: { hex: hexJson(row.swatch_hex) },
    declaredFinish: row.declared_finish,
    ...measuredProperties(extraction),
    images: { original: `${base}/original`, crop: `${base}/crop` },
    humanLabel: { used: Boolean(label), labelledAt: label?.labelledAt ?? null, pickedHex: label?.pickedHex ? hexJson(label.pickedHex) : null },
    createdAt: row.created_at,
  };
}

export type ShadeExport = ReturnType<typeof createShadeExport>;
