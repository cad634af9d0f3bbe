// The benchmark's workload: deterministic mixed data (5 numeric, 2 categorical columns and a
// response) for `y ~ x1 + x2 + x3 + x4 + x5 + C(g) + h + x1:h`, written once per size as the
// request bodies of every route and input shape.
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export const FORMULA = 'y ~ x1 + x2 + x3 + x4 + x5 + C(g) + h + x1:h';
export const COLUMNS = ['x1', 'x2', 'x3', 'x4', 'x5', 'g', 'h', 'y'];
const G = ['a', 'b', 'c'];
const H = ['u', 'v', 'w', 'z'];

/** The GraphQL fit mutation the bench sends (a selection like a client's). */
export const FIT_MUTATION =
  'mutation Fit($input: FitModelInput!) { fitModel(input: $input) ' +
  '{ id nobs rSquared coefficients { name estimate stdError pValue } } }';

/** The request-body files of one size: `${route}-${shape}` → path. */
export const BODIES = ['rest-records', 'rest-columns', 'rest-csv', 'graphql-records', 'graphql-columns', 'graphql-csv'];

/** A small, fast, seeded generator of uniform [0, 1) doubles (mulberry32). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Row `i` of the deterministic data set: numbers with ~17 significant digits, as clients send doubles. */
function rowsOf(n) {
  const random = mulberry32(20240601 + n);
  const x = Array.from({ length: 5 }, () => new Float64Array(n));
  const g = new Uint8Array(n);
  const h = new Uint8Array(n);
  const y = new Float64Array(n);
  const gEffect = [0, 0.7, -0.4];
  const hEffect = [0, 0.3, -0.2, 0.5];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 5; k++) x[k][i] = random() * 10;
    g[i] = Math.floor(random() * 3);
    h[i] = Math.floor(random() * 4);
    const noise = random() + random() + random() - 1.5;
    y[i] =
      2 +
      0.5 * x[0][i] -
      0.3 * x[1][i] +
      0.2 * x[2][i] +
      0.1 * x[3][i] -
      0.05 * x[4][i] +
      gEffect[g[i]] +
      hEffect[h[i]] +
      0.1 * h[i] * x[0][i] +
      noise;
  }
  return { x, g, h, y };
}

function cell(data, column, i) {
  switch (column) {
    case 'g':
      return G[data.g[i]];
    case 'h':
      return H[data.h[i]];
    case 'y':
      return data.y[i];
    default:
      return data.x[Number(column[1]) - 1][i];
  }
}

/** Writes text pieces to a file through a stream (a 1e6-row body is ~180 MB). */
async function writePieces(path, pieces) {
  const temporary = `${path}.tmp`;
  const out = createWriteStream(temporary);
  let buffer = '';
  for (const piece of pieces()) {
    buffer += piece;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((resolve) => out.once('drain', resolve));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  renameSync(temporary, path);
}

function* recordsJson(data, n) {
  yield '[';
  for (let i = 0; i < n; i++) {
    let record = i === 0 ? '{' : ',{';
    COLUMNS.forEach((column, k) => {
      record += `${k === 0 ? '' : ','}"${column}":${JSON.stringify(cell(data, column, i))}`;
    });
    yield `${record}}`;
  }
  yield ']';
}

function* columnsJson(data, n) {
  yield '{';
  for (const [k, column] of COLUMNS.entries()) {
    yield `${k === 0 ? '' : ','}"${column}":[`;
    let piece = '';
    for (let i = 0; i < n; i++) {
      piece += `${i === 0 ? '' : ','}${JSON.stringify(cell(data, column, i))}`;
      if (piece.length > 65536) {
        yield piece;
        piece = '';
      }
    }
    yield `${piece}]`;
  }
  yield '}';
}

/** The CSV text as a JSON string literal (newlines escaped). */
function* csvJsonString(data, n) {
  yield `"${COLUMNS.join(',')}\\n`;
  for (let i = 0; i < n; i++) {
    let line = '';
    COLUMNS.forEach((column, k) => {
      line += `${k === 0 ? '' : ','}${cell(data, column, i)}`;
    });
    yield `${line}\\n`;
  }
  yield '"';
}

const SHAPES = { records: ['data', recordsJson], columns: ['columns', columnsJson], csv: ['csv', csvJsonString] };

/**
 * Writes (once; contents are deterministic) the request bodies of size `n` into `directory`
 * and returns their paths, plus a one-row predict record and a 10^4-row batch.
 */
export async function generateBodies(directory, n) {
  mkdirSync(directory, { recursive: true });
  const paths = Object.fromEntries(BODIES.map((name) => [name, join(directory, `${name}-${n}.json`)]));
  const missing = BODIES.filter((name) => !existsSync(paths[name]));
  if (missing.length > 0) {
    const data = rowsOf(n);
    for (const name of missing) {
      const [route, shape] = name.split('-');
      const [field, generator] = SHAPES[shape];
      const formula = JSON.stringify(FORMULA);
      await writePieces(paths[name], function* () {
        if (route === 'rest') {
          yield `{"formula":${formula},"${field}":`;
          yield* generator(data, n);
          yield '}';
        } else {
          yield `{"query":${JSON.stringify(FIT_MUTATION)},"variables":{"input":{"formula":${formula},"${field}":`;
          yield* generator(data, n);
          yield '}}}';
        }
      });
    }
  }
  return paths;
}

/** Rows to predict (as records), from the same generator with another seed. */
export function predictRecords(count) {
  const data = rowsOf(count + 7);
  return Array.from({ length: count }, (_, i) =>
    Object.fromEntries(COLUMNS.filter((c) => c !== 'y').map((c) => [c, cell(data, c, i)])),
  );
}

/**
 * The same rows as a dataset's files (issue 14's bench): `dataset-${n}.csv` (header, then one line
 * a row, as the CSV body has them) and `dataset-${n}.parquet` (hyparquet-writer, snappy, row
 * groups of 2^20 rows; g and h as strings, x and y as doubles). Written once; answers their paths.
 */
export async function generateDataset(directory, n) {
  mkdirSync(directory, { recursive: true });
  const csv = join(directory, `dataset-${n}.csv`);
  const parquet = join(directory, `dataset-${n}.parquet`);
  if (existsSync(csv) && existsSync(parquet)) return { csv, parquet };
  const data = rowsOf(n);
  if (!existsSync(csv)) {
    await writePieces(csv, function* () {
      yield `${COLUMNS.join(',')}\n`;
      for (let i = 0; i < n; i++) {
        let line = '';
        COLUMNS.forEach((column, k) => {
          line += `${k === 0 ? '' : ','}${cell(data, column, i)}`;
        });
        yield `${line}\n`;
      }
    });
  }
  if (!existsSync(parquet)) {
    const { parquetWriteFile } = await import('hyparquet-writer');
    const levels = (codes, names) => Array.from(codes, (code) => names[code]);
    const columnData = COLUMNS.map((column) => {
      if (column === 'g') return { name: column, data: levels(data.g, G), type: 'STRING' };
      if (column === 'h') return { name: column, data: levels(data.h, H), type: 'STRING' };
      const values = column === 'y' ? data.y : data.x[Number(column[1]) - 1];
      return { name: column, data: values, type: 'DOUBLE' };
    });
    parquetWriteFile({ filename: `${parquet}.tmp`, columnData, rowGroupSize: 1 << 20 });
    renameSync(`${parquet}.tmp`, parquet);
  }
  return { csv, parquet };
}
