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
import { type DesignBlock, forEachBlock } from '../numeric/designRows.js';
import { DoubleDouble, ddAddSloppy, twoProductError } from '../numeric/doubleDouble.js';
import { normalQuantile } from './distributions.js';
import type { ExactRows, LinearModel } from './model.js';

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
  const weighted = Math.sqrt(weight) * residual;
  const standardized = weighted / (sd * Math.sqrt(1 - leverage));
  const cook = (weighted / (sd * (1 - leverage))) ** 2 * (leverage / rank);
  return {
    standardizedResidual: Number.isFinite(standardized) ? standardized : null,
    cooksDistance: Number.isFinite(cook) ? cook : null,
  };
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
  readonly standardized: number;
  readonly cook: number;
}

/** Computes the diagnostics of `fit` over its rows (the problem it was fitted to). */
export function diagnosticPoints(
  rows: ExactRows,
  fit: LinearModel,
  limit: number = DIAGNOSTIC_POINT_LIMIT,
): DiagnosticPointSet {
  const { n, weights } = rows;
  if (!(Number.isInteger(limit) && limit >= 4 * EXTREMES + 3)) {
    throw new RangeError(`limit must be an integer of at least ${4 * EXTREMES + 3}, got ${limit}`);
  }
  const sample = n <= limit ? null : new RowSample(n, limit);
  const all: Point[] = [];
  const standardized = new Float64Array(n);
  forEachPoint(rows, fit, (point) => {
    standardized[point.row] = point.standardized;
    if (sample === null) all.push(point);
    else sample.offer(point);
  });
  const points = sample === null ? all : sample.points();
  const ranks = qqRanks(points, standardized);
  return {
    totalRows: n,
    rows: points.map((p) => p.row),
    fitted: points.map((p) => p.fitted),
    residuals: points.map((p) => p.residual),
    leverage: points.map((p) => p.leverage),
    weights: weights === null ? null : points.map((p) => p.weight),
    qqRanks: ranks.ranks,
    qqCount: ranks.count,
  };
}

/** The double-double register of the residuals. */
const dd = new DoubleDouble();

/**
 * Visits every row in order with its diagnostics. Residuals are y + yLo − (x + xLo)·β summed in
 * double-double (the exact residual of the stored coefficients, however close Xβ is to y); the
 * leverage is the squared norm of the forward substitution Rᵀz = ã, column by column over a block.
 */
