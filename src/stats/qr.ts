/**
 * Householder QR of a tall design, computed one block of rows at a time (sequential TSQR).
 *
 * Why blocks: a textbook column-by-column Householder QR of a 10^6 × 15 design streams the
 * whole matrix through memory once per reflector and column (~120 passes over 120 MB). Here
 * each block of a few hundred rows is copied into a small buffer that stays in the L1/L2
 * cache, and the p × p triangle R is updated by the QR of [R; block]. Every element of the
 * design is read from memory once. The result is an orthogonal factorization of the same
 * quality as Householder's (it is a product of Householder reflectors), of the augmented
 * matrix [0; X] (p zero rows on top), which gives the same R and the same least-squares
 * solutions as X itself.
 *
 * Reflector of block c, column k: v = e_k (row k of the top block) + u (block rows), applied
 * as I − τ·v·vᵀ. The u's are stored (optionally) in an n × p array in the design's own
 * column-major layout, so Qᵀ and Q can be applied to n-vectors later for iterative
 * refinement without forming Q.
 *
 * Extra columns (the response, or a column of ones) ride along: they are transformed but
 * get no reflector, which yields Qᵀb's top block in R's last columns and the norm of b's
 * part orthogonal to the design.
 */

/**
 * Fills `out` with rows [start, start + count) of every column (design columns first, then
 * extra columns), column-major with column stride `stride`.
 */
export type ChunkFiller = (start: number, count: number, out: Float64Array, stride: number) => void;

import { SCRATCH_BYTES, factorBlockWasm } from './wasm/blockQr.js';
import { householderKernels } from './wasm/householderKernels.js';

/** What to factor. */
export interface TsqrOptions {
  readonly rows: number;
  /** Design columns: each gets a reflector. */
  readonly columns: number;
  /** Right-hand-side columns transformed along without reflectors. */
  readonly extraColumns: number;
  /** Keep the reflectors (n × p doubles) so that Q can be applied later. */
  readonly keepReflectors: boolean;
  /** 'js' forces the plain JavaScript kernel (tests compare the two); default: SIMD when available. */
  readonly kernel?: 'js' | 'simd';
}

/** The factorization. */
export interface TsqrFactors {
  readonly rows: number;
  readonly columns: number;
  readonly extraColumns: number;
  readonly blockRows: number;
  /** Row-major p × (p + q): R in the first p columns, the top block of Qᵀ·B in the last q. */
  readonly r: Float64Array;
  /** Per extra column: squared norm of its part orthogonal to the design's columns. */
  readonly remainderSquares: Float64Array;
  /** Block parts of the reflectors, column-major n × p; null unless kept. */
  readonly reflectors: Float64Array | null;
  /** τ of block c, column k at c·p + k; null unless kept. */
  readonly tau: Float64Array | null;
}

/**
 * Rows per block: the buffer (rows × columns doubles) should fit in a 32–48 KB L1 cache for
 * narrow designs; wide ones (beyond ~50 columns) use 128 rows from L2 instead, because each
 * kernel call then does too little work to pay for itself.
 */
export function blockRowsFor(totalColumns: number): number {
  const target = Math.max(128, Math.floor(6144 / Math.max(1, totalColumns)));
  let rows = 32;
  while (rows * 2 <= target && rows < 512) {
    rows *= 2;
  }
  return rows;
}

/**
 * Householder vector for block column k against the diagonal R[k][k]. Scales the block part
 * in place to u, sets R[k][k] = β and returns τ (0 when the block part is already zero).
 */
function reflect(c: Float64Array, ck: number, m: number, r: Float64Array, diag: number): number {
  let ss = 0;
  for (let i = 0; i < m; i++) {
    const v = c[ck + i] as number;
    ss += v * v;
  }
  if (ss === 0) {
    return 0;
  }
  const alpha = r[diag] as number;
  const norm = Math.sqrt(alpha * alpha + ss);
  const beta = alpha >= 0 ? -norm : norm;
  const scale = 1 / (alpha - beta);
  for (let i = 0; i < m; i++) {
    c[ck + i] = (c[ck + i] as number) * scale;
  }
  r[diag] = beta;
  return (beta - alpha) / beta;
}

/** Applies reflector (u at ck, τ) to block column cj whose top-block entry is r[rj]. */
function applyOne(c: Float64Array, ck: number, cj: number, m: number, r: Float64Array, rj: number, tau: number): void {
  if (tau === 0) {
    return;
  }
  let a = r[rj] as number;
  for (let i = 0; i < m; i++) {
    a += (c[ck + i] as number) * (c[cj + i] as number);
  }
  const d = tau * a;
  r[rj] = (r[rj] as number) - d;
  for (let i = 0; i < m; i++) {
    c[cj + i] = (c[cj + i] as number) - d * (c[ck + i] as number);
  }
}

