import type { Knex } from 'knex';
import type { PhotoInspector } from '../analysis/analysis-pool.ts';
import type { Db } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { NewPhoto, Submission } from '../repositories/submission-repository.ts';
import { createCounter, createGauge, createHistogram } from './registry.ts';

/**
 * What the portal measures about itself. Counters are per process; queue depth and age are read from
 * the database at scrape time, so every process reports the same, shared queue.
 */
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createPortalMetrics(deps: { db: Db; jobs: JobQueue }) {
  // A submission for several marketplaces counts once in each; `none` when it targets none.
  const submissions = createCounter('shadegate_submissions_total', 'Submissions decided, by verdict and marketplace (once per marketplace targeted).');
  const photosDecided = createCounter('shadegate_photos_total', 'Photos decided, by verdict and marketplace (once per marketplace targeted).');
  const findings = createCounter('shadegate_photo_findings_total', 'Photo findings that warned or failed, by rule, status and marketplace (once per marketplace targeted).');
  const extractionRuns = createCounter(
    'shadegate_extraction_runs_total',
    'Extractor runs recorded on photos, by the marketplace whose rollout decided, extractor, arm (serving, challenger) and whether its result was served.',
  );
  const extraction = createHistogram('shadegate_extraction_seconds', 'Time to check and extract one photo.', SECONDS);
  const extractionErrors = createCounter('shadegate_extraction_errors_total', 'Photo inspections that failed, by error code.');
  const jobOutcomes = createCounter('shadegate_job_outcomes_total', 'Job attempts, by type and outcome (done, queued = will retry, dead, lost).');
  const mailFailures = createCounter('shadegate_mail_failures_total', 'Failed mail job attempts, by outcome (queued = will retry, dead).');
  const jobSeconds = createHistogram('shadegate_job_seconds', 'Job run time, by type.', SECONDS);
  const queueDepth = createGauge('shadegate_job_queue_depth', 'Jobs in the database queue, by status.');
  const queueAge = createGauge('shadegate_job_queue_oldest_age_seconds', 'Age of the oldest queued job (including jobs scheduled for later).');
  const dueAge = createGauge('shadegate_job_queue_oldest_due_seconds', 'How long the oldest due job has waited past its run time (the backlog).');
  const http = createHistogram('shadegate_http_request_seconds', 'HTTP request latency, by method, route and status class.', SECONDS);
  const flagged = createGauge('shadegate_photos_damaged', 'Photos the storage reconciler found missing or failing their SHA-256, by problem.');
  const memory = createGauge('shadegate_process_resident_memory_bytes', 'Resident set size of this process.');

  /**
   * Counted only when the decision's transaction commits. The submission's marketplaces and extractor
   * runs are written before the decision hooks run, in the same transaction, so they are read from it.
   */
  async function onDecision(trx: Knex.Transaction, submission: Submission, photos: NewPhoto[]): Promise<void> {
    const targets: Array<{ marketplace: string }> = await trx('submission_marketplaces').where({ submission_id: submission.id }).select('marketplace');
    const runs: Array<{ marketplace: string | null; extractor: string; arm: string; served: unknown }> = await trx('photo_extraction_runs')
      .where({ submission_id: submission.id })
      .select('marketplace', 'extractor', 'arm', 'served');
    const marketplaces = targets.length ? targets.map((t) => t.marketplace) : ['none'];
    trx.executionPromise.then(
      () => {
        for (const marketplace of marketplaces) {
          submissions.inc({ verdict: submission.verdict, marketplace });
          for (const p of photos) {
            photosDecided.inc({ verdict: p.verdict, marketplace });
            for (const f of p.findings) if (f.status !== 'pass') findings.inc({ rule: f.rule, status: f.status, marketplace });
          }
        }
        for (const r of runs) extractionRuns.inc({ marketplace: r.marketplace ?? 'none', extractor: r.extractor, arm: r.arm, served: r.served ? 'true' : 'false' });
      },
      () => undefined,
    );
  }

  function recordJob(type: string, outcome: 'done' | 'queued' | 'dead' | 'lost', ms: number): void {
    jobOutcomes.inc({ type, outcome });
    jobSeconds.observe({ type }, ms / 1000);
    if (type.startsWith('mail') && outcome !== 'done' && outcome !== 'lost') mailFailures.inc({ outcome });
  }

  function recordHttp(method: string, route: string, status: number, seconds: number): void {
    http.observe({ method, route, status: `${Math.floor(status / 100)}xx` }, seconds);
  }

  /** Wraps the photo inspector so each inspection's latency (and failure) is measured. */
  function instrumentInspector(inspector: PhotoInspector): PhotoInspector {
    return {
      ...inspector,
      inspect: async (...args) => {
        const started = process.hrtime.bigint();
        try {
          return await inspector.inspect(...args);
        } catch (err) {
          extractionErrors.inc({ code: String((err as { code?: unknown })?.code ?? 'UNKNOWN') });
          throw err;
        } finally {
          extraction.observe({}, Number(process.hrtime.bigint() - started) / 1e9);
        }
      },
      close: () => inspector.close(),
      queueLength: () => inspector.queueLength(),
    };
  }

  async function oldestDueSeconds(): Promise<number> {
    // run_at is written in the database's time: measure against that clock, not this process's.
    const nowMs = await deps.jobs.currentTime();
    const t = new Date(nowMs).toISOString();
    const row = await deps.db('jobs').where({ status: 'queued' }).andWhere('run_at', '<=', t).min({ t: 'run_at' }).first();
    return row?.t ? Math.max(0, (nowMs - Date.parse(String(row.t))) / 1000) : 0;
  }

  async function render(): Promise<string> {
    const stats = await deps.jobs.stats();
    queueDepth.set(Object.entries(stats.byStatus).map(([status, n]) => ({ labels: { status }, value: n })));
    queueAge.set([{ labels: {}, value: stats.oldestQueuedAgeSeconds }]);
    dueAge.set([{ labels: {}, value: await oldestDueSeconds() }]);
    memory.set([{ labels: {}, value: process.memoryUsage().rss }]);
    const problems: Array<{ problem: string; n: number | string }> = await deps.db('photo_integrity_issues').select('problem').count({ n: '*' }).groupBy('problem');
    flagged.set(problems.map((r) => ({ labels: { problem: r.problem }, value: Number(r.n) })));
    return [submissions, photosDecided, findings, extractionRuns, extraction, extractionErrors, jobOutcomes, jobSeconds, mailFailures, queueDepth, queueAge, dueAge, flagged, http, memory]
      .map((m) => m.render())
      .join('');
  }

  return { onDecision, recordJob, recordHttp, instrumentInspector, render, counters: { submissions, photosDecided, findings, extractionRuns, mailFailures, jobOutcomes }, histograms: { extraction, http } };
}

export type PortalMetrics = ReturnType<typeof createPortalMetrics>;
