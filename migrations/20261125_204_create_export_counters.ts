import type { Knex } from 'knex';

export const name = '20261125_204_create_export_counters';

/**
 * A counter row incremented inside every transaction that changes an exported shade. The row lock
 * serialises those writers, so sequence order is commit order: a reader paging by sequence can never
 * see a later number commit before an earlier one (timestamps cannot promise that).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('export_counters', (t) => {
    t.string('name', 40).primary();
    t.bigInteger('value').notNullable();
  });
  await knex('export_counters').insert({ name: 'shades', value: 0 });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('export_counters');
}
