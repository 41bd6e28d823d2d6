import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { PhotoStorage } from './photo-storage.ts';

/**
 * Compares the photo store (local disk or object storage, through the same listing) with the database, both ways:
 * - an original in the store that no photo row names, older than the grace period, is an orphan (a crash
 *   between the rename and the commit) and is removed;
 * - a photo row whose file is missing, or whose bytes no longer hash to the recorded SHA-256, is flagged
 *   in `photo_integrity_issues` (the photo route refuses flagged photos); a flag is lifted when the file
 *   verifies again (restored from backup);
 * - a temp file or incomplete multipart upload past the grace period (a write that never finished) is swept;
 * - a bulk upload's spool folder untouched for the grace period (its process stopped mid-upload or
 *   mid-processing; a running bulk touches its folder after every row) is swept.
 * The grace period keeps the reconciler away from uploads that are still between rename and commit.
 */
export interface ReconcileReport {
  startedAt: string;
  finishedAt: string;
  photosChecked: number;
  verified: number;
  missing: string[];
  checksumMismatch: string[];
  restored: string[];
  orphansRemoved: string[];
  orphansWithinGrace: number;
  tempFilesSwept: number;
  spoolsSwept: number;
}

export const RECONCILE_JOB = 'storage.reconcile';
/** How many ids or keys a stored report lists per kind (counts stay exact). */
const REPORT_LIST_CAP = 200;
const PAGE = 500;

export function createReconciler(deps: {
  db: Db;
  storage: PhotoStorage;
  graceMs: number;
  /** The folders uploads spool into (bulk and single-shade, one sub-folder per upload); absent = none to sweep. */
  spoolRoots?: string[];
  logger?: Logger;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;

  async function run(): Promise<ReconcileReport> {
    const startedAt = new Date(now()).toISOString();
    const known = new Set<string>();
    const photos = await checkPhotos(known);
    const orphans = await removeOrphans(known);
    const tempFilesSwept = await sweepTemp();
    const spoolsSwept = await sweepSpools();
    const report: ReconcileReport = {
      startedAt,
      finishedAt: new Date(now()).toISOString(),
      ...photos,
      ...orphans,
      tempFilesSwept,
      spoolsSwept,
    };
    await saveReport(report);
    const problems = report.missing.length + report.checksumMismatch.length + report.orphansRemoved.length;
    (problems > 0 ? deps.logger?.warn : deps.logger?.info)?.('storage reconciled', summary(report));
    return report;
  }

  /** Every photo row: its file must exist and hash to the recorded SHA-256. Records every key seen. */
  async function checkPhotos(known: Set<string>) {
    const result = { photosChecked: 0, verified: 0, missing: [] as string[], checksumMismatch: [] as string[], restored: [] as string[] };
    const flagged = new Map<string, string>(
      (await deps.db('photo_integrity_issues').select('photo_id', 'problem')).map((r: { photo_id: string; problem: string }) => [r.photo_id, r.problem]),
    );
    let after = '';
    for (;;) {
      const rows: Array<{ id: string; storage_key: string; sha256: string }> = await deps.db('photos')
        .select('id', 'storage_key', 'sha256')
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE);
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      for (const row of rows) {
        known.add(row.storage_key);
        result.photosChecked++;
        const problem = await verifyFile(row.storage_key, row.sha256);
        if (problem === null) {
          result.verified++;
          if (flagged.has(row.id)) {
            await deps.db('photo_integrity_issues').where({ photo_id: row.id }).delete();
            result.restored.push(row.id);
          }
          continue;
        }
        (problem === 'missing' ? result.missing : result.checksumMismatch).push(row.id);
        if (flagged.get(row.id) !== problem) await flag(row.id, problem);
      }
    }
    return result;
  }

  async function verifyFile(key: string, sha256: string): Promise<'missing' | 'checksum_mismatch' | null> {
    const actual = await deps.storage.digest(key);
    if (actual === null) return 'missing';
    return actual === sha256 ? null : 'checksum_mismatch';
  }

  async function flag(photoId: string, problem: 'missing' | 'checksum_mismatch') {
    const detectedAt = new Date(now()).toISOString();
    await deps.db('photo_integrity_issues')
      .insert({ photo_id: photoId, problem, detected_at: detectedAt })
      .onConflict('photo_id')
      .merge({ problem, detected_at: detectedAt });
  }

  /**
   * Stored objects that no row names: originals (photo rows) and stored display copies (photo_copies
   * rows; a copy whose upload failed between its write and the commit is left behind otherwise).
   */
  async function removeOrphans(known: Set<string>) {
    const orphansRemoved: string[] = [];
    let orphansWithinGrace = 0;
    const listed = [
      ...(await deps.storage.list('originals')).map((o) => ({ ...o, table: 'photos' })),
      ...(await deps.storage.list('derivatives')).map((o) => ({ ...o, table: 'photo_copies' })),
    ];
    for (const { key, modifiedMs, table } of listed) {
      if (known.has(key)) continue;
      // Re-check against the database: the object may belong to an upload committed after the scan began.
      const row = await deps.db(table).where({ storage_key: key }).first('storage_key');
      if (row) continue;
      if (now() - modifiedMs < deps.graceMs) {
        orphansWithinGrace++;
        continue;
      }
      await deps.storage.removeListed(key);
      orphansRemoved.push(key);
    }
    return { orphansRemoved, orphansWithinGrace };
  }

  /** Temp files and incomplete uploads past the grace period: writes that never finished. */
  function sweepTemp(): Promise<number> {
    return deps.storage.sweepUnfinished(now() - deps.graceMs);
  }

  /** Upload spool folders no process has touched for the grace period, with what is left in them. */
  async function sweepSpools(): Promise<number> {
    let swept = 0;
    for (const root of deps.spoolRoots ?? []) swept += await sweepStaleFolders(root);
    return swept;
  }

  /** Removes the folders in `dir` not modified for the grace period; returns how many. */
  async function sweepStaleFolders(dir: string): Promise<number> {
    if (!fs.existsSync(dir)) return 0;
    let swept = 0;
    for (const name of await fsp.readdir(dir)) {
      const entry = path.join(dir, name);
      const stat = await fsp.stat(entry).catch(() => null);
      if (!stat || !stat.isDirectory() || now() - stat.mtimeMs < deps.graceMs) continue;
      await fsp.rm(entry, { recursive: true, force: true });
      swept++;
    }
    return swept;
  }

  async function saveReport(report: ReconcileReport) {
    const capped = {
      ...report,
      counts: {
        missing: report.missing.length,
        checksumMismatch: report.checksumMismatch.length,
        restored: report.restored.length,
        orphansRemoved: report.orphansRemoved.length,
      },
      missing: report.missing.slice(0, REPORT_LIST_CAP),
      checksumMismatch: report.checksumMismatch.slice(0, REPORT_LIST_CAP),
      restored: report.restored.slice(0, REPORT_LIST_CAP),
      orphansRemoved: report.orphansRemoved.slice(0, REPORT_LIST_CAP),
    };
    await deps.db('reconciler_runs').insert({
      id: crypto.randomUUID(),
      started_at: report.startedAt,
      finished_at: report.finishedAt,
      report: JSON.stringify(capped),
    });
  }

  /** The latest run's report and the photos currently flagged: what an operator reads. */
  async function latest() {
    const run = await deps.db('reconciler_runs').orderBy('finished_at', 'desc').first();
    const flaggedRows: Array<{ photo_id: string; problem: string; detected_at: string }> = await deps
      .db('photo_integrity_issues')
      .select('photo_id', 'problem', 'detected_at')
      .orderBy('detected_at', 'desc')
      .limit(REPORT_LIST_CAP);
    return {
      lastRun: run ? JSON.parse(run.report) : null,
      flagged: flaggedRows.map((r) => ({ photoId: r.photo_id, problem: r.problem, detectedAt: r.detected_at })),
    };
  }

  return { run, latest };
}