function forEachPoint(rows: ExactRows, fit: LinearModel, visit: (point: Point) => void): void {
  const { n, design, lowParts, y, yLo, weights } = rows;
  const kept: number[] = [];
  const beta: number[] = [];
  fit.coefficients.forEach((c, j) => {
    if (!c.aliased) {
      kept.push(j);
      beta.push(c.estimate as number);
    }
  });
  const rank = kept.length;
  const { r, columnScale } = fit.covarianceFactor;
  const z = new Float64Array(BLOCK * rank);
  const leverage = new Float64Array(BLOCK);
  const sw = new Float64Array(BLOCK);
  forEachBlock(design, n, BLOCK, lowParts, (block: DesignBlock) => {
    const { start, count: m, x, xLo, stride } = block;
    for (let i = 0; i < m; i++) sw[i] = weights === null ? 1 : Math.sqrt(weights[start + i] as number);
    leverage.fill(0, 0, m);
    for (let a = 0; a < rank; a++) {
      const off = (kept[a] as number) * stride;
      const s = columnScale[a] as number;
      const za = a * BLOCK;
      for (let i = 0; i < m; i++) {
        const cell = (x[off + i] as number) + (xLo === null ? 0 : (xLo[off + i] as number));
        z[za + i] = cell * s * (sw[i] as number);
      }
      for (let b = 0; b < a; b++) {
        const c = r[b * rank + a] as number;
        const zb = b * BLOCK;
        for (let i = 0; i < m; i++) z[za + i] = (z[za + i] as number) - c * (z[zb + i] as number);
      }
      const d = r[a * rank + a] as number;
      for (let i = 0; i < m; i++) {
        const v = (z[za + i] as number) / d;
        z[za + i] = v;
        leverage[i] = (leverage[i] as number) + v * v;
      }
    }
    for (let i = 0; i < m; i++) {
      const row = start + i;
      let hi = y[row] as number;
      let lo = yLo === null ? 0 : (yLo[row] as number);
      for (let a = 0; a < rank; a++) {
        const off = (kept[a] as number) * stride + i;
        const b = beta[a] as number;
        const product = (x[off] as number) * b;
        const productLo = twoProductError(x[off] as number, b, product) + (xLo === null ? 0 : (xLo[off] as number) * b);
        ddAddSloppy(hi, lo, -product, -productLo, dd);
        hi = dd.hi;
        lo = dd.lo;
      }
      const residual = hi + lo;
      const yRow = (y[row] as number) + (yLo === null ? 0 : (yLo[row] as number));
      const raw = leverage[i] as number;
      const h = raw > UNIT_LEVERAGE ? 1 : raw;
      const weight = weights === null ? 1 : (weights[row] as number);
      const measures = influenceMeasures(residual, weight, h, fit.scale, rank);
      visit({
        row,
        fitted: yRow - residual,
        residual,
        leverage: h,
        weight,
        standardized: measures.standardizedResidual ?? Number.NaN,
        cook: measures.cooksDistance ?? Number.NaN,
      });
    }
  });
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
    // A row of leverage 1 has no standardized residual or Cook's distance (NaN): it is the most
    // influential of all, and counts as infinite for both.
    const orNaN = (v: number, ifNaN: number) => (Number.isNaN(v) ? ifNaN : v);
    this.extremes = [
      new TopRows(EXTREMES, (p) => orNaN(p.cook, Number.POSITIVE_INFINITY)),
      new TopRows(EXTREMES, (p) => orNaN(Math.abs(p.standardized), Number.POSITIVE_INFINITY)),
      new TopRows(EXTREMES, (p) => Math.abs(p.residual)),
      new TopRows(EXTREMES, (p) => p.leverage),
    ];
    this.spacedCount = limit - 4 * EXTREMES - 2;
    this.spacing = n / this.spacedCount;
  }

  offer(point: Point): void {
    for (const top of this.extremes) top.offer(point);
    if (this.lowest === null || point.fitted < this.lowest.fitted) this.lowest = point;
    if (this.highest === null || point.fitted > this.highest.fitted) this.highest = point;
    // Row ⌊(k + ½)·n/count⌋ for k = 0, 1, …: evenly spread, the same rows for the same n.
    if (this.nextSpaced < this.spacedCount && point.row === Math.floor((this.nextSpaced + 0.5) * this.spacing)) {
      this.spaced.push(point);
      this.nextSpaced++;
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

  constructor(
    private readonly capacity: number,
    private readonly score: (point: Point) => number,
  ) {}

  offer(point: Point): void {
    const score = this.score(point);
    if (Number.isNaN(score)) return;
    const { heap, scores } = this;
    if (heap.length < this.capacity) {
      heap.push(point);
      scores.push(score);
      this.up(heap.length - 1);
    } else if (score > (scores[0] as number)) {
      // Rows arrive in order, so an equal score never displaces an earlier row.
      heap[0] = point;
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

/**
 * The rank of each point's standardized residual among all rows' finite ones, by the key
 * (value, row): sort the points by it, then for every row find the first point whose key is
 * greater (a binary search) and count it there; a prefix sum gives each point how many rows sort
 * before it. O(n log m) for m points, with no sort of the n values.
 */
function qqRanks(
  points: readonly Point[],
  standardized: Float64Array,
): { ranks: (number | null)[]; count: number } {
  const finite = points.map((_, i) => i).filter((i) => Number.isFinite((points[i] as Point).standardized));
  const key = (i: number) => (points[i] as Point).standardized;
  finite.sort((a, b) => key(a) - key(b) || (points[a] as Point).row - (points[b] as Point).row);
  const values = finite.map(key);
  const rowsOf = finite.map((i) => (points[i] as Point).row);
  const before = new Float64Array(finite.length + 1);
  let count = 0;
  for (let row = 0; row < standardized.length; row++) {
    const v = standardized[row] as number;
    if (!Number.isFinite(v)) continue;
    count++;
    // First position whose (value, row) is greater than (v, row).
    let lo = 0;
    let hi = values.length;
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
