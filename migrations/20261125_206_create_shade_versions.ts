import type { Knex } from 'knex';

export const name = '20261125_206_create_shade_versions';

/** Every version of an exported shade: the full document as it was, and why it changed. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('shade_versions', (t) => {
    t.string('id', 36).primary();
    t.string('submission_id', 36).notNullable().references('id').inTable('submissions').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.bigInteger('seq').notNullable();
    t.string('reason', 20).notNullable(); // accepted | overridden | relabelled | corrected
    t.text('document').notNullable();
    t.string('created_at', 30).notNullable();
    t.unique(['submission_id', 'version']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('shade_versions');
}
