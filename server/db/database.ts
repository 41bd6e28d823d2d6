import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';

export type Db = Knex;

/**
 * Opens the database named by a URL: `sqlite:/path/file.sqlite` (the one-machine default) or
 * `postgres://…` (scale-out). SQLite connections get foreign keys, WAL, FULL sync (an acknowledged
 * write survives power loss) and a busy timeout so concurrent writers wait instead of failing; their
 * transactions begin IMMEDIATE (see `ImmediateSqliteClient`).
 */
export function openDatabase(databaseUrl: string): Db {
  if (databaseUrl.startsWith('sqlite:')) return openSqlite(databaseUrl.slice('sqlite:'.length));
  return knexFactory({
    client: 'pg',
    connection: databaseUrl,
    pool: { min: 0, max: 10 },
  });
}

function openSqlite(filename: string): Db {
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(filename), { recursive: true });
  return knexFactory({
    client: ImmediateSqliteClient as unknown as typeof Knex.Client,
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma: (sql: string) => unknown }, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('foreign_keys = ON');
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = FULL');
        conn.pragma('busy_timeout = 5000');
        done(null, conn);
      },
    },
  });
}

export function isPostgres(db: Db): boolean {
  return db.client.config.client === 'pg';
}

// knex's own better-sqlite3 dialect (CommonJS, untyped internals), extended below.
const requireCjs = createRequire(import.meta.url);
const BetterSqliteClient: new (config: Knex.Config) => { transaction(...args: unknown[]): unknown } = requireCjs('knex/lib/dialects/better-sqlite3');
const SqliteTransaction: new (client: unknown, ...args: unknown[]) => { begin(conn: unknown): Promise<unknown>; query(conn: unknown, sql: string): Promise<unknown> } = requireCjs(
  'knex/lib/dialects/sqlite3/execution/sqlite-transaction',
);

/**
 * SQLite transactions that take the write lock when they begin. A deferred transaction that reads and
 * then writes (claim a job, change a status it just read) fails at once with SQLITE_BUSY when another
 * process wrote in between: the busy timeout cannot help, as its snapshot is stale. BEGIN IMMEDIATE
 * waits for the lock (up to busy_timeout) instead, so writers from several processes queue up.
 */
class ImmediateTransaction extends SqliteTransaction {
  override begin(conn: unknown) {
    return this.query(conn, 'BEGIN IMMEDIATE;');
  }
}

class ImmediateSqliteClient extends BetterSqliteClient {
  override transaction(...args: unknown[]) {
    return new ImmediateTransaction(this, ...args);
  }
}
