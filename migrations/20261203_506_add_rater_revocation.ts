import type { Knex } from 'knex';

export const name = '20261203_506_add_rater_revocation';

/**
 * A researcher can revoke a rater's invitation link: from `revoked_at` on, the link opens nothing and
 * takes no score. The scores given before stay (they were given under a valid invitation, blind).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('study_raters', (t) => {
    t.string('revoked_at', 30).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('study_raters', (t) => {
    t.dropColumn('revoked_at');
  });
}
