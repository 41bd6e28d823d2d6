import type { Knex } from 'knex';

export const name = '20261125_209_create_bulk_upload_items';

/**
 * One report line of a bulk upload: a CSV row (with its outcome) or a photo that matched no row.
 * `position` orders the report: CSV rows by line number, unmatched photos after them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bulk_upload_items', (t) => {
    t.string('bulk_id', 36).notNullable().references('id').inTable('bulk_uploads').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.integer('csv_line').nullable();
    t.string('shade_code', 40).nullable();
    t.string('shade_name', 60).nullable();
    // pending | accepted | rejected | invalid | no_photo | duplicate | unmatched_photo | failed
    t.string('outcome', 20).notNullable();
    t.text('reasons').notNullable(); // JSON array of sentences
    t.text('photo_names').notNullable(); // JSON array of the brand's file names
    t.string('submission_id', 36).nullable().references('id').inTable('submissions');
    t.string('updated_at', 30).notNullable();
    t.primary(['bulk_id', 'position']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('bulk_upload_items');
}
