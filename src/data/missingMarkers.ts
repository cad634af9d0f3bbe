import { latin1Text } from './bytes/text.js';

/**
 * The cells CSV reads as missing: pandas' `read_csv` default `na_values` (pandas 2; R's
 * `read.csv` reads "NA", which is among them, and an empty numeric field). As in both, a marker
 * is missing quoted or not and in every column, numeric or text; unlike them, spaces and tabs
 * around it are ignored, as they are around numbers, so that `1, NA, 3` is three numeric cells.
 * JSON data has `null` for this, and these strings there are text.
 */
export const CSV_MISSING_MARKERS: readonly string[] = Object.freeze([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

const MARKERS: ReadonlySet<string> = new Set(CSV_MISSING_MARKERS);
const LONGEST = Math.max(...CSV_MISSING_MARKERS.map((marker) => marker.length));
/** First bytes of the markers: most text cells are told apart by their first byte alone. */
const FIRST = new Uint8Array(256);
for (const marker of CSV_MISSING_MARKERS) if (marker !== '') FIRST[marker.charCodeAt(0)] = 1;

/** Whether `bytes[start, end)`, spaces and tabs around it aside, is a missing marker. */
export function isMissingMarker(bytes: Uint8Array, start: number, end: number): boolean {
  while (start < end && isBlank(bytes[start]!)) start++;
  while (end > start && isBlank(bytes[end - 1]!)) end--;
  if (start === end) return true;
  if (end - start > LONGEST || FIRST[bytes[start]!] === 0) return false;
  return MARKERS.has(latin1Text(bytes, start, end));
}

/** Whether `text`, spaces and tabs around it aside, is a missing marker (for hints about JSON cells). */
export function isMissingMarkerText(text: string): boolean {
  return MARKERS.has(text.replace(/^[ \t]+|[ \t]+$/g, ''));
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
