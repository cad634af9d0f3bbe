/**
 * Per-row regression diagnostics for R's four `plot.lm` plots, computed once at fit time in one
 * pass over the design's row blocks: fitted value, residual, leverage hᵢ = ‖R⁻ᵀãᵢ‖² (ãᵢ the
 * row of the √w-whitened, column-scaled design, R the fit's triangular factor), and from them
 * R's `rstandard` and `cooks.distance` (influenceMeasures). Every row up to `limit`; beyond it,
 * a deterministic sample of `limit` rows at most: the `EXTREMES` rows of largest Cook's distance,
 * |standardized residual|, |residual| and leverage, the smallest and largest fitted value, and
 * evenly spaced rows for the rest. Each point also carries its rank among all rows' finite
 * standardized residuals, so that the normal Q–Q plot of a sample places it where R's `qqnorm`
 * of every row would. Memory: O(limit) plus one n-vector of standardized residuals (the ranks).
 */
import { forEachProblemBlock, type ProblemBlock } from '../numeric/designRows.js';
import { twoProductError } from '../numeric/doubleDouble.js';
import { normalQuantile } from './distributions.js';
import type { ExactRows, LinearModel } from './model.js';
import { householderKernels } from './wasm/householderKernels.js';
import { type MeatLayout, meatLayout } from './wasm/robustMeat.js';

/** Rows of a block. */
const BLOCK = 256;

/** The rows a model keeps diagnostics for, at most. */
export const DIAGNOSTIC_POINT_LIMIT = 5000;

/** Beyond the limit: how many rows of each extreme (Cook's distance, |rstandard|, |residual|, leverage) are kept. */
export const EXTREMES = 200;

/** Leverage within 10ε of 1 is 1, as R's lm.influence rounds it. */
const UNIT_LEVERAGE = 1 - 10 * Number.EPSILON;

/** The per-row diagnostics of a fit, columns of equal length, ordered by row. */
export interface DiagnosticPointSet {
  /** Rows of the fit (n), of which these are all or a sample. */
  readonly totalRows: number;
  /** Index of each point's row among the rows fitted, from 0. */
  readonly rows: readonly number[];
  readonly fitted: readonly number[];
  /** Raw residuals yᵢ − ŷᵢ (unweighted, as R's `residuals`). */
  readonly residuals: readonly number[];
  /** hᵢ, R's `hatvalues`. */
  readonly leverage: readonly number[];
  /** The WLS weight of each point, or null for OLS. */
  readonly weights: readonly number[] | null;
  /**
   * The rank (from 1) of each point's standardized residual among the finite standardized
   * residuals of all rows (ties in row order, as R's `qqnorm` orders them); null where it is not
   * finite (leverage 1, or a perfect fit).
   */
  readonly qqRanks: readonly (number | null)[];
  /** How many rows have a finite standardized residual: the n of R's `qqnorm`. */
  readonly qqCount: number;
}

/** R's influence measures of one point, from its stored diagnostics and the model's scale and rank. */
export interface InfluenceMeasures {
  /** `rstandard`: √wᵢ·eᵢ / (σ·√(1 − hᵢ)); null where R gives NaN (hᵢ = 1, σ = 0). */
  readonly standardizedResidual: number | null;
  /** `cooks.distance`: (√wᵢ·eᵢ / (σ·(1 − hᵢ)))²·hᵢ / rank; null where R gives NaN. */
  readonly cooksDistance: number | null;
}

/**
 * The standardized residual and Cook's distance of a row, exactly as R's `rstandard.lm` and
 * `cooks.distance.lm` compute them (infinite values become NaN there, null here).
 */
export function influenceMeasures(
  residual: number,
  weight: number,
  leverage: number,
  scale: number,
  rank: number,
): InfluenceMeasures {
  const sd = Math.sqrt(scale);
  const standardized = standardizedResidual(residual, weight, leverage, sd);
  const cook = cooksDistance(residual, weight, leverage, sd, rank);
  return {
    standardizedResidual: Number.isFinite(standardized) ? standardized : null,
    cooksDistance: Number.isFinite(cook) ? cook : null,
  };
}

function standardizedResidual(residual: number, weight: number, leverage: number, sd: number): number {
  return (Math.sqrt(weight) * residual) / (sd * Math.sqrt(1 - leverage));
}

