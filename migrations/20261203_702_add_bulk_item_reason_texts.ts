import type { Knex } from 'knex';

export const name = '20261203_702_add_bulk_item_reason_texts';

/**
 * A bulk report line's reasons as message keys with their values (a JSON array of
 * `{ code, text: { key, values }, details? }`, server/api/bulk/bulk-reasons.ts), said in the reader's
 * language when the report is shown. Null on the lines written before: their `reasons` are English
 * sentences, shown as they are.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bulk_upload_items', (t) => {
    t.text('reason_texts').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bulk_upload_items', (t) => {
    t.dropColumn('reason_texts');
  });
}
