/**
 * Synthetic regression problems for timing the stats module: an intercept and
 * `columns − 1` independent standard-normal regressors, y = Xβ + noise. Deterministic
 * (a fixed-seed generator), so runs are comparable.
 */
import { denseDesignRows, type LeastSquaresProblem } from '../../../src/stats/index.js';

/** A problem whose design wraps a column-major array, kept beside it as `x` (for the QR-only and ml-matrix timings). */
export type DenseProblem = LeastSquaresProblem & { readonly x: Float64Array };

/** A small, fast, seeded generator (xorshift-multiply) of uniform (0, 1) doubles. */
function uniforms(seed: number): () => number {
  let s = BigInt(seed) | 1n;
  const mask = (1n << 64n) - 1n;
  return () => {
    s ^= s >> 12n;
    s ^= (s << 25n) & mask;
    s ^= s >> 27n;
    const v = (s * 2685821657736338717n) & mask;
    return (Number(v >> 11n) + 0.5) / 2 ** 53;
  };
}

/** Standard normal draws (Box–Muller). */
function normals(seed: number): () => number {
  const u = uniforms(seed);
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** A well-conditioned problem of `rows` × `columns`. */
export function syntheticProblem(
  rows: number,
  columns: number,
  options: { weighted?: boolean; seed?: number } = {},
): DenseProblem {
  const z = normals(options.seed ?? 42);
  const x = new Float64Array(rows * columns);
  x.fill(1, 0, rows);
  for (let i = rows; i < rows * columns; i++) x[i] = z();
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let v = 3 + z();
    for (let j = 1; j < columns; j++) v += (j % 3) * 0.5 * (x[j * rows + i] as number);
    y[i] = v;
  }
  const weights = options.weighted ? Float64Array.from({ length: rows }, () => 0.5 + Math.abs(z())) : null;
  return {
    rowCount: rows,
    columnCount: columns,
    design: denseDesignRows(x, null, rows, columns),
    x,
    y,
    yLo: null,
    weights,
    columnNames: Array.from({ length: columns }, (_, j) => (j === 0 ? 'Intercept' : `x${j}`)),
  };
}
