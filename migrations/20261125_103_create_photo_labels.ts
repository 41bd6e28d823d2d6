import type { Knex } from 'knex';

export const name = '20261125_103_create_photo_labels';

/**
 * Human labels, kept beside the automatic result (photos.extraction is never overwritten): the product
 * region a reviewer drew, an optional colour picked from the photo, and the extraction re-run on that
 * region. The newest label of a photo is its current one; older ones stay as history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('photo_labels', (t) => {
    t.string('id', 36).primary();
    t.string('photo_id', 36).notNullable().references('id').inTable('photos').onDelete('CASCADE');
    t.string('submission_id', 36).notNullable().references('id').inTable('submissions').onDelete('CASCADE');
    t.string('labelled_by', 36).notNullable().references('id').inTable('users');
    // Upright pixels, origin top-left, x right, y down (extraction/types.ts COORDINATE_CONVENTION).
    t.integer('region_x').notNullable();
    t.integer('region_y').notNullable();
    t.integer('region_width').notNullable();
    t.integer('region_height').notNullable();
    t.string('picked_hex', 7).nullable();
    // ExtractionResult (JSON) of the extractor run on the labelled region.
    t.text('extraction').notNullable();
    t.string('created_at', 30).notNullable();
    t.index(['photo_id', 'created_at']);
    t.index(['submission_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('photo_labels');
}