function cooksDistance(residual: number, weight: number, leverage: number, sd: number, rank: number): number {
  return ((Math.sqrt(weight) * residual) / (sd * (1 - leverage))) ** 2 * (leverage / rank);
}

/** R's `qqnorm` abscissa of the point of rank `rank` among `count`: qnorm(ppoints(count))[rank]. */
export function normalScore(rank: number, count: number): number {
  const a = count <= 10 ? 3 / 8 : 1 / 2;
  return normalQuantile((rank - a) / (count + 1 - 2 * a));
}

/** One row's values, as the pass computes them. */
interface Point {
  readonly row: number;
  readonly fitted: number;
  readonly residual: number;
  readonly leverage: number;
  readonly weight: number;
  /** NaN where R's is (leverage 1, a perfect fit); so is `cook`. */
  readonly standardized: number;
  readonly cook: number;
}

/** A block's rows as the pass computes them, column by column (valid during the visit only). */
interface PointBlock {
  readonly start: number;
  readonly count: number;
  readonly fitted: Float64Array;
  readonly residual: Float64Array;
  readonly leverage: Float64Array;
  readonly standardized: Float64Array;
  readonly cook: Float64Array;
  /** The rows' weights (1 for an unweighted fit). */
  readonly weight: Float64Array;
}

/** Computes the diagnostics of `fit` over its rows (the problem it was fitted to). */
export function diagnosticPoints(
  rows: ExactRows,
  fit: LinearModel,
  limit: number = DIAGNOSTIC_POINT_LIMIT,
): DiagnosticPointSet {
  const { n } = rows;
  const weighted = rows.rows.weighted;
  if (!(Number.isInteger(limit) && limit >= 4 * EXTREMES + 3)) {
    throw new RangeError(`limit must be an integer of at least ${4 * EXTREMES + 3}, got ${limit}`);
  }
  const sample = n <= limit ? null : new RowSample(n, limit);
  const all: Point[] = [];
  const standardized = new Float64Array(n);
  const pointOf = (block: PointBlock, i: number): Point => {
    const row = block.start + i;
    return {
      row,
      fitted: block.fitted[i] as number,
      residual: block.residual[i] as number,
      leverage: block.leverage[i] as number,
      weight: block.weight[i] as number,
      standardized: block.standardized[i] as number,
      cook: block.cook[i] as number,
    };
  };
  forEachPointBlock(rows, fit, (block) => {
    standardized.set(block.standardized.subarray(0, block.count), block.start);
    if (sample === null) for (let i = 0; i < block.count; i++) all.push(pointOf(block, i));
    else sample.offer(block, pointOf);
  });
  const points = sample === null ? all : sample.points();
  const ranks = qqRanks(points, standardized);
  return {
    totalRows: n,
    rows: points.map((p) => p.row),
    fitted: points.map((p) => p.fitted),
    residuals: points.map((p) => p.residual),
    leverage: points.map((p) => p.leverage),
    weights: weighted ? points.map((p) => p.weight) : null,
    qqRanks: ranks.ranks,
    qqCount: ranks.count,
  };
}

/**
 * Visits the rows block by block with their diagnostics. Residuals are y + yLo − (x + xLo)·β
 * summed in double-double (the exact residual of the stored coefficients, however close Xβ is
 * to y); the leverage is the squared norm of the forward substitution Rᵀz = ã over the block's
 * columns, with the SIMD kernels when they are available.
 */
