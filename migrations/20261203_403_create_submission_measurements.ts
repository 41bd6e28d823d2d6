import type { Knex } from 'knex';

export const name = '20261203_403_create_submission_measurements';

/**
 * A shade's measurement as each marketplace it targets sees it: the result of the extractor that
 * marketplace's rollout serves, on the photo that result comes from (the same choice among the views as
 * the submission's own measurement). Written once, with the submission; the export filtered by a
 * marketplace describes the shade with it. A photo's run is stored once per marketplace whose rollout
 * asked for it, so no two rows may name the same photo, marketplace and extractor.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('submission_measurements', (t) => {
    t.string('submission_id', 36).notNullable().references('id').inTable('submissions').onDelete('CASCADE');
    t.string('marketplace', 2).notNullable();
    t.string('photo_id', 36).notNullable().references('id').inTable('photos').onDelete('CASCADE');
    t.string('extractor', 40).notNullable();
    t.string('extractor_version', 20).notNullable();
    t.text('extraction').notNullable();
    t.string('created_at', 30).notNullable();
    t.primary(['submission_id', 'marketplace']);
  });
  await knex.schema.alterTable('photo_extraction_runs', (t) => {
    t.unique(['photo_id', 'marketplace', 'extractor'], { indexName: 'photo_extraction_runs_photo_marketplace_extractor_unique' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('photo_extraction_runs', (t) => {
    t.dropUnique(['photo_id', 'marketplace', 'extractor'], 'photo_extraction_runs_photo_marketplace_extractor_unique');
  });
  await knex.schema.dropTable('submission_measurements');
}
