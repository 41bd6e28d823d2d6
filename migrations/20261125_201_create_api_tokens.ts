import type { Knex } from 'knex';

export const name = '20261125_201_create_api_tokens';

/**
 * API tokens. Only the SHA-256 of a token is stored (a database dump cannot be replayed); the token is
 * shown once when created. `kind` is 'brand' (submits for its brand) or 'export' (reads accepted shades).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_tokens', (t) => {
    t.string('id', 36).primary();
    t.string('kind', 10).notNullable();
    t.string('name', 80).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    // The first characters of the token (prefix included): enough to recognise it in a list, useless to log in.
    t.string('display_prefix', 24).notNullable();
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('brand_id', 36).nullable().references('id').inTable('brands');
    t.string('created_at', 30).notNullable();
    t.string('last_used_at', 30).nullable();
    t.string('revoked_at', 30).nullable();
    t.index(['brand_id', 'created_at']);
    t.index(['user_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_tokens');
}
