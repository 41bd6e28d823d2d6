import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { hexToLab, readFormatInfo, renderDerivative, type DecodeLimits, type ExtractionResult, type Finish } from '../../extraction/index.ts';
import { findLips, renderTryOn, type LipRegion, type Point, type TryOnShade } from '../../extraction/try-on/index.ts';
import type { PhotoInspector } from '../analysis/analysis-pool.ts';
import type { Db } from '../db/database.ts';
import type { DbRow } from '../db/db-row.ts';
import { parseJsonColumn } from '../db/json-column.ts';
import { AppError, notFound } from '../http/errors.ts';
import type { Photo, Submission, SubmissionRepository } from '../repositories/submission-repository.ts';
import type { User } from '../repositories/user-repository.ts';
import { metaOf } from '../review/review-service.ts';
import type { PhotoStorage } from '../storage/photo-storage.ts';
import { seededRandom, shuffled } from './statistics.ts';
import { REFERENCE_SOURCE, summariseStudy, type RatingRecord, type Source, type StudySummary } from './study-results.ts';

/**
 * Realism studies: a researcher picks accepted shades, adds consenting models with their bare-lips
 * photo and a reference photo per shade (the model wearing the real product), the portal renders the
 * candidates (one per source), raters invited by link score them blind, and the closed study's results
 * say which source looks most real. Sources are revealed only once a study is closed.
 */

export const CONSENT_TEXT_VERSION = '2026-12';
export const UNDERTONES = ['cool', 'neutral', 'warm', 'olive'] as const;
export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
/** Longest side of the study's stored photos and rendered candidates. */
const STUDY_MAX_SIDE = 1024;
/** Share of a rater's items (beyond the first, which always has one) that show the reference among the candidates. */
const ATTENTION_SHARE = 1 / 3;

export interface Demographics {
  monk: number | null;
  undertone: (typeof UNDERTONES)[number] | null;
  ageBand: (typeof AGE_BANDS)[number] | null;
  gender: string | null;
}

export interface Study {
  id: string;
  title: string;
  status: 'open' | 'closed';
  seed: number;
  createdAt: string;
  closedAt: string | null;
}

export interface StudyShade {
  id: string;
  submissionId: string;
  photoId: string;
  shadeCode: string;
  shadeName: string;
  brandName: string;
  hex: string | null;
}

export interface StudyModel extends Demographics {
  id: string;
  consent: { textVersion: string; givenAt: string } | null;
  hasBare: boolean;
  bareWidth: number | null;
  bareHeight: number | null;
  lips: LipRegion | null;
  references: string[];
  outside: string[];
}

/** A rater's invitation as the researcher sees it: no token (only its SHA-256 is kept), no scores. */
export interface Invitation {
  id: string;
  number: number;
  createdAt: string;
  ratings: number;
  revokedAt: string | null;
}

/** What a rater is shown for one item: opaque ids only. */
export interface RaterItem {
  itemKey: string;
  referenceId: string;
  candidateIds: string[];
  position: number;
  total: number;
}

const now = () => new Date().toISOString();
const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const opaque = (key: string, what: string) => crypto.createHmac('sha256', key).update(what).digest('base64url').slice(0, 24);

