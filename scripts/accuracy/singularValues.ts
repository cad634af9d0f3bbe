/**
 * Why svd.ts is a one-sided Jacobi of our own and not ml-matrix's SingularValueDecomposition
 * (Golub–Kahan, as JAMA): both compute the singular values of the R of NIST Filip's raw powers
 * x⁰…x¹⁰ (κ ≈ 1.8e15, what the condition number is taken from) and of a graded triangle, and
 * are timed at k = 400; the values go to a JSON file that singular_values_reference.py
 * compares with mpmath's at 60 digits. Run:
 *   node scripts/run-ts.mjs scripts/accuracy/singularValues.ts /tmp/svd.json
 *   python3 scripts/accuracy/singular_values_reference.py /tmp/svd.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';
import { singularValues } from '../../src/stats/svd.js';

const output = process.argv[3] ?? '/tmp/svd.json';
const filip = JSON.parse(readFileSync('test/fixtures/nist-strd/Filip.json', 'utf8')) as { data: { x: number }[] };
const powers = new Matrix(filip.data.map(({ x }) => Array.from({ length: 11 }, (_, k) => x ** k)));
const filipR = new QrDecomposition(powers).upperTriangularMatrix;

let seed = 1;
const uniform = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
/** A well-conditioned upper triangle times diag(10^(-1.5 j)): κ ≈ 3e13. */
const graded = Matrix.zeros(10, 10);
for (let i = 0; i < 10; i++) {
  for (let j = i; j < 10; j++) graded.set(i, j, (i === j ? 2 : uniform() - 0.5) * 10 ** (-1.5 * j));
}

const noVectors = { computeLeftSingularVectors: false, computeRightSingularVectors: false };
const cases = Object.fromEntries(
  (
    [
      ['filipR', filipR],
      ['graded', graded],
    ] as const
  ).map(([name, matrix]) => {
    const entries = Float64Array.from(matrix.to1DArray());
    const ours = Array.from(singularValues(entries, matrix.rows, 'js'));
    const mlMatrix = [...new SingularValueDecomposition(matrix, noVectors).diagonal].sort((a, b) => b - a);
    return [name, { k: matrix.rows, entries: Array.from(entries), ours, mlMatrix }];
  }),
);

const k = 400;
const wide = Matrix.zeros(k, k);
for (let i = 0; i < k; i++) for (let j = i; j < k; j++) wide.set(i, j, i === j ? 3 + uniform() : uniform() - 0.5);
const wideEntries = Float64Array.from(wide.to1DArray());
function median(f: () => unknown): number {
  const times = [0, 1, 2].map(() => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  });
  return times.sort((a, b) => a - b)[1] as number;
}
const timing = {
  k,
  oursMs: median(() => singularValues(wideEntries, k)),
  mlMatrixMs: median(() => new SingularValueDecomposition(wide, noVectors)),
};
writeFileSync(output, JSON.stringify({ ...cases, timing }));
console.log(
  `k = ${k}: ours ${timing.oursMs.toFixed(0)} ms, ml-matrix ${timing.mlMatrixMs.toFixed(0)} ms (median of 3)`,
);
