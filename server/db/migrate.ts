import type { Knex } from 'knex';
import { migrations } from '../../migrations/index.ts';
import type { Db } from './database.ts';

/** knex migration source over the explicit, ordered list in migrations/index.ts (same for SQLite and PostgreSQL). */
const source: Knex.MigrationSource<(typeof migrations)[number]> = {
  getMigrations: async () => migrations,
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m,
};

export async function runMigrations(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource: source });
}

export async function rollbackAll(db: Db): Promise<void> {
  await db.migrate.rollback({ migrationSource: source }, true);
}
