import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/**
 * A small Householder least-squares solver for the tests, with R's treatment of aliased
 * columns (dqrdc2: a column whose remaining norm falls below 1e-7 of its original norm is
 * left out and gets no coefficient). Weighted problems are solved as OLS on √w-scaled rows.
 */
export function leastSquares(
  x: Float64Array,
  rows: number,
  columns: number,
  y: Float64Array,
  weights: Float64Array | null = null,
  tolerance = 1e-7,
): (number | null)[] {
  const a = Float64Array.from(x);
  const b = Float64Array.from(y);
  if (weights) {
    for (let i = 0; i < rows; i++) {
      const s = Math.sqrt(weights[i]!);
      b[i]! *= s;
      for (let j = 0; j < columns; j++) a[j * rows + i]! *= s;
    }
  }
  const originalNorms = Array.from({ length: columns }, (_, j) => norm(a, j * rows, 0, rows));
  const used: number[] = [];
  const diag: number[] = [];
  let k = 0;
  for (let j = 0; j < columns && k < rows; j++) {
    const off = j * rows;
    const nrm = norm(a, off, k, rows);
    if (nrm <= tolerance * originalNorms[j]! || nrm === 0) continue;
    const alpha = a[off + k]! > 0 ? -nrm : nrm;
    // Householder vector v = x - alpha e_k stored in place.
    a[off + k]! -= alpha;
    const vnorm2 = sumSquares(a, off, k, rows);
    const reflect = (target: Float64Array, toff: number): void => {
      let dot = 0;
      for (let i = k; i < rows; i++) dot += a[off + i]! * target[toff + i]!;
      const f = (2 * dot) / vnorm2;
      for (let i = k; i < rows; i++) target[toff + i]! -= f * a[off + i]!;
    };
    for (let jj = j + 1; jj < columns; jj++) reflect(a, jj * rows);
    reflect(b, 0);
    // Column j now holds R[.., k]: the rows above k are untouched, R[k][k] = alpha.
    const v = a.slice(off + k, off + rows);
    a.fill(0, off + k, off + rows);
    a[off + k] = alpha;
    void v;
    used.push(j);
    diag.push(alpha);
    k += 1;
  }
  // Back substitution on the used columns: R is (k × k) with R[i][c] = a[used[c]*rows + i].
  const beta = new Array<number>(used.length).fill(0);
  for (let i = used.length - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let c = i + 1; c < used.length; c++) s -= a[used[c]! * rows + i]! * beta[c]!;
    beta[i] = s / a[used[i]! * rows + i]!;
  }
  const out: (number | null)[] = new Array(columns).fill(null);
  used.forEach((j, c) => (out[j] = beta[c]!));
  return out;
}

function norm(a: Float64Array, off: number, from: number, to: number): number {
  let scale = 0;
  for (let i = from; i < to; i++) scale = Math.max(scale, Math.abs(a[off + i]!));
  if (scale === 0) return 0;
  let s = 0;
  for (let i = from; i < to; i++) s += (a[off + i]! / scale) ** 2;
  return scale * Math.sqrt(s);
}

function sumSquares(a: Float64Array, off: number, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[off + i]! ** 2;
  return s;
}

/** X · beta for a column-major X. */
export function multiply(x: Float64Array, rows: number, columns: number, beta: readonly number[]): Float64Array {
  const out = new Float64Array(rows);
  for (let j = 0; j < columns; j++) for (let i = 0; i < rows; i++) out[i]! += x[j * rows + i]! * beta[j]!;
  return out;
}

/**
 * statsmodels' OLS solution: `pinv(X) y` with numpy's cutoff (singular values below
 * 1e-15 × the largest are dropped). On a design whose condition number exceeds 1e15 this is
 * a lower-rank answer, not the least-squares solution; the ill-conditioned reference case
 * is such a design (statsmodels reports rank 3 of 4).
 */
export function pinvSolve(x: Float64Array, rows: number, columns: number, y: Float64Array, rcond = 1e-15): number[] {
  const a = new Matrix(rows, columns);
  for (let j = 0; j < columns; j++) for (let i = 0; i < rows; i++) a.set(i, j, x[j * rows + i]!);
  const svd = new SingularValueDecomposition(a, { autoTranspose: true });
  const s = svd.diagonal;
  const u = svd.leftSingularVectors;
  const v = svd.rightSingularVectors;
  const cutoff = rcond * Math.max(...s);
  const beta = new Array<number>(columns).fill(0);
  s.forEach((sigma, k) => {
    if (sigma <= cutoff) return;
    let dot = 0;
    for (let i = 0; i < rows; i++) dot += u.get(i, k) * y[i]!;
    for (let j = 0; j < columns; j++) beta[j]! += (v.get(j, k) * dot) / sigma;
  });
  return beta;
}
