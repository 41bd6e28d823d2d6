import type { Knex } from 'knex';

export const name = '20261203_402_create_extractor_rollouts';

/**
 * The extractor rollout of each marketplace (a marketplace without a row is served by the portal's
 * configured extractor alone), and per photo which extractor's result was served and, in shadow mode,
 * the other extractor's result kept beside it for comparison.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('extractor_rollouts', (t) => {
    t.string('marketplace', 2).primary();
    t.string('serving', 40).notNullable();
    t.string('challenger', 40).nullable();
    // Share of shades (0–100 %) assigned to the challenger.
    t.integer('challenger_percent').notNullable();
    // split: the assigned extractor's result is stored; shadow: both run, the serving one's is stored.
    t.string('mode', 10).notNullable();
    t.string('updated_by', 36).notNullable().references('id').inTable('users');
    t.string('updated_at', 30).notNullable();
  });
  await knex.schema.createTable('photo_extraction_runs', (t) => {
    t.string('id', 36).primary();
    t.string('photo_id', 36).notNullable().references('id').inTable('photos').onDelete('CASCADE');
    t.string('submission_id', 36).notNullable().references('id').inTable('submissions').onDelete('CASCADE');
    // The marketplace whose rollout decided; null when the submission targets none.
    t.string('marketplace', 2).nullable();
    t.string('extractor', 40).notNullable();
    t.string('extractor_version', 20).notNullable();
    // serving | challenger: the arm of the rollout this extractor is.
    t.string('arm', 12).notNullable();
    // Whether this run's result is the photo's stored result (false: a shadow run, kept for comparison).
    t.boolean('served').notNullable();
    t.string('mode', 10).notNullable();
    // The shade's stable position in [0, 1) that assigned it, so an assignment can be explained later.
    t.double('bucket').notNullable();
    t.string('color_hex', 7).notNullable();
    t.boolean('review').notNullable();
    t.text('extraction').notNullable();
    t.string('created_at', 30).notNullable();
    t.index(['marketplace', 'created_at']);
    t.index(['photo_id']);
    t.index(['submission_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('photo_extraction_runs');
  await knex.schema.dropTable('extractor_rollouts');
}