/** Is this photo flagged by the reconciler? (The photo route refuses flagged photos.) */
export async function integrityProblemOf(db: Db, photoId: string): Promise<string | null> {
  const row = await db('photo_integrity_issues').where({ photo_id: photoId }).first('problem');
  return row ? String(row.problem) : null;
}

function summary(report: ReconcileReport) {
  return {
    photosChecked: report.photosChecked,
    missing: report.missing.length,
    checksumMismatch: report.checksumMismatch.length,
    restored: report.restored.length,
    orphansRemoved: report.orphansRemoved.length,
    tempFilesSwept: report.tempFilesSwept,
    spoolsSwept: report.spoolsSwept,
  };
}

/**
 * Runs the reconciler as a periodic durable job: one job per time slot (the dedupe key is the slot), so
 * however many web and worker processes start, each slot runs once; each run schedules the next slot.
 */
export function reconcileSchedule(intervalMs: number, now: () => number = Date.now) {
  const slotOf = (t: number) => Math.floor(t / intervalMs);
  return {
    /** The job for the current slot (enqueue at startup; a duplicate is ignored). */
    current: () => ({ type: RECONCILE_JOB, payload: { slot: slotOf(now()) }, dedupeKey: `${RECONCILE_JOB}:${slotOf(now())}`, maxAttempts: 3 }),
    /** The job for the slot after `slot`, delayed until that slot begins. */
    next: (slot: number) => ({
      type: RECONCILE_JOB,
      payload: { slot: slot + 1 },
      dedupeKey: `${RECONCILE_JOB}:${slot + 1}`,
      maxAttempts: 3,
      delayMs: Math.max(0, (slot + 1) * intervalMs - now()),
    }),
  };
}
