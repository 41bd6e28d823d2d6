import type { Knex } from 'knex';

export const name = '20261125_205_create_shade_exports';

/** The current exported document of every accepted shade, with the sequence number of its last change. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('shade_exports', (t) => {
    t.string('submission_id', 36).primary().references('id').inTable('submissions').onDelete('CASCADE');
    t.string('brand_id', 36).notNullable().references('id').inTable('brands');
    t.bigInteger('seq').notNullable().unique();
    t.integer('version').notNullable();
    t.text('document').notNullable();
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.index(['updated_at', 'seq']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('shade_exports');
}
