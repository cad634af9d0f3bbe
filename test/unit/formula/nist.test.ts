import { describe, expect, it } from 'vitest';
import { RecordsTable } from '../../../src/data/index.js';
import { buildTrainingDesign } from '../../../src/formula/index.js';
import { loadNist } from './helpers/cases.js';
import { withMatrix } from './helpers/matrix.js';

/** A double as an exact dyadic rational m · 2^e. */
function dyadic(x: number): { m: bigint; e: number } {
  if (x === 0) return { m: 0n, e: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const m = (bits & ((1n << 52n) - 1n)) | (exponent === 0 ? 0n : 1n << 52n);
  return { m: bits >> 63n ? -m : m, e: (exponent === 0 ? 1 : exponent) - 1075 };
}

/**
 * The exact least-squares solution of the design as given (each cell the exact sum of its
 * double parts): normal equations in integers (columns scaled by powers of two) solved by
 * fraction-free Gaussian elimination, so the only error left is the design's own.
 */
function exactLeastSquares(columns: readonly (readonly number[])[][], y: readonly number[]): number[] {
  const p = columns.length;
  const n = y.length;
  // Each cell is a list of double parts (hi, lo); scale column j by 2^-minExponent_j to integers.
  const cells = columns.map((parts) => parts.map((row) => row.map(dyadic)));
  const ints = cells.map((column) => {
    const e = Math.min(
      ...column
        .flat()
        .filter((d) => d.m !== 0n)
        .map((d) => d.e),
      0,
    );
    return { e, values: column.map((row) => row.reduce((s, d) => s + (d.m << BigInt(d.e - e)), 0n)) };
  });
  const ys = y.map(dyadic);
  const ye = Math.min(...ys.map((d) => d.e));
  const yi = ys.map((d) => d.m << BigInt(d.e - ye));
  // A = X'X, c = X'y in the scaled integers; solve with Bareiss elimination on [A | c].
  const m: bigint[][] = [];
  for (let a = 0; a < p; a++) {
    const row: bigint[] = [];
    for (let b = 0; b < p; b++) {
      let s = 0n;
      for (let i = 0; i < n; i++) s += ints[a]!.values[i]! * ints[b]!.values[i]!;
      row.push(s);
    }
    let s = 0n;
    for (let i = 0; i < n; i++) s += ints[a]!.values[i]! * yi[i]!;
    row.push(s);
    m.push(row);
  }
  let previous = 1n;
  for (let k = 0; k < p; k++) {
    for (let i = k + 1; i < p; i++) {
      for (let j = k + 1; j <= p; j++) m[i]![j] = (m[i]![j]! * m[k]![k]! - m[i]![k]! * m[k]![j]!) / previous;
      m[i]![k] = 0n;
    }
    previous = m[k]![k]!;
  }
  // Back substitution in rationals: beta_k = num_k / den_k.
  const num: bigint[] = new Array(p).fill(0n);
  const den: bigint[] = new Array(p).fill(1n);
  for (let k = p - 1; k >= 0; k--) {
    let sNum = m[k]![p]!;
    let sDen = 1n;
    for (let j = k + 1; j < p; j++) {
      sNum = sNum * den[j]! - m[k]![j]! * num[j]! * sDen;
      sDen *= den[j]!;
    }
    num[k] = sNum;
    den[k] = sDen * m[k]![k]!;
  }
  // Undo the scalings: beta_j (true) = beta_j (scaled) · 2^(ye − e_j).
  return num.map((v, j) => {
    const shift = ye - ints[j]!.e;
    const scale = 10n ** 40n;
    const q = (v * scale) / den[j]!;
    return (Number(q) / Number(scale)) * 2 ** shift;
  });
}

function logRelativeError(estimate: number, certified: number): number {
  const error = certified === 0 ? Math.abs(estimate) : Math.abs(estimate - certified) / Math.abs(certified);
  return error === 0 ? 16 : -Math.log10(error);
}

describe('NIST StRD Filip: the low parts carry the precision the certified values need', () => {
  const filip = loadNist().find((c) => c.name === 'Filip')!;
  const design = withMatrix(buildTrainingDesign(filip.formula, new RecordsTable(filip.data), { missing: 'drop' }));
  const n = design.rowCount;
  const column = (j: number, withLow: boolean): number[][] =>
    Array.from({ length: n }, (_, i) =>
      withLow && design.xLo ? [design.x[j * n + i]!, design.xLo[j * n + i]!] : [design.x[j * n + i]!],
    );

  it('reaches the certified coefficients to at least 12 digits with x + xLo', () => {
    const beta = exactLeastSquares(
      Array.from({ length: design.columnCount }, (_, j) => column(j, true)),
      Array.from(design.y),
    );
    const lre = beta.map((b, j) => logRelativeError(b, filip.certified.params[j]!));
    console.log(`Filip, exact solve of x + xLo: minimum LRE ${Math.min(...lre).toFixed(1)} digits`);
    expect(Math.min(...lre)).toBeGreaterThan(12);
  });

  it('falls short with the double-rounded columns alone (why xLo exists)', () => {
    const beta = exactLeastSquares(
      Array.from({ length: design.columnCount }, (_, j) => column(j, false)),
      Array.from(design.y),
    );
    const lre = beta.map((b, j) => logRelativeError(b, filip.certified.params[j]!));
    console.log(`Filip, exact solve of x alone: minimum LRE ${Math.min(...lre).toFixed(1)} digits`);
    expect(Math.min(...lre)).toBeLessThan(10);
  });
});
