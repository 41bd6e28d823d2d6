import type { Knex } from 'knex';

export const name = '20261203_503_create_study_candidates';

/**
 * Per model and shade: the reference photo (the model wearing the real product) and the candidates
 * raters compare with it. A candidate's id is random and is never shown to a rater (they see per-rater
 * opaque ids). `source` is robust | average | declared | label | outside | reference (the attention
 * check: the reference itself); `extractor_version` is the robust extractor's version it was rendered
 * from, so results are kept per version.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('study_references', (t) => {
    t.string('id', 36).primary();
    t.string('model_id', 36).notNullable().references('id').inTable('study_models').onDelete('CASCADE');
    t.string('shade_id', 36).notNullable().references('id').inTable('study_shades').onDelete('CASCADE');
    t.string('storage_key', 120).notNullable();
    t.string('sha256', 64).notNullable();
    t.string('created_at', 30).notNullable();
    t.unique(['model_id', 'shade_id']);
  });
  await knex.schema.createTable('study_candidates', (t) => {
    t.string('id', 36).primary();
    t.string('study_id', 36).notNullable().references('id').inTable('studies').onDelete('CASCADE');
    t.string('model_id', 36).notNullable().references('id').inTable('study_models').onDelete('CASCADE');
    t.string('shade_id', 36).notNullable().references('id').inTable('study_shades').onDelete('CASCADE');
    t.string('source', 16).notNullable();
    t.string('extractor_version', 60).nullable();
    t.float('lab_l').nullable();
    t.float('lab_a').nullable();
    t.float('lab_b').nullable();
    t.string('storage_key', 120).notNullable();
    t.string('sha256', 64).notNullable();
    t.string('created_at', 30).notNullable();
    t.index(['study_id', 'model_id', 'shade_id']);
    t.index(['model_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('study_candidates');
  await knex.schema.dropTable('study_references');
}
