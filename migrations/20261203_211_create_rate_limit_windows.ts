import type { Knex } from 'knex';

export const name = '20261203_211_create_rate_limit_windows';

/**
 * The open window of each rate limit per client bucket, shared by every portal process: how many hits
 * it has counted and when it ends (ISO-8601 UTC text on the database's clock, like the other time
 * columns). A hit after `reset_at` starts a new window on the same row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limit_windows', (t) => {
    t.string('limiter', 40).notNullable();
    t.string('bucket', 64).notNullable();
    t.integer('hits').notNullable();
    t.string('reset_at', 30).notNullable();
    t.primary(['limiter', 'bucket']);
    t.index(['reset_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limit_windows');
}
