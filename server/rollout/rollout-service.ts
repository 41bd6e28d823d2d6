/**
 * The phased rollout of extractors, per marketplace: a serving extractor and optionally a challenger
 * that takes a share of the shades.
 *
 * - `split`: a shade on the challenger's side is measured by the challenger alone, and that result is
 *   stored as the photo's result; the rest by the serving extractor.
 * - `shadow`: a shade on the challenger's side is measured by both; the serving extractor's result is
 *   stored and served, the challenger's kept beside it. The share bounds the extra work.
 *
 * A submission that targets several marketplaces is measured under each one's rollout: every distinct
 * extractor any of them needs (served or shadow) runs once per photo, and each marketplace's runs are
 * stored under its own code, so its comparison page, its metrics and its export see the extractor its
 * own rollout assigned. The primary marketplace, the first targeted in catalogue order, decides the
 * photos' verdicts and the submission's own measurement (the verdict page, the export without a
 * marketplace, webhooks). One that targets none is measured by the portal's configured extractor.
 * Every change is written to the audit log with who, when, the rollout before and after, in the
 * change's transaction.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { extractorNames, getExtractor } from '../../extraction/extractors/registry.ts';
import type { ExtractionResult } from '../../extraction/types.ts';
import type { Db } from '../db/database.ts';
import type { DbRow } from '../db/db-row.ts';
import { parseJsonColumn } from '../db/json-column.ts';
import { AppError } from '../http/errors.ts';
import { isMarketplaceCode, MARKETPLACE_CODES } from '../marketplaces/marketplaces.ts';
import { assignedToChallenger, shadeBucket, type ShadeIdentity } from './shade-assignment.ts';

export const ROLLOUT_MODES = ['split', 'shadow'] as const;
export type RolloutMode = (typeof ROLLOUT_MODES)[number];
export type Arm = 'serving' | 'challenger';

export interface Rollout {
  marketplace: string;
  serving: string;
  challenger: string | null;
  /** Share of shades (0–100 %) on the challenger's side. */
  challengerPercent: number;
  mode: RolloutMode;
  /** Null for a marketplace never changed (the configured extractor alone). */
  updatedBy: string | null;
  updatedAt: string | null;
}

/** What to run for one shade: the extractor whose result is stored, and the one run beside it (shadow). */
export interface ExtractionPlan {
  marketplace: string | null;
  mode: RolloutMode;
  bucket: number;
  served: { extractor: string; arm: Arm };
  shadow: { extractor: string; arm: Arm } | null;
}

export interface RolloutChange {
  serving: string;
  challenger: string | null;
  challengerPercent: number;
  mode: RolloutMode;
}

const changeSchema = z
  .object({
    serving: z.string().refine((n) => extractorNames().includes(n), { message: `must be one of ${extractorNames().join(', ')}` }),
    challenger: z
      .string()
      .transform((v) => v.trim() || null)
      .nullable()
      .refine((n) => n === null || extractorNames().includes(n), { message: `must be empty or one of ${extractorNames().join(', ')}` }),
    challengerPercent: z.coerce.number().int('must be a whole number').min(0, 'must be 0–100').max(100, 'must be 0–100'),
    mode: z.enum(ROLLOUT_MODES, { error: 'must be split or shadow' }),
  })
  .refine((c) => c.challenger !== c.serving, { message: 'must differ from the serving extractor', path: ['challenger'] })
  .transform((c) => (c.challenger === null ? { ...c, challengerPercent: 0 } : c));

/** The shade as one marketplace's rollout measured it: the chosen photo and that photo's result. */
export interface MarketplaceMeasurement {
  marketplace: string;
  photoId: string;
  extraction: ExtractionResult;
}

/**
 * The extractors the plans need, each once: `required` when some marketplace serves its result (its
 * failure fails the submission), else only a shadow (its failure is ignored).
 */
export function extractorsNeeded(plans: readonly ExtractionPlan[]): Array<{ extractor: string; required: boolean }> {
  const needed = new Map<string, boolean>();
  for (const p of plans) needed.set(p.served.extractor, true);
  for (const p of plans) if (p.shadow && !needed.has(p.shadow.extractor)) needed.set(p.shadow.extractor, false);
  return [...needed].map(([extractor, required]) => ({ extractor, required }));
}

/** One stored run of an extractor on a photo, as one marketplace's rollout assigned it (see migrations 402, 403). */
export interface ExtractionRun {
  photoId: string;
  submissionId: string;
  marketplace: string | null;
  extractor: string;
  extractorVersion: string;
  arm: Arm;
  served: boolean;
  mode: RolloutMode;
  bucket: number;
  colorHex: string;
  review: boolean;
  extraction: ExtractionResult;
  createdAt: string;
}

