import type { Knex } from 'knex';

export const name = '20261125_102_create_audit_log';

/** Every reviewer action: who, when, what, why (note), and the state before and after (JSON). Append-only. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.string('id', 36).primary();
    t.string('actor_id', 36).notNullable().references('id').inTable('users');
    // override | uphold | request_new_photo | relabel
    t.string('action', 30).notNullable();
    t.string('subject_type', 20).notNullable();
    t.string('subject_id', 36).notNullable();
    t.text('note').nullable();
    t.text('before').nullable();
    t.text('after').nullable();
    t.string('created_at', 30).notNullable();
    t.index(['subject_type', 'subject_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
}