/**
 * QR of [R; C] for one block: C is m × total (column-major, stride `stride`), R is the
 * running p × total triangle (row-major, row stride `total`). Reflectors are taken two at a
 * time so that each pass over a trailing column applies both (a width-2 compact-WY update):
 * half the memory traffic of one-at-a-time, which is what bounds this loop in JavaScript.
 */
function factorBlock(
  c: Float64Array,
  stride: number,
  m: number,
  r: Float64Array,
  p: number,
  total: number,
  tau: Float64Array,
): void {
  let k = 0;
  for (; k + 1 < p; k += 2) {
    const ck = k * stride;
    const ck1 = ck + stride;
    const rk = k * total;
    const rk1 = rk + total;
    const t0 = reflect(c, ck, m, r, rk + k);
    applyOne(c, ck, ck1, m, r, rk + k + 1, t0);
    const t1 = reflect(c, ck1, m, r, rk1 + k + 1);
    tau[k] = t0;
    tau[k + 1] = t1;
    let w = 0;
    for (let i = 0; i < m; i++) {
      w += (c[ck + i] as number) * (c[ck1 + i] as number);
    }
    let j = k + 2;
    for (; j + 1 < total; j += 2) {
      const cj = j * stride;
      const cj1 = cj + stride;
      let a0 = r[rk + j] as number;
      let a1 = r[rk + j + 1] as number;
      let b0 = r[rk1 + j] as number;
      let b1 = r[rk1 + j + 1] as number;
      for (let i = 0; i < m; i++) {
        const u = c[ck + i] as number;
        const v = c[ck1 + i] as number;
        const x0 = c[cj + i] as number;
        const x1 = c[cj1 + i] as number;
        a0 += u * x0;
        a1 += u * x1;
        b0 += v * x0;
        b1 += v * x1;
      }
      // Reflector k, then reflector k+1 on the updated column: vₖ₊₁·(x − d·vₖ) = b − d·w.
      const d0 = t0 * a0;
      const d1 = t0 * a1;
      const e0 = t1 * (b0 - d0 * w);
      const e1 = t1 * (b1 - d1 * w);
      r[rk + j] = (r[rk + j] as number) - d0;
      r[rk + j + 1] = (r[rk + j + 1] as number) - d1;
      r[rk1 + j] = (r[rk1 + j] as number) - e0;
      r[rk1 + j + 1] = (r[rk1 + j + 1] as number) - e1;
      for (let i = 0; i < m; i++) {
        const u = c[ck + i] as number;
        const v = c[ck1 + i] as number;
        c[cj + i] = (c[cj + i] as number) - (d0 * u + e0 * v);
        c[cj1 + i] = (c[cj1 + i] as number) - (d1 * u + e1 * v);
      }
    }
    for (; j < total; j++) {
      const cj = j * stride;
      let a0 = r[rk + j] as number;
      let b0 = r[rk1 + j] as number;
      for (let i = 0; i < m; i++) {
        const x0 = c[cj + i] as number;
        a0 += (c[ck + i] as number) * x0;
        b0 += (c[ck1 + i] as number) * x0;
      }
      const d0 = t0 * a0;
      const e0 = t1 * (b0 - d0 * w);
      r[rk + j] = (r[rk + j] as number) - d0;
      r[rk1 + j] = (r[rk1 + j] as number) - e0;
      for (let i = 0; i < m; i++) {
        c[cj + i] = (c[cj + i] as number) - (d0 * (c[ck + i] as number) + e0 * (c[ck1 + i] as number));
      }
    }
  }
  if (k < p) {
    const ck = k * stride;
    const t0 = reflect(c, ck, m, r, k * total + k);
    tau[k] = t0;
    for (let j = k + 1; j < total; j++) {
      applyOne(c, ck, j * stride, m, r, k * total + j, t0);
    }
  }
}