const toRun = (r: DbRow): ExtractionRun => ({
  photoId: r.photo_id,
  submissionId: r.submission_id,
  marketplace: r.marketplace,
  extractor: r.extractor,
  extractorVersion: r.extractor_version,
  arm: r.arm,
  served: Boolean(r.served),
  mode: r.mode,
  bucket: Number(r.bucket),
  colorHex: r.color_hex,
  review: Boolean(r.review),
  extraction: parseJsonColumn<ExtractionResult>(r.extraction)!,
  createdAt: r.created_at,
});

export function createRolloutService(deps: { db: Db; defaultExtractor: string; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const fallback = (marketplace: string): Rollout => ({
    marketplace,
    serving: deps.defaultExtractor,
    challenger: null,
    challengerPercent: 0,
    mode: 'split',
    updatedBy: null,
    updatedAt: null,
  });
  const toRollout = (r: DbRow): Rollout => ({
    marketplace: r.marketplace,
    serving: r.serving,
    challenger: r.challenger ?? null,
    challengerPercent: Number(r.challenger_percent),
    mode: r.mode,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  });

  async function get(marketplace: string, conn: Knex | Knex.Transaction = deps.db): Promise<Rollout> {
    if (!isMarketplaceCode(marketplace)) throw new AppError('NOT_FOUND', 'That marketplace does not exist.');
    const row = await conn('extractor_rollouts').where({ marketplace }).first();
    return row ? toRollout(row) : fallback(marketplace);
  }

  /** Every marketplace's rollout, in catalogue order. */
  async function list(): Promise<Rollout[]> {
    const rows: DbRow[] = await deps.db('extractor_rollouts').select('*');
    const byCode = new Map(rows.map((r) => [r.marketplace as string, toRollout(r)]));
    return MARKETPLACE_CODES.map((code) => byCode.get(code) ?? fallback(code));
  }

  /** Validates and stores a change; the audit row commits with it. Returns the rollout after. */
  async function change(actorId: string, marketplace: string, input: unknown, note: string | null = null): Promise<Rollout> {
    const parsed = changeSchema.safeParse(input);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
      throw new AppError('VALIDATION_FAILED', `Please correct: ${Object.entries(fields).map(([k, v]) => `${k} ${v}`).join('; ')}.`, { context: { fields } });
    }
    const next: RolloutChange = parsed.data;
    return deps.db.transaction(async (trx) => {
      const before = await get(marketplace, trx);
      const at = new Date(now()).toISOString();
      const row = {
        serving: next.serving,
        challenger: next.challenger,
        challenger_percent: next.challengerPercent,
        mode: next.mode,
        updated_by: actorId,
        updated_at: at,
      };
      if (before.updatedAt === null) await trx('extractor_rollouts').insert({ marketplace, ...row });
      else await trx('extractor_rollouts').where({ marketplace }).update(row);
      const after = await get(marketplace, trx);
      await trx('audit_log').insert({
        id: crypto.randomUUID(),
        actor_id: actorId,
        action: 'rollout_change',
        subject_type: 'rollout',
        subject_id: marketplace,
        note,
        before: JSON.stringify(settingsOf(before)),
        after: JSON.stringify(settingsOf(after)),
        created_at: at,
      });
      return after;
    });
  }

  /** The audit trail of a marketplace's rollout, newest first. */
  async function history(marketplace: string) {
    const rows: DbRow[] = await deps.db('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_id')
      .where({ subject_type: 'rollout', subject_id: marketplace })
      .orderBy('audit_log.created_at', 'desc')
      .select('audit_log.*', 'users.name as actor_name', 'users.email as actor_email');
    return rows.map((r) => ({
      actorName: (r.actor_name as string | null) ?? '',
      actorEmail: (r.actor_email as string | null) ?? '',
      at: r.created_at as string,
      before: parseJsonColumn<RolloutChange>(r.before),
      after: parseJsonColumn<RolloutChange>(r.after),
      note: (r.note as string | null) ?? null,
    }));
  }

  /**
   * What to run for a shade submitted to these marketplaces (catalogue order): one plan per marketplace,
   * the primary first; for none, the configured extractor's plan alone.
   */
  async function plansFor(marketplaces: readonly string[], shade: ShadeIdentity): Promise<ExtractionPlan[]> {
    if (marketplaces.length === 0) return [planFor(null, shade, deps.defaultExtractor)];
    return Promise.all(marketplaces.map(async (m) => planFor(await get(m), shade, deps.defaultExtractor)));
  }

  /**
   * Stores, for each marketplace's plan, which extractor served each photo and, in shadow mode, the
   * other result; inside the submission's transaction. `results` holds each extractor's result per
   * photo, run once whatever the number of marketplaces that asked for it (null: it failed or measured
   * nothing, and no run is stored).
   */
  async function recordRuns(
    trx: Knex.Transaction,
    input: { submissionId: string; plans: readonly ExtractionPlan[]; photos: Array<{ id: string; results: ReadonlyMap<string, ExtractionResult | null> }> },
  ): Promise<ExtractionRun[]> {
    const at = new Date(now()).toISOString();
    const runs: ExtractionRun[] = [];
    for (const p of input.plans) {
      for (const photo of input.photos) {
        const add = (step: { extractor: string; arm: Arm }, served: boolean) => {
          const extraction = photo.results.get(step.extractor);
          if (!extraction) return;
          runs.push({
            photoId: photo.id,
            submissionId: input.submissionId,
            marketplace: p.marketplace,
            extractor: extraction.extractor.name,
            extractorVersion: extraction.extractor.version,
            arm: step.arm,
            served,
            mode: p.mode,
            bucket: p.bucket,
            colorHex: extraction.color.hex,
            review: extraction.review,
            extraction,
            createdAt: at,
          });
        };
        add(p.served, true);
        if (p.shadow) add(p.shadow, false);
      }
    }
    if (runs.length) {
      await trx('photo_extraction_runs').insert(
        runs.map((r) => ({
          id: crypto.randomUUID(),
          photo_id: r.photoId,
          submission_id: r.submissionId,
          marketplace: r.marketplace,
          extractor: r.extractor,
          extractor_version: r.extractorVersion,
          arm: r.arm,
          served: r.served,
          mode: r.mode,
          bucket: r.bucket,
          color_hex: r.colorHex,
          review: r.review,
          extraction: JSON.stringify(r.extraction),
          created_at: r.createdAt,
        })),
      );
    }
    return runs;
  }

  /** Stores the shade's measurement as each targeted marketplace sees it (migration 403); inside the submission's transaction. */
  async function recordMeasurements(trx: Knex.Transaction, submissionId: string, measurements: readonly MarketplaceMeasurement[]): Promise<void> {
    const at = new Date(now()).toISOString();
    if (measurements.length === 0) return;
    await trx('submission_measurements').insert(
      measurements.map((m) => ({
        submission_id: submissionId,
        marketplace: m.marketplace,
        photo_id: m.photoId,
        extractor: m.extraction.extractor.name,
        extractor_version: m.extraction.extractor.version,
        extraction: JSON.stringify(m.extraction),
        created_at: at,
      })),
    );
  }

  async function runsOf(filter: { marketplace?: string; submissionId?: string }): Promise<ExtractionRun[]> {
    const q = deps.db('photo_extraction_runs').orderBy('created_at').orderBy('id');
    if (filter.marketplace) q.where({ marketplace: filter.marketplace });
    if (filter.submissionId) q.where({ submission_id: filter.submissionId });
    return (await q).map(toRun);
  }

  return { get, list, change, history, plansFor, recordRuns, recordMeasurements, runsOf, extractorNames };
}

