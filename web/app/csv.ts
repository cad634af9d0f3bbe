// The preview of a CSV file before it is sent: its header, first rows and each column's kind as
// the service will read it (a column whose cells are all numbers or missing is numeric, any other
// column categorical; the missing markers are the service's own list).
import { CSV_MISSING_MARKERS } from '../../src/data/missingMarkers.js';

const MISSING = new Set(CSV_MISSING_MARKERS);
const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$|^\s*[+-]?(inf|infinity)\s*$/i;

export type ColumnKind = 'numeric' | 'categorical' | 'empty';

export interface CsvPreview {
  readonly columns: readonly { readonly name: string; readonly kind: ColumnKind }[];
  /** The first rows, as text. */
  readonly rows: readonly (readonly string[])[];
  /** Data rows in the text (after the header). */
  readonly rowCount: number;
}

/** Splits CSV text into records (RFC 4180: quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** The preview of `text`: `shown` first rows, and every row's cells for the kinds. */
export function previewCsv(text: string, shown = 8): CsvPreview {
  const [header = [], ...rows] = parseCsv(text);
  const columns = header.map((name, j) => {
    let kind: ColumnKind = 'empty';
    for (const row of rows) {
      const cell = row[j] ?? '';
      if (MISSING.has(cell.trim())) continue;
      if (!NUMBER.test(cell)) {
        kind = 'categorical';
        break;
      }
      kind = 'numeric';
    }
    return { name, kind };
  });
  return { columns, rows: rows.slice(0, shown), rowCount: rows.length };
}
