import type { Knex } from 'knex';

export const name = '20261203_502_create_study_models';

/**
 * The people whose lips a study shows. Demographics are self-described and optional (Monk Skin Tone
 * 1–10, undertone, age band, gender). Consent lives in its own table (the text version agreed to and
 * when); withdrawing it deletes the model row, its photos and every candidate and rating made from
 * them (see server/studies/README.md).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('study_models', (t) => {
    t.string('id', 36).primary();
    t.string('study_id', 36).notNullable().references('id').inTable('studies').onDelete('CASCADE');
    t.integer('monk').nullable();
    t.string('undertone', 12).nullable();
    t.string('age_band', 12).nullable();
    t.string('gender', 60).nullable();
    // The bare-lips photo (a stripped copy in the photo store) and the lip polygon on it (JSON).
    t.string('bare_key', 120).nullable();
    t.string('bare_sha256', 64).nullable();
    t.integer('bare_width').nullable();
    t.integer('bare_height').nullable();
    t.text('lips').nullable();
    t.string('created_at', 30).notNullable();
  });
  await knex.schema.createTable('study_consents', (t) => {
    t.string('id', 36).primary();
    t.string('model_id', 36).notNullable().unique().references('id').inTable('study_models').onDelete('CASCADE');
    t.string('text_version', 20).notNullable();
    t.string('given_at', 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('study_consents');
  await knex.schema.dropTable('study_models');
}