/** The plan for a shade under a rollout (null: the default extractor alone). Pure, so it can be tested on many shades. */
export function planFor(rollout: Pick<Rollout, 'marketplace' | 'serving' | 'challenger' | 'challengerPercent' | 'mode'> | null, shade: ShadeIdentity, defaultExtractor: string): ExtractionPlan {
  if (!rollout) return { marketplace: null, mode: 'split', bucket: 0, served: { extractor: defaultExtractor, arm: 'serving' }, shadow: null };
  const bucket = shadeBucket(shade, rollout.marketplace);
  const base = { marketplace: rollout.marketplace, mode: rollout.mode, bucket };
  const serving = { extractor: rollout.serving, arm: 'serving' as const };
  if (!rollout.challenger || !assignedToChallenger(bucket, rollout.challengerPercent)) return { ...base, served: serving, shadow: null };
  const challenger = { extractor: rollout.challenger, arm: 'challenger' as const };
  return rollout.mode === 'split' ? { ...base, served: challenger, shadow: null } : { ...base, served: serving, shadow: challenger };
}

const settingsOf = (r: Rollout): RolloutChange => ({ serving: r.serving, challenger: r.challenger, challengerPercent: r.challengerPercent, mode: r.mode });

/** The extractor's version as registered (for labels on pages). */
export const extractorLabel = (name: string) => `${name}@${getExtractor(name).version}`;

export type RolloutService = ReturnType<typeof createRolloutService>;
