import type { Knex } from 'knex';

export const name = '20261125_301_create_photo_integrity';

/**
 * What the storage reconciler found: a photo whose file is missing or no longer matches its SHA-256 is
 * flagged here (and never served), and each run's report is kept so operators can read the latest one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('photo_integrity_issues', (t) => {
    t.string('photo_id', 36).primary().references('id').inTable('photos').onDelete('CASCADE');
    t.string('problem', 20).notNullable(); // missing | checksum_mismatch
    t.string('detected_at', 30).notNullable();
  });
  await knex.schema.createTable('reconciler_runs', (t) => {
    t.string('id', 36).primary();
    t.string('started_at', 30).notNullable();
    t.string('finished_at', 30).notNullable();
    // JSON: counts and the keys/ids involved (capped).
    t.text('report').notNullable();
    t.index(['finished_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reconciler_runs');
  await knex.schema.dropTable('photo_integrity_issues');
}
