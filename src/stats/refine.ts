/**
 * Iterative refinement of a least-squares fit in double-double, for ill-conditioned or
 * near-exact problems where the double-precision QR answer has fewer digits than we want.
 *
 * Solution: Björck's refinement of the augmented system
 *     [ I   A ] [r]   [b]
 *     [ Aᵀ  0 ] [x] = [0],
 * whose residuals f = b − r − A·x and g = −Aᵀ·r are formed in double-double from the exact
 * design (x + xLo, √w in double-double) and the corrections solved with the existing QR.
 * Refining x alone (x += R⁻¹Qᵀ(b − Ax)) stalls at a relative error of about κ²·ε·‖r‖ on
 * large-residual problems; carrying r as well converges to full precision whenever κ·ε < 1.
 *
 * Covariance: (AᵀA)⁻¹ to ~13 digits from G = AᵀA accumulated in double-double and its
 * Cholesky factor in double-double — the double QR's R carries a relative error ~κ·ε that
 * no amount of care downstream removes. The double-double factor is also what predictions
 * need: xᵀ(AᵀA)⁻¹x evaluated as ‖R⁻ᵀx‖² keeps its digits where the quadratic form in a
 * rounded covariance matrix cancels them away.
 *
 * Everything here works in the scaled, whitened units of the factorization:
 * Ã = diag(√w)·(x + xLo)·S, b̃ = diag(√w)·(y + yLo)·s_y.
 */
import { applyQ2, applyQ2Transpose, type ColumnSelection } from './columnSelection.js';
import { solveUpper, solveUpperTranspose } from './dense.js';
import { forEachProblemBlock, type ProblemBlock } from '../numeric/designRows.js';
import {
  DoubleDouble,
  ddAddSloppy,
  ddDivSloppy,
  ddMul,
  ddSqrtOfDouble,
  twoProductError,
  twoSumError,
} from '../numeric/doubleDouble.js';
import type { ExactRows } from './model.js';
import { applyQ, applyQTranspose, type TsqrFactors } from './qr.js';

/** The double-double register of this module's operations. */
const dd = new DoubleDouble();

/** The exact problem in the factorization's units. */
export interface ScaledProblem extends ExactRows {
  /** Power-of-two scale of every design column. */
  readonly columnScale: Float64Array;
  readonly yScale: number;
  /** Retained columns, in the order of the selection's R. */
  readonly kept: readonly number[];
}

/** A refined solution. */
export interface RefinedSolution {
  /** Coefficients in scaled units, kept order. */
  readonly beta: Float64Array;
  /** Whitened residuals in scaled units (double-double values rounded). */
  readonly residuals: Float64Array;
  /** Σ residual² accumulated from the double-double residuals, scaled units. */
  readonly ssr: number;
  readonly iterations: number;
}

const MAX_ITERATIONS = 30;

/** Rows of the design read at a time by the refinement's passes. */
const BLOCK = 256;

/** Calls `visit` for each block of the exact rows (values and, when present, low parts). */
function eachBlock(problem: ScaledProblem, visit: (block: ProblemBlock) => void): void {
  const reads = { design: true, lowParts: problem.lowParts, responseLowParts: problem.responseLowParts };
  forEachProblemBlock(problem.rows, BLOCK, reads, visit);
}

/**
 * Whitened residuals b̃ − Ã·β in double-double: (hi, lo) per row.
 */
