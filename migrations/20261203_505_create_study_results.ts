import type { Knex } from 'knex';

export const name = '20261203_505_create_study_results';

/** The results of a closed study (JSON), kept with the robust extractor version its candidates came from: the history across versions. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('study_results', (t) => {
    t.string('id', 36).primary();
    t.string('study_id', 36).notNullable().references('id').inTable('studies').onDelete('CASCADE');
    t.string('extractor_version', 60).nullable();
    t.text('summary').notNullable();
    t.string('computed_at', 30).notNullable();
    t.index(['extractor_version', 'computed_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('study_results');
}
