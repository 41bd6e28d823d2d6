import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Db } from '../../../server/db/database.ts';
import { runMigrations } from '../../../server/db/migrate.ts';
import { createSubmissionRepository } from '../../../server/repositories/submission-repository.ts';
import { createUserRepository, type User } from '../../../server/repositories/user-repository.ts';
import { seededRandom } from '../../../server/studies/statistics.ts';
import { SOURCES, type Source } from '../../../server/studies/study-results.ts';
import { createStudyService, type StudyService } from '../../../server/studies/study-service.ts';
import type { PhotoInspector } from '../../../server/analysis/analysis-pool.ts';
import { createLocalStorage } from '../../../server/storage/local-storage.ts';

/**
 * Simulated raters through the study service and a real database, many times over. Each run draws a
 * fresh population of items (a model wearing a shade): per source a colour error ΔE00 (its own typical
 * size plus spread), per item a realism offset shared by its sources; five raters score every picture
 * 9 − 0.5·ΔE00 + offset + noise, rounded to 1–10, and the reference itself high. The service closes
 * the study and computes its results from the ratings in the database.
 *
 * The true mean of a source is the population expectation of one rating, computed once by Monte
 * Carlo; over the runs the 95 % intervals must cover it at about the nominal rate, and the means must
 * come out in the true order.
 */

const RUNS = Number(process.env.STUDY_SIM_RUNS ?? 200);
const ITEMS = 30;
const RATERS = 5;
const TYPICAL_ERROR: Record<Source, number> = { label: 0.5, robust: 2, average: 4, declared: 7, outside: 11 };
const TRUE_ORDER = [...SOURCES].sort((a, b) => TYPICAL_ERROR[a] - TYPICAL_ERROR[b]);

function generator(seed: number) {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const clampScore = (v: number) => Math.min(10, Math.max(1, Math.round(v)));
  return {
    itemOffset: () => 0.8 * gauss(),
    error: (s: Source) => Math.abs(TYPICAL_ERROR[s] + gauss()),
    score: (error: number, offset: number) => clampScore(9 - 0.5 * error + offset + 1.2 * gauss()),
    reference: (offset: number) => clampScore(9.5 + offset / 2 + 0.5 * gauss()),
  };
}

/** E[one rating] of a source over the population, by Monte Carlo (standard error ≈ 0.004). */
function trueMeans(): Record<Source, number> {
  const g = generator(424242);
  const out = {} as Record<Source, number>;
  for (const s of SOURCES) {
    let sum = 0;
    const n = 300_000;
    for (let i = 0; i < n; i++) sum += g.score(g.error(s), g.itemOffset());
    out[s] = sum / n;
  }
  return out;
}

let dir: string;
let db: Db;
let studies: StudyService;
let researcher: User;
let photoId: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadegate-sim-'));
  db = openDatabase(`sqlite:${path.join(dir, 'sim.sqlite')}`);
  await runMigrations(db);
  const users = createUserRepository(db);
  const brand = await users.createBrand({ name: 'Sim', slug: 'sim' });
  researcher = await users.createUser({ email: 'r@sim.example', name: 'R', role: 'researcher', brandId: null, passwordHash: 'x' });
  const brandUser = await users.createUser({ email: 'b@sim.example', name: 'B', role: 'brand', brandId: brand.id, passwordHash: 'x' });
  // One accepted shade with a stored extraction: what a study picks.
  const submissionId = crypto.randomUUID();
  photoId = crypto.randomUUID();
  const at = new Date().toISOString();
  await db('submissions').insert({ id: submissionId, brand_id: brand.id, created_by: brandUser.id, product_line: 'Sim', shade_code: 'sim-1', shade_name: 'Sim Red', category: 'lipstick', declared_finish: 'matte', swatch_hex: '#b22146', status: 'accepted', verdict: 'accepted', extraction: null, extractor: 'robust', best_photo_id: photoId, replaces_id: null, created_at: at, updated_at: at });
  await db('photos').insert({ id: photoId, submission_id: submissionId, brand_id: brand.id, view: 'front', display_name: 'sim_front.jpg', storage_key: 'originals/00/x.jpg', sha256: '0'.repeat(64), bytes: 1, format: 'jpeg', width: 1, height: 1, verdict: 'accepted', findings: '[]', measurements: null, extraction: JSON.stringify({ extractor: { name: 'robust', version: 'sim' }, color: { hex: '#b22146', lab: { L: 40, a: 60, b: 20 }, confidence: 1 } }), created_at: at });
  const unused = (): never => {
    throw new Error('not used by the simulation');
  };
  studies = createStudyService({ db, storage: createLocalStorage(path.join(dir, 'photos')), submissions: createSubmissionRepository(db), inspector: { inspect: unused, close: unused, queueLength: () => 0 } as PhotoInspector, limits: {} });
});

