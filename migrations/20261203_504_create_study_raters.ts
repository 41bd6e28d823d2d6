import type { Knex } from 'knex';

export const name = '20261203_504_create_study_raters';

/**
 * Raters are invited by a link; only the SHA-256 of its token is stored. `seed` orders what the rater
 * sees. A rating is one score 1–10 of one candidate by one rater.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('study_raters', (t) => {
    t.string('id', 36).primary();
    t.string('study_id', 36).notNullable().references('id').inTable('studies').onDelete('CASCADE');
    t.string('token_hash', 64).notNullable().unique();
    t.index(['study_id']);
    t.integer('seed').notNullable();
    t.string('created_at', 30).notNullable();
  });
  await knex.schema.createTable('study_ratings', (t) => {
    t.string('id', 36).primary();
    t.string('rater_id', 36).notNullable().references('id').inTable('study_raters').onDelete('CASCADE');
    t.string('candidate_id', 36).notNullable().references('id').inTable('study_candidates').onDelete('CASCADE');
    t.integer('score').notNullable();
    t.string('created_at', 30).notNullable();
    t.unique(['rater_id', 'candidate_id']);
    t.index(['candidate_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('study_ratings');
  await knex.schema.dropTable('study_raters');
}
