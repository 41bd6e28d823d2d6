import type { Knex } from 'knex';

export const name = '20261125_208_create_bulk_uploads';

/** A brand's bulk upload (a CSV of shades plus their photos) and its progress. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bulk_uploads', (t) => {
    t.string('id', 36).primary();
    t.string('brand_id', 36).notNullable().references('id').inTable('brands');
    t.string('created_by', 36).notNullable().references('id').inTable('users');
    t.string('status', 12).notNullable(); // processing | done | failed | interrupted
    t.integer('total_rows').notNullable();
    t.integer('processed_rows').notNullable().defaultTo(0);
    t.text('error').nullable();
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('finished_at', 30).nullable();
    t.index(['brand_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('bulk_uploads');
}
