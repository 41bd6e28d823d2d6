import type { Knex } from 'knex';

export const name = '20261125_101_create_emails';

/**
 * The mail outbox: one row per email event (a rejection, an upheld refusal, …), written in the same
 * transaction as the decision that causes it and sent later by the `mail.send` job. With no SMTP server
 * configured the row is the captured mail, shown on the reviewers' mail page.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('emails', (t) => {
    t.string('id', 36).primary();
    // rejection | upheld | new_photo_requested | overridden
    t.string('kind', 30).notNullable();
    t.string('submission_id', 36).notNullable().references('id').inTable('submissions').onDelete('CASCADE');
    t.string('brand_id', 36).notNullable().references('id').inTable('brands');
    t.string('subject', 200).notNullable();
    t.text('text_body').notNullable();
    t.text('html_body').notNullable();
    // Photo shown as the inline thumbnail (rendered at send time from the stored original).
    t.string('thumbnail_photo_id', 36).nullable();
    // JSON array of validated addresses, fixed at the first attempt so retries go to the same people.
    t.text('recipients').nullable();
    // JSON array of { address, reason } refused by validation (never handed to the mailer).
    t.text('refused_recipients').nullable();
    // queued | sent | captured | dead | no_recipients
    t.string('status', 20).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error').nullable();
    t.string('message_id', 200).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('sent_at', 30).nullable();
    t.index(['status', 'created_at']);
    t.index(['submission_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('emails');
}