after(async () => {
  await db?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One simulated study, from creation to the stored results. */
async function runStudy(seed: number) {
  const g = generator(seed);
  const study = await studies.create(researcher, `Simulation ${seed}`);
  await studies.addShade(study.id, photoId);
  const shadeId = (await db('study_shades').where({ study_id: study.id }).first()).id as string;
  const at = new Date().toISOString();
  const candidates: Array<Record<string, unknown>> = [];
  const ratings: Array<Record<string, unknown>> = [];
  const raters: string[] = [];
  for (let r = 0; r < RATERS; r++) await studies.inviteRater(study.id);
  raters.push(...(await db('study_raters').where({ study_id: study.id }).pluck('id')));
  for (let i = 0; i < ITEMS; i++) {
    const modelId = await studies.addModel(study.id, { monk: null, undertone: null, ageBand: null, gender: null }, { given: true });
    const offset = g.itemOffset();
    const key = () => `studies/00/${crypto.randomUUID()}.jpg`;
    await db('study_references').insert({ id: crypto.randomUUID(), model_id: modelId, shade_id: shadeId, storage_key: key(), sha256: '0'.repeat(64), created_at: at });
    for (const source of [...SOURCES, 'reference' as const]) {
      const id = crypto.randomUUID();
      const error = source === 'reference' ? 0 : g.error(source);
      candidates.push({ id, study_id: study.id, model_id: modelId, shade_id: shadeId, source, extractor_version: 'robust@sim', lab_l: null, lab_a: null, lab_b: null, storage_key: key(), sha256: '0'.repeat(64), created_at: at });
      for (const rater of raters) ratings.push({ id: crypto.randomUUID(), rater_id: rater, candidate_id: id, score: source === 'reference' ? g.reference(offset) : g.score(error, offset), created_at: at });
    }
  }
  await db.batchInsert('study_candidates', candidates, 200);
  await db.batchInsert('study_ratings', ratings, 500);
  return studies.close(study.id);
}

describe('simulated raters through the study service', () => {
  it(`recover the true ranking, and the 95 % intervals cover the true means at about the nominal rate over ${RUNS} runs`, { timeout: 600_000 }, async () => {
    const truth = trueMeans();
    const covered = Object.fromEntries(SOURCES.map((s) => [s, 0])) as Record<Source, number>;
    let rankedRight = 0;
    let flagged = 0;
    for (let run = 0; run < RUNS; run++) {
      const summary = await runStudy(1000 + run);
      assert.equal(summary.items, ITEMS);
      flagged += summary.flaggedRaters;
      for (const s of summary.overall) if (s.ci.low <= truth[s.source] && truth[s.source] <= s.ci.high) covered[s.source]++;
      const order = [...summary.overall].sort((a, b) => b.ci.estimate - a.ci.estimate).map((s) => s.source);
      if (order.join() === TRUE_ORDER.join()) rankedRight++;
    }
    const rates = SOURCES.map((s) => covered[s] / RUNS);
    const overall = rates.reduce((a, b) => a + b, 0) / rates.length;
    console.log(`# true means: ${SOURCES.map((s) => `${s} ${truth[s].toFixed(3)}`).join(', ')}`);
    console.log(`# coverage of the 95 % intervals over ${RUNS} runs: ${SOURCES.map((s, i) => `${s} ${rates[i].toFixed(3)}`).join(', ')}; all ${overall.toFixed(3)}`);
    console.log(`# true ranking recovered in ${rankedRight} of ${RUNS} runs; raters flagged by the attention check: ${flagged}`);
    assert.ok(overall >= 0.9 && overall <= 0.99, `coverage ${overall}`);
    for (const [i, s] of SOURCES.entries()) assert.ok(rates[i] >= 0.85, `${s} coverage ${rates[i]}`);
    assert.ok(rankedRight / RUNS >= 0.95, `ranking recovered in ${rankedRight} of ${RUNS}`);
    assert.equal(flagged, 0, 'attentive raters score the reference high');
  });
});