/** Factors the design that `fill` describes. */
export function tsqr(fill: ChunkFiller, options: TsqrOptions): TsqrFactors {
  const { rows: n, columns: p, extraColumns: q, keepReflectors } = options;
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(p) || p < 0 || !Number.isInteger(q) || q < 0) {
    throw new RangeError(`tsqr: bad shape ${n} × (${p} + ${q})`);
  }
  const total = p + q;
  const b = blockRowsFor(total);
  const blocks = Math.ceil(n / b);
  const r = new Float64Array(p * total);
  const remainderSquares = new Float64Array(q);
  const blockTau = new Float64Array(p);
  const reflectors = keepReflectors ? new Float64Array(n * p) : null;
  const tau = keepReflectors ? new Float64Array(blocks * p) : null;
  const kernels = options.kernel === 'js' ? null : householderKernels();
  let buffer: Float64Array;
  let factor: (m: number) => void;
  if (kernels !== null) {
    // The block lives in the kernels' memory, after the scratch area.
    const needed = SCRATCH_BYTES + b * total * 8;
    const have = kernels.memory.buffer.byteLength;
    if (have < needed) {
      kernels.memory.grow(Math.ceil((needed - have) / 65536));
    }
    const heap = new Float64Array(kernels.memory.buffer);
    buffer = heap.subarray(SCRATCH_BYTES / 8, SCRATCH_BYTES / 8 + b * total);
    factor = (m) => {
      // Pad to an even row count with a zero row: the kernels take two rows at a time.
      const rows = m + (m & 1);
      if (rows !== m) {
        for (let j = 0; j < total; j++) buffer[j * b + m] = 0;
      }
      const block = { kernels, heap, base: SCRATCH_BYTES, strideBytes: b * 8, bytes: rows * 8 };
      factorBlockWasm(block, r, p, total, blockTau);
    };
  } else {
    buffer = new Float64Array(b * total);
    factor = (m) => factorBlock(buffer, b, m, r, p, total, blockTau);
  }
  for (let block = 0; block < blocks; block++) {
    const start = block * b;
    const m = Math.min(b, n - start);
    fill(start, m, buffer, b);
    factor(m);
    for (let e = 0; e < q; e++) {
      const ce = (p + e) * b;
      let ss = 0;
      for (let i = 0; i < m; i++) {
        const v = buffer[ce + i] as number;
        ss += v * v;
      }
      remainderSquares[e] = (remainderSquares[e] as number) + ss;
    }
    if (reflectors !== null && tau !== null) {
      for (let k = 0; k < p; k++) {
        reflectors.set(buffer.subarray(k * b, k * b + m), k * n + start);
      }
      tau.set(blockTau, block * p);
    }
  }
  return { rows: n, columns: p, extraColumns: q, blockRows: b, r, remainderSquares, reflectors, tau };
}

function requireReflectors(f: TsqrFactors): { v: Float64Array; tau: Float64Array } {
  if (f.reflectors === null || f.tau === null) {
    throw new Error('the factorization was computed without keeping its reflectors');
  }
  return { v: f.reflectors, tau: f.tau };
}

function applyReflector(
  v: Float64Array,
  vk: number,
  top: Float64Array,
  k: number,
  x: Float64Array,
  start: number,
  m: number,
  t: number,
): void {
  let d = top[k] as number;
  for (let i = 0; i < m; i++) {
    d += (v[vk + i] as number) * (x[start + i] as number);
  }
  d *= t;
  top[k] = (top[k] as number) - d;
  for (let i = 0; i < m; i++) {
    x[start + i] = (x[start + i] as number) - d * (v[vk + i] as number);
  }
}

/**
 * In place, (top, x) ← Qᵀ·(top, x) for the (p + n)-vector whose first p entries are `top`
 * and last n are `x`. Afterwards `top` holds the coordinates along R's rows and `x` the part
 * orthogonal to the design.
 */
export function applyQTranspose(f: TsqrFactors, top: Float64Array, x: Float64Array): void {
  const { v, tau } = requireReflectors(f);
  const { rows: n, columns: p, blockRows: b } = f;
  for (let block = 0, start = 0; start < n; block++, start += b) {
    const m = Math.min(b, n - start);
    for (let k = 0; k < p; k++) {
      const t = tau[block * p + k] as number;
      if (t !== 0) {
        applyReflector(v, k * n + start, top, k, x, start, m, t);
      }
    }
  }
}

/** In place, (top, x) ← Q·(top, x): the inverse of `applyQTranspose`. */
export function applyQ(f: TsqrFactors, top: Float64Array, x: Float64Array): void {
  const { v, tau } = requireReflectors(f);
  const { rows: n, columns: p, blockRows: b } = f;
  const blocks = Math.ceil(n / b);
  for (let block = blocks - 1; block >= 0; block--) {
    const start = block * b;
    const m = Math.min(b, n - start);
    for (let k = p - 1; k >= 0; k--) {
      const t = tau[block * p + k] as number;
      if (t !== 0) {
        applyReflector(v, k * n + start, top, k, x, start, m, t);
      }
    }
  }
}
