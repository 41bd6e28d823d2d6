import type { Knex } from 'knex';

export const name = '20261125_001_create_brands_users_sessions';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('brands', (t) => {
    t.string('id', 36).primary();
    t.string('name', 120).notNullable();
    t.string('slug', 60).notNullable().unique();
    t.string('created_at', 30).notNullable();
  });
  await knex.schema.createTable('users', (t) => {
    t.string('id', 36).primary();
    t.string('email', 254).notNullable().unique();
    t.string('name', 120).notNullable();
    t.string('password_hash', 100).notNullable();
    t.string('role', 20).notNullable(); // brand | reviewer
    t.string('brand_id', 36).nullable().references('id').inTable('brands');
    t.string('created_at', 30).notNullable();
  });
  await knex.schema.createTable('sessions', (t) => {
    // Only the SHA-256 of the cookie value is stored: a database dump cannot be replayed as a login.
    t.string('id_hash', 64).primary();
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('csrf_token', 64).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('last_seen_at', 30).notNullable();
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('brands');
}