function forEachPointBlock(rows: ExactRows, fit: LinearModel, visit: (block: PointBlock) => void): void {
  const { lowParts, responseLowParts } = rows;
  const kept: number[] = [];
  const beta: number[] = [];
  fit.coefficients.forEach((c, j) => {
    if (!c.aliased) {
      kept.push(j);
      beta.push(c.estimate as number);
    }
  });
  const rank = kept.length;
  const r = Float64Array.from(fit.covarianceFactor.r);
  const { columnScale } = fit.covarianceFactor;
  const kernels = householderKernels();
  const layout = kernels === null ? null : meatLayout(kernels, BLOCK, rank);
  const z = layout === null ? new Float64Array(BLOCK * rank) : null;
  const sw = new Float64Array(BLOCK);
  const hi = new Float64Array(BLOCK);
  const lo = new Float64Array(BLOCK);
  const out: PointBlock = {
    start: 0,
    count: 0,
    fitted: new Float64Array(BLOCK),
    residual: new Float64Array(BLOCK),
    leverage: new Float64Array(BLOCK),
    standardized: new Float64Array(BLOCK),
    cook: new Float64Array(BLOCK),
    weight: new Float64Array(BLOCK).fill(1),
  };
  const sd = Math.sqrt(fit.scale);
  const reads = { design: true, lowParts, responseLowParts };
  forEachProblemBlock(rows.rows, BLOCK, reads, (block: ProblemBlock) => {
    const { start, count: m, x, xLo, stride, y, yLo, weights } = block;
    if (weights !== null) out.weight.set(weights.subarray(0, m));
    for (let i = 0; i < m; i++) sw[i] = weights === null ? 1 : Math.sqrt(weights[i] as number);
    // Ã's columns: (x + xLo)·s·√w.
    const target = layout === null ? (z as Float64Array) : layout.heap;
    const column = (a: number) => (layout === null ? a * BLOCK : layout.z / 8 + a * layout.rows);
    for (let a = 0; a < rank; a++) {
      const off = (kept[a] as number) * stride;
      const s = columnScale[a] as number;
      const to = column(a);
      for (let i = 0; i < m; i++) {
        const cell = (x[off + i] as number) + (xLo === null ? 0 : (xLo[off + i] as number));
        target[to + i] = cell * s * (sw[i] as number);
      }
      if (m & 1) target[to + m] = 0;
    }
    if (layout === null) forwardSubstitution(z as Float64Array, r, rank, m, out.leverage);
    else forwardSubstitutionSimd(layout, r, rank, m, out.leverage);
    // Residuals in double-double, one column at a time.
    for (let i = 0; i < m; i++) {
      hi[i] = y[i] as number;
      lo[i] = yLo === null ? 0 : (yLo[i] as number);
    }
    for (let a = 0; a < rank; a++) {
      const off = (kept[a] as number) * stride;
      const b = beta[a] as number;
      for (let i = 0; i < m; i++) {
        const xi = x[off + i] as number;
        const product = xi * b;
        const productLo = twoProductError(xi, b, product) + (xLo === null ? 0 : (xLo[off + i] as number) * b);
        // (hi, lo) − (product, productLo): Knuth's two-sum of the high parts, then renormalized.
        const h = hi[i] as number;
        const sum = h - product;
        const bv = sum - h;
        const error = h - (sum - bv) - (product + bv);
        const low = (lo[i] as number) - productLo + error;
        const total = sum + low;
        hi[i] = total;
        lo[i] = low - (total - sum);
      }
    }
    for (let i = 0; i < m; i++) {
      const residual = (hi[i] as number) + (lo[i] as number);
      const yRow = (y[i] as number) + (yLo === null ? 0 : (yLo[i] as number));
      const raw = out.leverage[i] as number;
      const h = raw > UNIT_LEVERAGE ? 1 : raw;
      const weight = out.weight[i] as number;
      const standardized = standardizedResidual(residual, weight, h, sd);
      const cook = cooksDistance(residual, weight, h, sd, rank);
      out.fitted[i] = yRow - residual;
      out.residual[i] = residual;
      out.leverage[i] = h;
      out.standardized[i] = Number.isFinite(standardized) ? standardized : Number.NaN;
      out.cook[i] = Number.isFinite(cook) ? cook : Number.NaN;
    }
    visit({ ...out, start, count: m });
  });
}

/**
 * Z = Ã·R⁻¹ for a block (z column-major, BLOCK rows per column) and each row's ‖zᵢ‖² in `h`:
 * column by column, the earlier columns' multiples subtracted four at a time.
 */
function forwardSubstitution(z: Float64Array, r: Float64Array, rank: number, m: number, h: Float64Array): void {
  h.fill(0, 0, m);
  for (let a = 0; a < rank; a++) {
    const za = a * BLOCK;
    let b = 0;
    for (; b + 3 < a; b += 4) {
      const c0 = r[b * rank + a] as number;
      const c1 = r[(b + 1) * rank + a] as number;
      const c2 = r[(b + 2) * rank + a] as number;
      const c3 = r[(b + 3) * rank + a] as number;
      const z0 = b * BLOCK;
      for (let i = 0; i < m; i++) {
        z[za + i] =
          (z[za + i] as number) -
          c0 * (z[z0 + i] as number) -
          c1 * (z[z0 + BLOCK + i] as number) -
          c2 * (z[z0 + 2 * BLOCK + i] as number) -
          c3 * (z[z0 + 3 * BLOCK + i] as number);
      }
    }
    for (; b < a; b++) {
      const c = r[b * rank + a] as number;
      const zb = b * BLOCK;
      for (let i = 0; i < m; i++) z[za + i] = (z[za + i] as number) - c * (z[zb + i] as number);
    }
    const d = r[a * rank + a] as number;
    for (let i = 0; i < m; i++) {
      const v = (z[za + i] as number) / d;
      z[za + i] = v;
      h[i] = (h[i] as number) + v * v;
    }
  }
}

