import type { Knex } from 'knex';

export const name = '20261125_203_create_submission_fingerprints';

/**
 * The same photo bytes for the same shade code by the same brand never make a second submission through
 * the API or bulk upload. Tenant-scoped: two brands sending identical bytes get a row each.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('submission_fingerprints', (t) => {
    t.string('brand_id', 36).notNullable().references('id').inTable('brands');
    // Lowercased: 'NU-12' and 'nu-12' are one shade code (as the naming rule compares them).
    t.string('shade_code', 40).notNullable();
    // SHA-256 over the sorted `view:sha256` of every photo of the submission.
    t.string('fingerprint', 64).notNullable();
    t.string('submission_id', 36).notNullable().references('id').inTable('submissions').onDelete('CASCADE');
    t.string('created_at', 30).notNullable();
    t.primary(['brand_id', 'shade_code', 'fingerprint']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('submission_fingerprints');
}
