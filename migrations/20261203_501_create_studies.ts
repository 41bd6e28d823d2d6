import type { Knex } from 'knex';

export const name = '20261203_501_create_studies';

/**
 * Realism studies run by a researcher: a study, and the accepted shades it shows (a photo that passed,
 * whose stored extraction is one of the rendered sources). `seed` drives every random choice of the
 * study (rater orders, bootstrap), so its results can be recomputed to the digit.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('studies', (t) => {
    t.string('id', 36).primary();
    t.string('title', 120).notNullable();
    // open | closed: sources are revealed to nobody until closed
    t.string('status', 12).notNullable();
    t.integer('seed').notNullable();
    t.string('created_by', 36).notNullable().references('id').inTable('users');
    t.string('created_at', 30).notNullable();
    t.string('closed_at', 30).nullable();
  });
  await knex.schema.createTable('study_shades', (t) => {
    t.string('id', 36).primary();
    t.string('study_id', 36).notNullable().references('id').inTable('studies').onDelete('CASCADE');
    t.string('submission_id', 36).notNullable().references('id').inTable('submissions');
    t.string('photo_id', 36).notNullable().references('id').inTable('photos');
    t.string('created_at', 30).notNullable();
    t.unique(['study_id', 'photo_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('study_shades');
  await knex.schema.dropTable('studies');
}
