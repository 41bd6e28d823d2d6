import type { Knex } from 'knex';

export const name = '20261203_302_create_photo_copies';

/**
 * The copies of a photo the routes serve (display, thumbnail, the export's full-size copy and region
 * crops), rendered once and stored beside the original with their own SHA-256. `variant` tells crops
 * of different regions apart ('' for the sizes).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('photo_copies', (t) => {
    t.string('photo_id', 36).notNullable().references('id').inTable('photos').onDelete('CASCADE');
    t.string('kind', 20).notNullable();
    t.string('variant', 64).notNullable().defaultTo('');
    t.string('storage_key', 200).notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('bytes').notNullable();
    t.string('created_at', 30).notNullable();
    t.primary(['photo_id', 'kind', 'variant']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('photo_copies');
}
