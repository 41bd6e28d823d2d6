import type { Knex } from 'knex';

export const name = '20261203_701_add_user_language';

/** The language a user chose for pages and mail (one of server/i18n LANGUAGES); null: follow the browser. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('language', 8).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('language');
  });
}