function residualsDD(problem: ScaledProblem, beta: Float64Array, hi: Float64Array, lo: Float64Array): void {
  const { columnScale, yScale, kept } = problem;
  eachBlock(problem, ({ start, count: m, x, xLo, stride, y, yLo, weights }) => {
    for (let i = start; i < start + m; i++) {
      hi[i] = (y[i - start] as number) * yScale;
      lo[i] = yLo === null ? 0 : (yLo[i - start] as number) * yScale;
    }
    for (let k = 0; k < kept.length; k++) {
      const j = kept[k] as number;
      // x̃ⱼ·β̃ⱼ = xⱼ·(sⱼβ̃ⱼ) with sⱼβ̃ⱼ exact (sⱼ a power of two): no need to scale x.
      const c = (columnScale[j] as number) * (beta[k] as number);
      const off = j * stride - start;
      for (let i = start; i < start + m; i++) {
        const a = x[off + i] as number;
        const p = a * c;
        const e = twoProductError(a, c, p) + (xLo === null ? 0 : (xLo[off + i] as number) * c);
        const h = hi[i] as number;
        const s = h - p;
        lo[i] = (lo[i] as number) + twoSumError(h, -p, s) - e;
        hi[i] = s;
      }
    }
    for (let i = start; i < start + m; i++) {
      let h = hi[i] as number;
      let l = lo[i] as number;
      if (weights !== null) {
        ddSqrtOfDouble(weights[i - start] as number, dd);
        ddMul(dd.hi, dd.lo, h, l, dd);
        h = dd.hi;
        l = dd.lo;
      }
      const s = h + l;
      hi[i] = s;
      lo[i] = l - (s - h);
    }
  });
}

/** g = −Ãᵀ·r in double-double, rounded; r is a double vector. */
function minusTransposeTimes(problem: ScaledProblem, r: Float64Array, g: Float64Array): void {
  const { columnScale, kept } = problem;
  // √w·r of a block's rows in double-double.
  const wr = new Float64Array(BLOCK);
  const wrLo = new Float64Array(BLOCK);
  // Each column's sum runs over the rows in order, block after block.
  const sumHi = new Float64Array(kept.length);
  const sumLo = new Float64Array(kept.length);
  eachBlock(problem, ({ start, count: m, x, xLo, stride, weights }) => {
    for (let i = 0; i < m; i++) {
      if (weights === null) {
        wr[i] = r[start + i] as number;
        wrLo[i] = 0;
      } else {
        ddSqrtOfDouble(weights[i] as number, dd);
        ddMul(dd.hi, dd.lo, r[start + i] as number, 0, dd);
        wr[i] = dd.hi;
        wrLo[i] = dd.lo;
      }
    }
    for (let k = 0; k < kept.length; k++) {
      const off = (kept[k] as number) * stride - start;
      let sh = sumHi[k] as number;
      let sl = sumLo[k] as number;
      for (let i = start; i < start + m; i++) {
        const a = x[off + i] as number;
        const th = wr[i - start] as number;
        const p = a * th;
        const e =
          twoProductError(a, th, p) +
          a * (wrLo[i - start] as number) +
          (xLo === null ? 0 : (xLo[off + i] as number) * th);
        const s = sh + p;
        sl += twoSumError(sh, p, s) + e;
        sh = s;
      }
      sumHi[k] = sh;
      sumLo[k] = sl;
    }
  });
  for (let k = 0; k < kept.length; k++) {
    g[k] = -((sumHi[k] as number) + (sumLo[k] as number)) * (columnScale[kept[k] as number] as number);
  }
}

/**
 * Refines `beta0` (scaled units, kept order) by Björck's method. The factorization must
 * have kept its reflectors.
 */