/** The same with the SIMD kernels, on Ã copied into their memory (robustMeat.ts's layout). */
function forwardSubstitutionSimd(layout: MeatLayout, r: Float64Array, rank: number, m: number, h: Float64Array): void {
  const { kernels, heap } = layout;
  const bytes = (m + (m & 1)) * 8;
  const col = (a: number): number => layout.z + a * layout.rows * 8;
  heap.fill(0, layout.h / 8, layout.h / 8 + layout.rows);
  for (let a = 0; a < rank; a++) {
    let b = 0;
    for (; b + 1 < a; b += 2) {
      kernels.update2x1(col(b), col(b + 1), col(a), bytes, r[b * rank + a] as number, r[(b + 1) * rank + a] as number);
    }
    if (b < a) kernels.axpy(col(b), col(a), bytes, r[b * rank + a] as number);
    kernels.scale(col(a), bytes, 1 / (r[a * rank + a] as number));
    kernels.addSquares(col(a), layout.h, bytes);
  }
  h.set(heap.subarray(layout.h / 8, layout.h / 8 + m));
}

/**
 * The deterministic sample of a fit of more than `limit` rows: the extremes by four measures, the
 * smallest and largest fitted values, and rows at evenly spaced positions for the rest.
 */
class RowSample {
  private readonly extremes: readonly TopRows[];
  private readonly spaced: Point[] = [];
  private readonly spacing: number;
  private readonly spacedCount: number;
  private nextSpaced = 0;
  private lowest: Point | null = null;
  private highest: Point | null = null;

  constructor(n: number, limit: number) {
    this.extremes = [new TopRows(EXTREMES), new TopRows(EXTREMES), new TopRows(EXTREMES), new TopRows(EXTREMES)];
    this.spacedCount = limit - 4 * EXTREMES - 2;
    this.spacing = n / this.spacedCount;
  }

  /** Offers a block's rows; `pointOf` makes a row's point, only for the rows kept so far. */
  offer(block: PointBlock, pointOf: (block: PointBlock, i: number) => Point): void {
    const { cook, standardized, residual, leverage, fitted } = block;
    const [byCook, byStandardized, byResidual, byLeverage] = this.extremes as [TopRows, TopRows, TopRows, TopRows];
    for (let i = 0; i < block.count; i++) {
      const row = block.start + i;
      const c = cook[i] as number;
      const t = standardized[i] as number;
      // A row of leverage 1 has no standardized residual or Cook's distance (NaN): it is the
      // most influential of all, and counts as infinite for both.
      byCook.offer(Number.isNaN(c) ? Number.POSITIVE_INFINITY : c, block, i, pointOf);
      byStandardized.offer(Number.isNaN(t) ? Number.POSITIVE_INFINITY : Math.abs(t), block, i, pointOf);
      byResidual.offer(Math.abs(residual[i] as number), block, i, pointOf);
      byLeverage.offer(leverage[i] as number, block, i, pointOf);
      const f = fitted[i] as number;
      if (this.lowest === null || f < this.lowest.fitted) this.lowest = pointOf(block, i);
      if (this.highest === null || f > this.highest.fitted) this.highest = pointOf(block, i);
      // Row ⌊(k + ½)·n/count⌋ for k = 0, 1, …: evenly spread, the same rows for the same n.
      if (this.nextSpaced < this.spacedCount && row === Math.floor((this.nextSpaced + 0.5) * this.spacing)) {
        this.spaced.push(pointOf(block, i));
        this.nextSpaced++;
      }
    }
  }

  /** The sampled points, each once, in row order. */
  points(): Point[] {
    const byRow = new Map<number, Point>();
    for (const point of this.spaced) byRow.set(point.row, point);
    for (const top of this.extremes) for (const point of top.points()) byRow.set(point.row, point);
    for (const point of [this.lowest, this.highest]) if (point !== null) byRow.set(point.row, point);
    return [...byRow.values()].sort((a, b) => a.row - b.row);
  }
}

