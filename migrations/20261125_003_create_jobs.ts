import type { Knex } from 'knex';

export const name = '20261125_003_create_jobs';

/**
 * Durable jobs (extraction, mail, webhooks): written in the same transaction as the state change that
 * causes them, claimed with a lease, retried with backoff, dead-lettered after max_attempts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('jobs', (t) => {
    t.string('id', 36).primary();
    t.string('type', 40).notNullable();
    t.text('payload').notNullable();
    t.string('status', 12).notNullable(); // queued | running | done | dead
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('max_attempts').notNullable();
    t.string('run_at', 30).notNullable();
    t.string('lease_token', 36).nullable();
    t.string('lease_expires_at', 30).nullable();
    t.text('last_error').nullable();
    // One job per event: enqueueing the same key twice is a no-op (exactly-once effects per event).
    t.string('dedupe_key', 200).nullable().unique();
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('completed_at', 30).nullable();
    t.index(['status', 'run_at']);
    t.index(['type', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('jobs');
}