export function refineSolution(
  problem: ScaledProblem,
  factors: TsqrFactors,
  selection: ColumnSelection,
  beta0: Float64Array,
): RefinedSolution {
  const { n } = problem;
  const p = factors.columns;
  const rank = selection.kept.length;
  const rr = selection.r;
  const x = Float64Array.from(beta0);
  const hi = new Float64Array(n);
  const lo = new Float64Array(n);
  residualsDD(problem, x, hi, lo);
  const rBot = Float64Array.from(hi);
  const rTop = new Float64Array(p);
  const fTop = new Float64Array(p);
  const fBot = new Float64Array(n);
  const g = new Float64Array(rank);
  const norms = selection.columnNorms;
  let previous = Infinity;
  let iterations = 0;
  for (; iterations < MAX_ITERATIONS; iterations++) {
    residualsDD(problem, x, hi, lo);
    for (let i = 0; i < n; i++) {
      // f = b − r − A·x = (b − A·x) − r, rounded once from double-double.
      fBot[i] = (hi[i] as number) - (rBot[i] as number) + (lo[i] as number);
    }
    for (let i = 0; i < p; i++) {
      fTop[i] = -(rTop[i] as number);
    }
    minusTransposeTimes(problem, rBot, g);
    applyQTranspose(factors, fTop, fBot);
    if (selection.q2 !== null) {
      applyQ2Transpose(selection.q2, fTop);
    }
    const h = Float64Array.from(g);
    solveUpperTranspose(rr, rank, h);
    const dx = new Float64Array(rank);
    for (let k = 0; k < rank; k++) {
      dx[k] = (fTop[k] as number) - (h[k] as number);
    }
    solveUpper(rr, rank, dx);
    for (let k = 0; k < rank; k++) {
      fTop[k] = h[k] as number;
    }
    if (selection.q2 !== null) {
      applyQ2(selection.q2, fTop);
    }
    applyQ(factors, fTop, fBot);
    let change = 0;
    let size = 0;
    for (let k = 0; k < rank; k++) {
      const scale = norms[selection.kept[k] as number] as number;
      change = Math.max(change, Math.abs((dx[k] as number) * scale));
      size = Math.max(size, Math.abs((x[k] as number) * scale));
      x[k] = (x[k] as number) + (dx[k] as number);
    }
    for (let i = 0; i < p; i++) {
      rTop[i] = (rTop[i] as number) + (fTop[i] as number);
    }
    for (let i = 0; i < n; i++) {
      rBot[i] = (rBot[i] as number) + (fBot[i] as number);
    }
    // Stop once the correction is below an ulp of the solution, or stops shrinking
    // (the limit of what double-double residuals can resolve).
    if (change <= 2 ** -53 * size || change >= 0.5 * previous) {
      iterations++;
      break;
    }
    previous = change;
  }
  residualsDD(problem, x, hi, lo);
  let sh = 0;
  let sl = 0;
  for (let i = 0; i < n; i++) {
    ddMul(hi[i] as number, lo[i] as number, hi[i] as number, lo[i] as number, dd);
    const p2 = dd.hi;
    const s = sh + p2;
    sl += twoSumError(sh, p2, s) + dd.lo;
    sh = s;
  }
  return { beta: x, residuals: hi, ssr: sh + sl, iterations };
}

/** Row-major double-double k × k matrix. */
interface DDMatrix {
  readonly hi: Float64Array;
  readonly lo: Float64Array;
}

function ddMatrix(k: number): DDMatrix {
  return { hi: new Float64Array(k * k), lo: new Float64Array(k * k) };
}

/** G = ÃᵀÃ over the retained columns, in double-double. */
function gramDD(problem: ScaledProblem): DDMatrix {
  const { columnScale, kept } = problem;
  const k = kept.length;
  // Each entry's sum runs over the rows in order, block after block.
  const sums = ddMatrix(k);
  eachBlock(problem, ({ start, count: m, x, xLo, stride, weights }) => {
    for (let a = 0; a < k; a++) {
      const offA = (kept[a] as number) * stride - start;
      for (let b = a; b < k; b++) {
        const offB = (kept[b] as number) * stride - start;
        let sh = sums.hi[a * k + b] as number;
        let sl = sums.lo[a * k + b] as number;
        for (let i = start; i < start + m; i++) {
          const u = x[offA + i] as number;
          const v = x[offB + i] as number;
          let p = u * v;
          let e = twoProductError(u, v, p);
          if (xLo !== null) {
            e += u * (xLo[offB + i] as number) + (xLo[offA + i] as number) * v;
          }
          if (weights !== null) {
            const w = weights[i - start] as number;
            const pw = p * w;
            e = twoProductError(p, w, pw) + e * w;
            p = pw;
          }
          const s = sh + p;
          sl += twoSumError(sh, p, s) + e;
          sh = s;
        }
        sums.hi[a * k + b] = sh;
        sums.lo[a * k + b] = sl;
      }
    }
  });
  const gram = ddMatrix(k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      const sh = sums.hi[a * k + b] as number;
      const sl = sums.lo[a * k + b] as number;
      const scale = (columnScale[kept[a] as number] as number) * (columnScale[kept[b] as number] as number);
      const hiV = sh + sl;
      const loV = sl - (hiV - sh);
      gram.hi[a * k + b] = hiV * scale;
      gram.lo[a * k + b] = loV * scale;
      gram.hi[b * k + a] = hiV * scale;
      gram.lo[b * k + a] = loV * scale;
    }
  }
  return gram;
}

