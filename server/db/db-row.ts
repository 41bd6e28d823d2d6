/**
 * A row as the database driver returns it. knex knows nothing of our tables' column types, so a row
 * stays untyped until a repository's mapper (the one place that names the columns) turns it into a
 * typed object.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mappers give rows their types
export type DbRow = Record<string, any>;
