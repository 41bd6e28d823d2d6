import type { Knex } from 'knex';

export const name = '20261125_207_create_webhook_subscriptions';

/**
 * Where shade events are POSTed. The signing secret must be readable to sign each delivery, so it is
 * kept as is (unlike tokens); it is shown to the subscriber once, at registration.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhook_subscriptions', (t) => {
    t.string('id', 36).primary();
    t.string('url', 2000).notNullable();
    t.string('secret', 100).notNullable();
    t.string('created_by_token', 36).notNullable().references('id').inTable('api_tokens');
    t.string('created_at', 30).notNullable();
    t.string('revoked_at', 30).nullable();
    t.index(['revoked_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhook_subscriptions');
}