/** Refined (ÃᵀÃ)⁻¹ and its triangular factor. */
export interface RefinedCovariance {
  /** (ÃᵀÃ)⁻¹, scaled units, row-major rank × rank, rounded from double-double. */
  readonly inverse: Float64Array;
  /** Upper R with RᵀR = ÃᵀÃ (Cholesky in double-double): high and low parts. */
  readonly rHi: Float64Array;
  readonly rLo: Float64Array;
}

/**
 * (ÃᵀÃ)⁻¹ over the retained columns to nearly full precision: the Gram matrix accumulated
 * in double-double from the exact design, its Cholesky factor and inverse in double-double.
 * The relative error is about κ²·1e-32 (3e-13 for NIST Filip, κ = 5e9). Returns null when
 * the Gram matrix is not positive definite even in double-double (κ beyond ~1e15).
 */
export function refineCovariance(problem: ScaledProblem): RefinedCovariance | null {
  const k = problem.kept.length;
  const g = gramDD(problem);
  const rHi = new Float64Array(k * k);
  const rLo = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    for (let i = j; i < k; i++) {
      // s = G[j,i] − Σ_{l<j} R[l,j]·R[l,i]
      let sh = g.hi[j * k + i] as number;
      let sl = g.lo[j * k + i] as number;
      for (let l = 0; l < j; l++) {
        ddMul(
          rHi[l * k + j] as number,
          rLo[l * k + j] as number,
          rHi[l * k + i] as number,
          rLo[l * k + i] as number,
          dd,
        );
        ddAddSloppy(sh, sl, -dd.hi, -dd.lo, dd);
        sh = dd.hi;
        sl = dd.lo;
      }
      if (i === j) {
        if (!(sh > 0)) {
          return null;
        }
        const root = Math.sqrt(sh);
        ddMul(root, 0, root, 0, dd);
        ddAddSloppy(sh, sl, -dd.hi, -dd.lo, dd);
        const correction = dd.hi / (2 * root);
        const hiV = root + correction;
        rHi[j * k + j] = hiV;
        rLo[j * k + j] = correction - (hiV - root);
      } else {
        ddDivSloppy(sh, sl, rHi[j * k + j] as number, rLo[j * k + j] as number, dd);
        rHi[j * k + i] = dd.hi;
        rLo[j * k + i] = dd.lo;
      }
    }
  }
  // U = R⁻¹ (upper) by back substitution on each column of I, then U·Uᵀ.
  const u = ddMatrix(k);
  for (let c = 0; c < k; c++) {
    for (let i = c; i >= 0; i--) {
      let sh = i === c ? 1 : 0;
      let sl = 0;
      for (let l = i + 1; l <= c; l++) {
        ddMul(
          rHi[i * k + l] as number,
          rLo[i * k + l] as number,
          u.hi[l * k + c] as number,
          u.lo[l * k + c] as number,
          dd,
        );
        ddAddSloppy(sh, sl, -dd.hi, -dd.lo, dd);
        sh = dd.hi;
        sl = dd.lo;
      }
      ddDivSloppy(sh, sl, rHi[i * k + i] as number, rLo[i * k + i] as number, dd);
      u.hi[i * k + c] = dd.hi;
      u.lo[i * k + c] = dd.lo;
    }
  }
  const inverse = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let sh = 0;
      let sl = 0;
      for (let l = b; l < k; l++) {
        ddMul(
          u.hi[a * k + l] as number,
          u.lo[a * k + l] as number,
          u.hi[b * k + l] as number,
          u.lo[b * k + l] as number,
          dd,
        );
        ddAddSloppy(sh, sl, dd.hi, dd.lo, dd);
        sh = dd.hi;
        sl = dd.lo;
      }
      inverse[a * k + b] = sh + sl;
      inverse[b * k + a] = sh + sl;
    }
  }
  return { inverse, rHi, rLo };
}
