/**
 * The one CSV writer for every file the portal hands out (bulk reports, review labels): files people
 * open in a spreadsheet. Every text cell is quoted, so a separator inside it (`,` here, `;` in locales
 * whose lists use it) stays inside the cell; text that a spreadsheet would run as a formula (starting
 * with = + - @, tab or CR) gets a leading apostrophe, so it is shown, never evaluated. Numbers stay bare.
 */
export type CsvValue = string | number | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${defused.replace(/"/g, '""')}"`;
}

/** A whole CSV document: the header (column names are our own identifiers, written bare), then one line per row, CRLF. */
export function csvDocument(columns: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  for (const c of columns) if (!/^[a-z][a-z0-9_]*$/.test(c)) throw new Error(`Expected a snake_case identifier for a CSV column but received ${JSON.stringify(c)}`);
  const lines = [columns.join(',')];
  for (const row of rows) {
    if (row.length !== columns.length) throw new Error(`Expected ${columns.length} cells for a CSV row but received ${row.length}`);
    lines.push(row.map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