export function createStudyService(deps: {
  db: Db;
  storage: PhotoStorage;
  submissions: SubmissionRepository;
  inspector: PhotoInspector;
  limits: Partial<DecodeLimits>;
}) {
  const { db } = deps;

  /** The shade's columns on a query that joins submissions and photos: code, name, brand, measured colour. */
  const shadeRows = (query: Knex.QueryBuilder) =>
    query
      .join('brands', 'brands.id', 'submissions.brand_id')
      .select('submissions.id as submission_id', 'photos.id as photo_id', 'submissions.shade_code', 'submissions.shade_name', 'brands.name as brand_name', 'photos.extraction');

  /** Accepted shades (accepted or overridden) by their best photo, which has a stored extraction. */
  const acceptedShadeRows = () =>
    shadeRows(db('submissions').join('photos', 'photos.id', 'submissions.best_photo_id'))
      .whereIn('submissions.status', ['accepted', 'overridden'])
      .whereNotNull('photos.extraction');

  const studyShadeOf = (r: DbRow, id: string): StudyShade => ({
    id,
    submissionId: r.submission_id,
    photoId: r.photo_id,
    shadeCode: r.shade_code,
    shadeName: r.shade_name,
    brandName: r.brand_name,
    hex: parseJsonColumn<ExtractionResult>(r.extraction)?.color.hex ?? null,
  });

  async function findStudy(id: string): Promise<Study> {
    const row = await db('studies').where({ id }).first();
    if (!row) throw notFound('That study');
    return { id: row.id, title: row.title, status: row.status, seed: Number(row.seed), createdAt: row.created_at, closedAt: row.closed_at };
  }

  async function openStudy(id: string): Promise<Study> {
    const study = await findStudy(id);
    if (study.status !== 'open') throw new AppError('CONFLICT', 'This study is closed; it can no longer be changed.');
    return study;
  }

  async function findModel(studyId: string, modelId: string) {
    const row = await db('study_models').where({ id: modelId, study_id: studyId }).first();
    if (!row) throw notFound('That model');
    return row;
  }

  async function findShade(studyId: string, shadeId: string) {
    const row = await db('study_shades').where({ id: shadeId, study_id: studyId }).first();
    if (!row) throw notFound('That shade');
    return row;
  }

  /** A photo as the study keeps it: checked like any upload (type by its bytes, size, pixels), then a stripped copy. */
  async function storeStudyPhoto(bytes: Buffer): Promise<{ key: string; sha256: string; copy: Buffer; width: number; height: number }> {
    await readFormatInfo(bytes, deps.limits);
    const copy = await renderDerivative(bytes, { maxSide: STUDY_MAX_SIDE, format: 'jpeg', quality: 90 }, deps.limits);
    const info = await readFormatInfo(copy);
    const stored = await deps.storage.put('studies', 'jpg', copy);
    return { key: stored.key, sha256: stored.sha256, copy, width: info.width, height: info.height };
  }

  async function removeKeys(keys: Iterable<string>): Promise<void> {
    for (const key of new Set(keys)) await deps.storage.remove(key).catch(() => undefined);
  }

  return {
    async list(): Promise<Study[]> {
      const rows = await db('studies').orderBy('created_at', 'desc');
      return rows.map((row) => ({ id: row.id, title: row.title, status: row.status, seed: Number(row.seed), createdAt: row.created_at, closedAt: row.closed_at }));
    },

    find: findStudy,

    async create(user: User, title: string): Promise<Study> {
      const id = crypto.randomUUID();
      await db('studies').insert({ id, title, status: 'open', seed: crypto.randomInt(1, 2 ** 31 - 1), created_by: user.id, created_at: now(), closed_at: null });
      return findStudy(id);
    },

    /** Accepted shades (status accepted or overridden) whose best photo has a stored extraction, newest first. */
    async acceptedShades(): Promise<StudyShade[]> {
      const rows = await acceptedShadeRows().orderBy('submissions.created_at', 'desc').limit(200);
      return rows.map((r: DbRow) => studyShadeOf(r, r.photo_id));
    },

    async shadesOf(studyId: string): Promise<StudyShade[]> {
      const rows = await shadeRows(db('study_shades').join('submissions', 'submissions.id', 'study_shades.submission_id').join('photos', 'photos.id', 'study_shades.photo_id'))
        .where('study_shades.study_id', studyId)
        .orderBy('study_shades.created_at')
        .orderBy('study_shades.id')
        .select('study_shades.id');
      return rows.map((r: DbRow) => studyShadeOf(r, r.id));
    },

    async addShade(studyId: string, photoId: string): Promise<void> {
      await openStudy(studyId);
      const shade = await acceptedShadeRows().where('photos.id', photoId).first();
      if (!shade) throw new AppError('VALIDATION_FAILED', 'Pick an accepted shade with a measured colour.', { context: { field: 'photoId' } });
      const exists = await db('study_shades').where({ study_id: studyId, photo_id: photoId }).first();
      if (exists) return;
      await db('study_shades').insert({ id: crypto.randomUUID(), study_id: studyId, submission_id: shade.submission_id, photo_id: photoId, created_at: now() });
    },

    /** A model joins only with consent; the consent is stored apart from who they are. */
    async addModel(studyId: string, demographics: Demographics, consent: { given: boolean }): Promise<string> {
      await openStudy(studyId);
      if (!consent.given) throw new AppError('VALIDATION_FAILED', 'A model can only be added with their consent.', { context: { field: 'consent' } });
      const id = crypto.randomUUID();
      await db.transaction(async (trx) => {
        await trx('study_models').insert({
          id,
          study_id: studyId,
          monk: demographics.monk,
          undertone: demographics.undertone,
          age_band: demographics.ageBand,
          gender: demographics.gender,
          created_at: now(),
        });
        await trx('study_consents').insert({ id: crypto.randomUUID(), model_id: id, text_version: CONSENT_TEXT_VERSION, given_at: now() });
      });
      return id;
    },

    /**
     * Consent withdrawn: the model's photos (bare lips, references, rendered candidates, outside
     * screenshots) leave the store, and the model row with its demographics, consent, candidates and
     * every rating of those candidates is deleted. Results already stored for a closed study are
     * aggregates and stay.
     */
    async withdrawConsent(studyId: string, modelId: string): Promise<void> {
      const model = await findModel(studyId, modelId);
      const keys = [
        ...(model.bare_key ? [model.bare_key as string] : []),
        ...(await db('study_references').where({ model_id: modelId }).pluck('storage_key')),
        ...(await db('study_candidates').where({ model_id: modelId }).pluck('storage_key')),
      ];
      await db.transaction(async (trx) => {
        const candidates = trx('study_candidates').where({ model_id: modelId }).select('id');
        await trx('study_ratings').whereIn('candidate_id', candidates).delete();
        await trx('study_candidates').where({ model_id: modelId }).delete();
        await trx('study_references').where({ model_id: modelId }).delete();
        await trx('study_consents').where({ model_id: modelId }).delete();
        await trx('study_models').where({ id: modelId }).delete();
      });
      await removeKeys(keys);
    },

    async modelsOf(studyId: string): Promise<StudyModel[]> {
      const rows = await db('study_models').leftJoin('study_consents', 'study_consents.model_id', 'study_models.id').where('study_models.study_id', studyId).orderBy('study_models.created_at').orderBy('study_models.id').select('study_models.*', 'study_consents.text_version', 'study_consents.given_at');
      const refs = await db('study_references').whereIn('model_id', rows.map((r) => r.id)).select('model_id', 'shade_id');
      const outside = await db('study_candidates').whereIn('model_id', rows.map((r) => r.id)).andWhere({ source: 'outside' }).select('model_id', 'shade_id');
      return rows.map((r) => ({
        id: r.id,
        monk: r.monk === null ? null : Number(r.monk),
        undertone: r.undertone,
        ageBand: r.age_band,
        gender: r.gender,
        consent: r.text_version ? { textVersion: r.text_version, givenAt: r.given_at } : null,
        hasBare: Boolean(r.bare_key),
        bareWidth: r.bare_width === null ? null : Number(r.bare_width),
        bareHeight: r.bare_height === null ? null : Number(r.bare_height),
        lips: parseJsonColumn<LipRegion>(r.lips),
        references: refs.filter((x) => x.model_id === r.id).map((x) => x.shade_id),
        outside: outside.filter((x) => x.model_id === r.id).map((x) => x.shade_id),
      }));
    },

    /** The bare-lips photo; the lip outline is found at once and can be corrected afterwards. Returns whether lips were found. */
    async uploadBare(studyId: string, modelId: string, bytes: Buffer): Promise<boolean> {
      await openStudy(studyId);
      const model = await findModel(studyId, modelId);
      const stored = await storeStudyPhoto(bytes);
      try {
        const lips = await findLips(stored.copy);
        await db('study_models').where({ id: modelId }).update({ bare_key: stored.key, bare_sha256: stored.sha256, bare_width: stored.width, bare_height: stored.height, lips: lips ? JSON.stringify(lips) : null });
        if (model.bare_key) await removeKeys([model.bare_key]);
        return lips !== null;
      } catch (err) {
        await removeKeys([stored.key]);
        throw err;
      }
    },

    async setLips(studyId: string, modelId: string, outer: Point[]): Promise<void> {
      await openStudy(studyId);
      const model = await findModel(studyId, modelId);
      if (!model.bare_key) throw new AppError('CONFLICT', 'Upload the bare-lips photo first.');
      const [w, h] = [Number(model.bare_width), Number(model.bare_height)];
      if (outer.length < 3 || outer.some(([x, y]) => x < 0 || y < 0 || x > w || y > h)) {
        throw new AppError('VALIDATION_FAILED', `The lip outline needs at least 3 points inside the ${w} × ${h} photo.`, { context: { field: 'points' } });
      }
      await db('study_models').where({ id: modelId }).update({ lips: JSON.stringify({ outer }) });
    },

    async bareImage(studyId: string, modelId: string): Promise<Buffer> {
      const model = await findModel(studyId, modelId);
      if (!model.bare_key) throw notFound('That photo');
      return deps.storage.readVerified(model.bare_key, model.bare_sha256);
    },

    async uploadReference(studyId: string, modelId: string, shadeId: string, bytes: Buffer): Promise<void> {
      await openStudy(studyId);
      await findModel(studyId, modelId);
      await findShade(studyId, shadeId);
      const stored = await storeStudyPhoto(bytes);
      const old = await db('study_references').where({ model_id: modelId, shade_id: shadeId }).first();
      try {
        await db.transaction(async (trx) => {
          if (old) await trx('study_references').where({ id: old.id }).delete();
          await trx('study_references').insert({ id: crypto.randomUUID(), model_id: modelId, shade_id: shadeId, storage_key: stored.key, sha256: stored.sha256, created_at: now() });
        });
      } catch (err) {
        await removeKeys([stored.key]);
        throw err;
      }
      if (old) await removeKeys([old.storage_key]);
    },

    /** A screenshot from an outside AR app: one more candidate for that model and shade. */
    async uploadOutside(studyId: string, modelId: string, shadeId: string, bytes: Buffer): Promise<void> {
      await openStudy(studyId);
      await findModel(studyId, modelId);
      await findShade(studyId, shadeId);
      const stored = await storeStudyPhoto(bytes);
      try {
        await db('study_candidates').insert(candidateRow(studyId, modelId, shadeId, 'outside', null, null, stored));
      } catch (err) {
        await removeKeys([stored.key]);
        throw err;
      }
    },

    /**
     * Renders every portal source for every model with lips and every shade, replacing earlier renders
     * (outside screenshots stay). Returns how many candidates were rendered.
     */
    async renderCandidates(studyId: string): Promise<number> {
      const study = await openStudy(studyId);
      const shades = await db('study_shades').where({ study_id: studyId });
      const models = (await db('study_models').where({ study_id: studyId })).filter((m) => m.bare_key && m.lips);
      const rendered: Array<ReturnType<typeof candidateRow>> = [];
      for (const shadeRow of shades) {
        const sources = await sourcesFor(shadeRow.submission_id, shadeRow.photo_id);
        for (const model of models) {
          const bare = await deps.storage.readVerified(model.bare_key, model.bare_sha256);
          const lips = parseJsonColumn<LipRegion>(model.lips)!;
          for (const s of sources) {
            const png = await renderTryOn(bare, lips, s.shade, { seed: study.seed, maxSide: STUDY_MAX_SIDE });
            // Every picture a rater sees goes through the same encoder (JPEG, stripped), so none stands out by its format.
            const stored = await storeStudyPhoto(png);
            rendered.push(candidateRow(studyId, model.id, shadeRow.id, s.source, s.version, s.shade.lab, stored));
          }
        }
      }
      const old = await db('study_candidates').where({ study_id: studyId }).whereNotIn('source', ['outside']).select('id', 'storage_key', 'source');
      await db.transaction(async (trx) => {
        if (old.length) {
          await trx('study_ratings').whereIn('candidate_id', old.map((c) => c.id)).delete();
          await trx('study_candidates').whereIn('id', old.map((c) => c.id)).delete();
        }
        for (const row of rendered) await trx('study_candidates').insert(row);
        // The attention check: the reference itself, as a candidate (the same stored file).
        const refs = await trx('study_references').join('study_models', 'study_models.id', 'study_references.model_id').where('study_models.study_id', studyId).select('study_references.*');
        for (const ref of refs) {
          await trx('study_candidates').insert(candidateRow(studyId, ref.model_id, ref.shade_id, REFERENCE_SOURCE, null, null, { key: ref.storage_key, sha256: ref.sha256 }));
        }
      });
      await removeKeys(old.filter((c) => c.source !== REFERENCE_SOURCE).map((c) => c.storage_key));
      return rendered.length;
    },

    /** Counts per model and shade for the researcher (no source names while open). */
    async candidateCounts(studyId: string): Promise<Map<string, number>> {
      const rows = await db('study_candidates').where({ study_id: studyId }).whereNot({ source: REFERENCE_SOURCE }).select('model_id', 'shade_id');
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(`${r.model_id}/${r.shade_id}`, (counts.get(`${r.model_id}/${r.shade_id}`) ?? 0) + 1);
      return counts;
    },

    /** A rater's invitation: the token is returned once; only its SHA-256 is kept. 256 random bits. */
    async inviteRater(studyId: string): Promise<{ token: string; raterId: string }> {
      await openStudy(studyId);
      const token = crypto.randomBytes(32).toString('base64url');
      const raterId = crypto.randomUUID();
      await db('study_raters').insert({ id: raterId, study_id: studyId, token_hash: sha256(token), seed: crypto.randomInt(1, 2 ** 31 - 1), created_at: now() });
      return { token, raterId };
    },

    /** The study's invitations in the order they were made (numbered from 1), with their scores so far and whether revoked. */
    async invitations(studyId: string): Promise<Invitation[]> {
      const rows: DbRow[] = await db('study_raters')
        .leftJoin('study_ratings', 'study_ratings.rater_id', 'study_raters.id')
        .where('study_raters.study_id', studyId)
        .groupBy('study_raters.id', 'study_raters.created_at', 'study_raters.revoked_at')
        .orderBy('study_raters.created_at')
        .orderBy('study_raters.id')
        .select('study_raters.id', 'study_raters.created_at', 'study_raters.revoked_at')
        .count({ ratings: 'study_ratings.id' });
      return rows.map((r, i) => ({ id: String(r.id), number: i + 1, createdAt: String(r.created_at), ratings: Number(r.ratings), revokedAt: (r.revoked_at as string | null) ?? null }));
    },

    /**
     * Revokes an invitation link: from now on it opens nothing and takes no score (see `rater`). The
     * scores already given stay in the study: they were given blind under a valid invitation, and the
     * attention check still judges them. Audited with who and when; revoking twice changes nothing.
     */
    async revokeRater(actor: User, studyId: string, raterId: string): Promise<void> {
      await findStudy(studyId);
      await db.transaction(async (trx) => {
        const row = await trx('study_raters').where({ id: raterId, study_id: studyId }).first();
        if (!row) throw notFound('That invitation');
        if (row.revoked_at) return;
        const at = now();
        const updated = await trx('study_raters').where({ id: raterId }).whereNull('revoked_at').update({ revoked_at: at });
        if (updated === 0) return;
        await trx('audit_log').insert({
          id: crypto.randomUUID(),
          actor_id: actor.id,
          action: 'rater_revoke',
          subject_type: 'study_rater',
          subject_id: raterId,
          note: null,
          before: JSON.stringify({ studyId, revokedAt: null }),
          after: JSON.stringify({ studyId, revokedAt: at }),
          created_at: at,
        });
      });
    },

    async raterCount(studyId: string): Promise<{ invited: number; rated: number; ratings: number }> {
      const invited = await db('study_raters').where({ study_id: studyId }).count<{ n: number }[]>({ n: '*' });
      const rated = await db('study_ratings').join('study_raters', 'study_raters.id', 'study_ratings.rater_id').where('study_raters.study_id', studyId).countDistinct<{ n: number }[]>({ n: 'study_ratings.rater_id' });
      const ratings = await db('study_ratings').join('study_raters', 'study_raters.id', 'study_ratings.rater_id').where('study_raters.study_id', studyId).count<{ n: number }[]>({ n: '*' });
      return { invited: Number(invited[0].n), rated: Number(rated[0].n), ratings: Number(ratings[0].n) };
    },

    rater: raterSession,

    async close(studyId: string): Promise<StudySummary> {
      const study = await openStudy(studyId);
      await db('studies').where({ id: studyId }).update({ status: 'closed', closed_at: now() });
      return storeResults(study);
    },

    async results(studyId: string): Promise<{ summary: StudySummary; extractorVersion: string | null; computedAt: string } | null> {
      const row = await db('study_results').where({ study_id: studyId }).orderBy('computed_at', 'desc').first();
      return row ? { summary: parseJsonColumn<StudySummary>(row.summary)!, extractorVersion: row.extractor_version, computedAt: row.computed_at } : null;
    },

    /** Every closed study's results with the robust extractor version its candidates came from, newest first. */
    async history(): Promise<Array<{ studyId: string; title: string; extractorVersion: string | null; computedAt: string; summary: StudySummary }>> {
      const rows = await db('study_results').join('studies', 'studies.id', 'study_results.study_id').orderBy('study_results.computed_at', 'desc').select('study_results.*', 'studies.title');
      return rows.map((r) => ({ studyId: r.study_id, title: r.title, extractorVersion: r.extractor_version, computedAt: r.computed_at, summary: parseJsonColumn<StudySummary>(r.summary)! }));
    },

    /** Every rating of the study with its (revealed) source and the model's bands: the input of the results. */
    ratingRecords,
  };

  function candidateRow(studyId: string, modelId: string, shadeId: string, source: string, version: string | null, lab: { L: number; a: number; b: number } | null, stored: { key: string; sha256: string }) {
    return {
      id: crypto.randomUUID(),
      study_id: studyId,
      model_id: modelId,
      shade_id: shadeId,
      source,
      extractor_version: version,
      lab_l: lab?.L ?? null,
      lab_a: lab?.a ?? null,
      lab_b: lab?.b ?? null,
      storage_key: stored.key,
      sha256: stored.sha256,
      created_at: now(),
    };
  }

  /** The colours each source gives a shade: the stored robust extraction, the averaging baseline, the declared hex, the reviewer's label. */
  async function sourcesFor(submissionId: string, photoId: string): Promise<Array<{ source: Source; version: string | null; shade: TryOnShade }>> {
    const submission = (await deps.submissions.findForViewer(submissionId, { userId: 'studies', role: 'reviewer', brandId: null })) as Submission;
    const photo = (await deps.submissions.photosOf(submissionId)).find((p) => p.id === photoId) as Photo;
    const robust = photo.extraction!;
    const version = `${robust.extractor.name}@${robust.extractor.version}`;
    const asShade = (e: ExtractionResult, lab = e.color.lab): TryOnShade => ({ lab, finish: e.finish.value, reflectance: e.reflectance, particles: e.particles });
    const out: Array<{ source: Source; version: string | null; shade: TryOnShade }> = [{ source: 'robust', version, shade: asShade(robust) }];
    const average = robust.extractor.name === 'average' ? robust : (await deps.inspector.inspect(await deps.storage.read(photo.storageKey), metaOf(submission, photo), { extractor: 'average' })).extraction;
    if (average) out.push({ source: 'average', version, shade: asShade(average) });
    if (/^#[0-9a-fA-F]{6}$/.test(submission.swatchHex ?? '')) {
      const finish = (['matte', 'satin', 'shiny', 'glossy'] as Finish[]).includes(submission.declaredFinish as Finish) ? (submission.declaredFinish as Finish) : robust.finish.value;
      out.push({ source: 'declared', version, shade: { ...asShade(robust, hexToLab(submission.swatchHex)), finish } });
    }
    const label = await db('photo_labels').where({ photo_id: photoId }).orderBy('created_at', 'desc').orderBy('id', 'desc').first();
    if (label) {
      const labelled = parseJsonColumn<ExtractionResult>(label.extraction)!;
      out.push({ source: 'label', version, shade: asShade(labelled, label.picked_hex ? hexToLab(label.picked_hex) : labelled.color.lab) });
    }
    return out;
  }

  async function ratingRecords(studyId: string, conn: Knex = db): Promise<RatingRecord[]> {
    const rows = await conn('study_ratings')
      .join('study_candidates', 'study_candidates.id', 'study_ratings.candidate_id')
      .join('study_models', 'study_models.id', 'study_candidates.model_id')
      .where('study_candidates.study_id', studyId)
      .select('study_ratings.rater_id', 'study_ratings.candidate_id', 'study_ratings.score', 'study_candidates.source', 'study_candidates.model_id', 'study_candidates.shade_id', 'study_models.monk', 'study_models.undertone');
    return rows.map((r) => ({
      raterId: r.rater_id,
      candidateId: r.candidate_id,
      source: r.source,
      itemId: `${r.model_id}/${r.shade_id}`,
      score: Number(r.score),
      monk: r.monk === null ? null : Number(r.monk),
      undertone: r.undertone,
    }));
  }

  async function storeResults(study: Study): Promise<StudySummary> {
    const summary = summariseStudy(await ratingRecords(study.id), { seed: study.seed });
    const versions = await db('study_candidates').where({ study_id: study.id, source: 'robust' }).distinct('extractor_version').pluck('extractor_version');
    await db('study_results').insert({ id: crypto.randomUUID(), study_id: study.id, extractor_version: versions.sort().join(', ') || null, summary: JSON.stringify(summary), computed_at: now() });
    return summary;
  }

  /**
   * What a rater with a link can do. Everything they see is named by ids derived from their token
   * (HMAC), so two raters' ids differ, the reference shown as a candidate has an id of its own, and
   * nothing names a source.
   */
  async function raterSession(token: string) {
    if (typeof token !== 'string' || token.length < 20 || token.length > 100) return null;
    const rater = await db('study_raters').where({ token_hash: sha256(token) }).first();
    if (!rater) return null;
    const study = await findStudy(rater.study_id);
    // A revoked link still names its study (the page says what happened) but opens and takes nothing.
    const revoked = Boolean(rater.revoked_at);
    const key: string = rater.token_hash;
    const formToken = opaque(key, 'form');

    async function plan() {
      const refs = await db('study_references').join('study_models', 'study_models.id', 'study_references.model_id').where('study_models.study_id', study.id).orderBy('study_references.id').select('study_references.*');
      const candidates = await db('study_candidates').where({ study_id: study.id }).orderBy('id').select('id', 'model_id', 'shade_id', 'source', 'storage_key', 'sha256');
      const items = refs
        .map((ref) => ({ ref, candidates: candidates.filter((c) => c.model_id === ref.model_id && c.shade_id === ref.shade_id) }))
        .filter((i) => i.candidates.some((c) => c.source !== REFERENCE_SOURCE));
      const order = shuffled(items, seededRandom(Number(rater.seed)));
      return order.map((item, k) => {
        const random = seededRandom(Number(rater.seed) * 31 + k + 1);
        const attention = k === 0 || random() < ATTENTION_SHARE;
        const shown = item.candidates.filter((c) => c.source !== REFERENCE_SOURCE || attention);
        return {
          itemKey: opaque(key, `item:${item.ref.id}`),
          reference: { id: opaque(key, `ref:${item.ref.id}`), storageKey: item.ref.storage_key as string, sha256: item.ref.sha256 as string },
          candidates: shuffled(shown, random).map((c) => ({ id: opaque(key, `cand:${c.id}`), candidateId: c.id as string, storageKey: c.storage_key as string, sha256: c.sha256 as string })),
        };
      });
    }

    async function scored(): Promise<Set<string>> {
      return new Set(await db('study_ratings').where({ rater_id: rater.id }).pluck('candidate_id'));
    }

    return {
      studyTitle: study.title,
      open: study.status === 'open' && !revoked,
      revoked,
      formToken,
      checkFormToken(supplied: unknown): void {
        const a = Buffer.from(typeof supplied === 'string' ? supplied : '');
        const b = Buffer.from(formToken);
        if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) throw new AppError('CSRF_FAILED', 'Your form expired. Reload the page and try again.');
      },
      /** The first item not fully scored, or null when the rater is done. */
      async next(): Promise<RaterItem | null> {
        if (revoked) return null;
        const [items, done] = await Promise.all([plan(), scored()]);
        const position = items.findIndex((i) => i.candidates.some((c) => !done.has(c.candidateId)));
        if (position < 0) return null;
        const item = items[position];
        return { itemKey: item.itemKey, referenceId: item.reference.id, candidateIds: item.candidates.map((c) => c.id), position: position + 1, total: items.length };
      },
      async image(id: string): Promise<Buffer | null> {
        if (revoked) return null;
        for (const item of await plan()) {
          if (item.reference.id === id) return deps.storage.readVerified(item.reference.storageKey, item.reference.sha256);
          const c = item.candidates.find((x) => x.id === id);
          if (c) return deps.storage.readVerified(c.storageKey, c.sha256);
        }
        return null;
      },
      async score(itemKey: string, scores: Record<string, number>): Promise<void> {
        if (study.status !== 'open') throw new AppError('CONFLICT', 'This study is closed.');
        if (revoked) throw new AppError('CONFLICT', 'This invitation was revoked.');
        const item = (await plan()).find((i) => i.itemKey === itemKey);
        if (!item) throw notFound('That item');
        const rows = item.candidates.map((c) => {
          const score = scores[c.id];
          if (!Number.isInteger(score) || score < 1 || score > 10) throw new AppError('VALIDATION_FAILED', 'Give every picture a score from 1 to 10.', { context: { field: 'score' } });
          return { id: crypto.randomUUID(), rater_id: rater.id, candidate_id: c.candidateId, score, created_at: now() };
        });
        await db('study_ratings').insert(rows).onConflict(['rater_id', 'candidate_id']).merge(['score', 'created_at']);
      },
    };
  }
}

export type StudyService = ReturnType<typeof createStudyService>;
export type RaterSession = NonNullable<Awaited<ReturnType<StudyService['rater']>>>;
