import { AppError } from '../../http/errors.ts';

/**
 * The bulk CSV: a header line, then one shade per line. RFC 4180 quoting (fields in double quotes may hold
 * commas, quotes doubled, line breaks); a UTF-8 BOM and CRLF line ends are accepted.
 */
export interface ShadeRow {
  /** Line of the file where the row starts (the header is line 1). */
  csvLine: number;
  fields: { productLine: string; shadeCode: string; shadeName: string; category: string; declaredFinish: string; swatchHex: string; marketplaces?: string };
}

type RequiredField = Exclude<keyof ShadeRow['fields'], 'marketplaces'>;

const COLUMNS: Record<RequiredField, string[]> = {
  productLine: ['line', 'product_line', 'productline', 'product line'],
  shadeCode: ['shade_code', 'shadecode', 'shade code', 'code'],
  shadeName: ['shade_name', 'shadename', 'shade name', 'name'],
  category: ['category'],
  declaredFinish: ['finish', 'declared_finish', 'declaredfinish'],
  swatchHex: ['swatch_hex', 'swatchhex', 'swatch hex', 'swatch', 'hex'],
};

/** Optional: the marketplaces a row's shade targets, codes separated by spaces or semicolons (absent or empty: all of the brand's). */
const MARKETPLACES_COLUMN = ['marketplaces', 'marketplace'];

export const CSV_HEADER_EXAMPLE = 'line,shade_code,shade_name,category,finish,swatch_hex';

/** Splits CSV text into records, each with the line it starts on. */
export function parseCsv(text: string): Array<{ line: number; cells: string[] }> {
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  const src = text.replace(/^\uFEFF/, '');
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0].trim() === '')) records.push({ line: startLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      startLine = line;
    } else cell += ch;
  }
  if (quoted) throw csvError(`a quoted field opened on line ${startLine} is never closed`);
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}

/** The shade rows of a bulk CSV; the header names the columns (any order, a few spellings each). */
export function readShadeRows(text: string, maxRows: number): ShadeRow[] {
  const records = parseCsv(text);
  if (records.length === 0) throw csvError(`the file is empty; the first line must be the header: ${CSV_HEADER_EXAMPLE}`);
  const header = records[0].cells.map((c) => c.trim().toLowerCase());
  const index = {} as Record<RequiredField, number>;
  const missing: string[] = [];
  for (const [field, names] of Object.entries(COLUMNS) as Array<[RequiredField, string[]]>) {
    const at = header.findIndex((h) => names.includes(h));
    if (at === -1) missing.push(names[0]);
    index[field] = at;
  }
  if (missing.length) throw csvError(`the header lacks ${missing.join(', ')}; expected: ${CSV_HEADER_EXAMPLE}`);
  const rows = records.slice(1);
  if (rows.length === 0) throw csvError('the file has a header but no shade rows');
  if (rows.length > maxRows) throw csvError(`the file has ${rows.length} rows; at most ${maxRows} per upload`);
  const marketplacesAt = header.findIndex((h) => MARKETPLACES_COLUMN.includes(h));
  return rows.map((r) => {
    const fields = Object.fromEntries(Object.entries(index).map(([field, at]) => [field, (r.cells[at] ?? '').trim()])) as ShadeRow['fields'];
    const marketplaces = marketplacesAt === -1 ? '' : (r.cells[marketplacesAt] ?? '').trim();
    return { csvLine: r.line, fields: marketplaces ? { ...fields, marketplaces } : fields };
  });
}

const csvError = (why: string) =>
  new AppError('VALIDATION_FAILED', `The CSV could not be read: ${why}.`, { context: { field: 'csv', fields: { csv: why } } });
