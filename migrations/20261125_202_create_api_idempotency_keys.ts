import type { Knex } from 'knex';

export const name = '20261125_202_create_api_idempotency_keys';

/**
 * `Idempotency-Key` → the submission it created, per brand. The primary key makes a storm of parallel
 * retries with one key commit exactly one submission: the row is written in the submission's transaction.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_idempotency_keys', (t) => {
    t.string('brand_id', 36).notNullable().references('id').inTable('brands');
    t.string('idempotency_key', 200).notNullable();
    // SHA-256 of the request (fields and photo bytes): the same key with a different request is refused.
    t.string('request_hash', 64).notNullable();
    t.string('submission_id', 36).notNullable().references('id').inTable('submissions').onDelete('CASCADE');
    t.string('token_id', 36).nullable();
    t.string('created_at', 30).notNullable();
    t.primary(['brand_id', 'idempotency_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_idempotency_keys');
}
