import type { Knex } from 'knex';

export const name = '20261203_210_add_webhook_breaker';

/**
 * A circuit breaker per webhook subscription: failed deliveries in a row, and until when deliveries to
 * it are paused once that count reaches the limit (ISO-8601 UTC text, like the other time columns).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_subscriptions', (t) => {
    t.integer('consecutive_failures').notNullable().defaultTo(0);
    t.string('paused_until', 30).nullable();
    t.index(['created_by_token']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_subscriptions', (t) => {
    t.dropIndex(['created_by_token']);
    t.dropColumn('paused_until');
    t.dropColumn('consecutive_failures');
  });
}