/** The `capacity` points of largest score (ties: the earlier row), kept in a min-heap. */
class TopRows {
  private readonly heap: Point[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly capacity: number) {}

  /** Offers row i of the block with this score (its point made only if it is kept). */
  offer(score: number, block: PointBlock, i: number, pointOf: (block: PointBlock, i: number) => Point): void {
    if (Number.isNaN(score)) return;
    const { heap, scores } = this;
    if (heap.length < this.capacity) {
      heap.push(pointOf(block, i));
      scores.push(score);
      this.up(heap.length - 1);
    } else if (score > (scores[0] as number)) {
      // Rows arrive in order, so an equal score never displaces an earlier row.
      heap[0] = pointOf(block, i);
      scores[0] = score;
      this.down(0);
    }
  }

  points(): readonly Point[] {
    return this.heap;
  }

  /** Whether entry a ranks below entry b: a smaller score, or the same score and a later row. */
  private below(a: number, b: number): boolean {
    const sa = this.scores[a] as number;
    const sb = this.scores[b] as number;
    return sa < sb || (sa === sb && (this.heap[a] as Point).row > (this.heap[b] as Point).row);
  }

  private swap(a: number, b: number): void {
    const { heap, scores } = this;
    [heap[a], heap[b]] = [heap[b] as Point, heap[a] as Point];
    [scores[a], scores[b]] = [scores[b] as number, scores[a] as number];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.below(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const size = this.heap.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < size && this.below(left, least)) least = left;
      if (right < size && this.below(right, least)) least = right;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }
}

/** Buckets of the values' range that narrow each row's search in `qqRanks`. */
const RANK_BUCKETS = 4096;

/**
 * The rank of each point's standardized residual among all rows' finite ones, by the key
 * (value, row): sort the points by it, then for every row find the first point whose key is
 * greater and count it there; a prefix sum gives each point how many rows sort before it. The
 * search is a binary search within the few points of the row's bucket of the value range (a
 * linear index of the sorted points): O(n) for n rows, with no sort of the n values.
 */
function qqRanks(points: readonly Point[], standardized: Float64Array): { ranks: (number | null)[]; count: number } {
  const finite = points.map((_, i) => i).filter((i) => Number.isFinite((points[i] as Point).standardized));
  const key = (i: number) => (points[i] as Point).standardized;
  finite.sort((a, b) => key(a) - key(b) || (points[a] as Point).row - (points[b] as Point).row);
  const m = finite.length;
  const values = Float64Array.from(finite, key);
  const rowsOf = Int32Array.from(finite, (i) => (points[i] as Point).row);
  const lowest = m === 0 ? 0 : (values[0] as number);
  const width = m === 0 ? 1 : ((values[m - 1] as number) - lowest) / RANK_BUCKETS || 1;
  // bucketStart[b]: the first point of value ≥ lowest + b·width.
  const bucketStart = new Int32Array(RANK_BUCKETS + 1);
  for (let b = 0, position = 0; b <= RANK_BUCKETS; b++) {
    const bound = b === RANK_BUCKETS ? Number.POSITIVE_INFINITY : lowest + b * width;
    while (position < m && (values[position] as number) < bound) position++;
    bucketStart[b] = position;
  }
  const before = new Float64Array(m + 1);
  let count = 0;
  for (let row = 0; row < standardized.length; row++) {
    const v = standardized[row] as number;
    if (!Number.isFinite(v)) continue;
    count++;
    // The bucket of v, widened by one on each side against rounding at its edges.
    const bucket = Math.min(RANK_BUCKETS - 1, Math.max(0, Math.floor((v - lowest) / width)));
    let lo = bucketStart[Math.max(0, bucket - 1)] as number;
    let hi = bucketStart[Math.min(RANK_BUCKETS, bucket + 2)] as number;
    // First position whose (value, row) is greater than (v, row).
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const vm = values[mid] as number;
      if (vm < v || (vm === v && (rowsOf[mid] as number) <= row)) lo = mid + 1;
      else hi = mid;
    }
    before[lo] = (before[lo] as number) + 1;
  }
  const ranks: (number | null)[] = points.map(() => null);
  let running = 0;
  finite.forEach((pointIndex, position) => {
    running += before[position] as number;
    ranks[pointIndex] = running + 1;
  });
  return { ranks, count };
}
