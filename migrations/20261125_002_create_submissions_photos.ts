import type { Knex } from 'knex';

export const name = '20261125_002_create_submissions_photos';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('submissions', (t) => {
    t.string('id', 36).primary();
    t.string('brand_id', 36).notNullable().references('id').inTable('brands');
    t.string('created_by', 36).notNullable().references('id').inTable('users');
    t.string('product_line', 80).notNullable();
    t.string('shade_code', 40).notNullable();
    t.string('shade_name', 60).notNullable();
    t.string('category', 40).notNullable();
    t.string('declared_finish', 16).notNullable();
    t.string('swatch_hex', 7).notNullable();
    // accepted | rejected (the standards' verdict), later changed by reviewers (see review migrations)
    t.string('status', 20).notNullable();
    t.string('verdict', 20).notNullable();
    // Extraction of the submission's best photo (JSON), with the extractor that produced it.
    t.text('extraction').nullable();
    t.string('extractor', 60).nullable();
    t.string('best_photo_id', 36).nullable();
    t.string('replaces_id', 36).nullable().references('id').inTable('submissions');
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.index(['brand_id', 'created_at']);
    t.index(['status', 'created_at']);
    t.index(['updated_at', 'id']);
  });
  await knex.schema.createTable('photos', (t) => {
    t.string('id', 36).primary();
    t.string('submission_id', 36).notNullable().references('id').inTable('submissions').onDelete('CASCADE');
    t.string('brand_id', 36).notNullable().references('id').inTable('brands');
    t.string('view', 10).notNullable();
    // Sanitised, capped client file name: shown to people, never used on disk.
    t.string('display_name', 255).notNullable();
    t.string('storage_key', 120).notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('bytes').notNullable();
    t.string('format', 8).nullable();
    t.integer('width').nullable();
    t.integer('height').nullable();
    t.string('verdict', 20).notNullable();
    t.text('findings').notNullable();
    t.text('measurements').nullable();
    t.text('extraction').nullable();
    t.string('created_at', 30).notNullable();
    t.index(['submission_id']);
    t.index(['brand_id', 'sha256']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('photos');
  await knex.schema.dropTable('submissions');
}
