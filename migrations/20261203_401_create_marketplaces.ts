import type { Knex } from 'knex';

export const name = '20261203_401_create_marketplaces';

/**
 * The marketplaces (server/marketplaces/marketplaces.ts codes) a brand sells in, and the ones each
 * submission targets (by default all of its brand's, as they were when it was submitted).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('brand_marketplaces', (t) => {
    t.string('brand_id', 36).notNullable().references('id').inTable('brands').onDelete('CASCADE');
    t.string('marketplace', 2).notNullable();
    t.string('created_at', 30).notNullable();
    t.primary(['brand_id', 'marketplace']);
  });
  await knex.schema.createTable('submission_marketplaces', (t) => {
    t.string('submission_id', 36).notNullable().references('id').inTable('submissions').onDelete('CASCADE');
    t.string('marketplace', 2).notNullable();
    t.primary(['submission_id', 'marketplace']);
    t.index(['marketplace', 'submission_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('submission_marketplaces');
  await knex.schema.dropTable('brand_marketplaces');
}
