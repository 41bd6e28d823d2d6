import type { Knex } from 'knex';

export const name = '20261125_104_create_review_index';

/**
 * What the review queue filters on, kept in plain columns so both SQLite and PostgreSQL can filter and
 * count without reading JSON: the submission's extraction confidence and each rule it failed.
 * Written with the verdict (same transaction) and updated when a reviewer's action re-runs extraction.
 * Existing submissions are indexed here once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('review_index', (t) => {
    t.string('submission_id', 36).primary().references('id').inTable('submissions').onDelete('CASCADE');
    t.float('confidence').nullable();
  });
  await knex.schema.createTable('review_failed_rules', (t) => {
    t.string('submission_id', 36).notNullable().references('id').inTable('submissions').onDelete('CASCADE');
    t.string('rule', 20).notNullable();
    t.primary(['submission_id', 'rule']);
    t.index(['rule']);
  });
  await backfill(knex);
}

async function backfill(knex: Knex): Promise<void> {
  const submissions = await knex('submissions').select('id', 'extraction');
  for (const s of submissions) {
    const confidence = s.extraction ? Number(JSON.parse(s.extraction)?.color?.confidence ?? NaN) : NaN;
    await knex('review_index').insert({ submission_id: s.id, confidence: Number.isFinite(confidence) ? confidence : null });
    const photos = await knex('photos').where({ submission_id: s.id }).select('findings');
    const rules = new Set<string>();
    for (const p of photos) for (const f of JSON.parse(p.findings ?? '[]')) if (f.status === 'fail') rules.add(String(f.rule));
    for (const rule of rules) await knex('review_failed_rules').insert({ submission_id: s.id, rule });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('review_failed_rules');
  await knex.schema.dropTable('review_index');
}
