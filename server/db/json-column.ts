/** JSON columns are stored as text on SQLite and PostgreSQL alike; these are the one way in and out. */
export function parseJsonColumn<T>(text: string | null | undefined): T | null {
  return text ? (JSON.parse(text) as T) : null;
}

export function toJsonColumn(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
