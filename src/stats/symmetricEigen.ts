/**
 * Eigen-decomposition of a small symmetric matrix (k × k, k = tested coefficients): Householder
 * reduction to tridiagonal form and the implicit QL iteration, EISPACK's tred2/tql2 as JAMA
 * (public domain) gives them. O(k³) with a small constant: k = 400 in ~0.2 s, where cyclic
 * Jacobi took 1.7 s, and a design may have as many columns as MAX_DESIGN_COLUMNS allows.
 *
 * ml-matrix's EigenvalueDecomposition is the same algorithm (JAMA's), but importing it adds
 * 71 KB to the minified Lambda bundle (esbuild, as scripts/build.mjs bundles), where this
 * module is under 200 lines: so it is our own, with property tests.
 */

/** Eigenvalues (ascending) and eigenvectors: `vectors` row-major, column i the vector of `values[i]`. */
export interface SymmetricEigen {
  readonly values: Float64Array;
  readonly vectors: Float64Array;
}

/** Decomposes the symmetric row-major k × k matrix `a` (only symmetry is assumed). */
export function symmetricEigen(a: Float64Array, k: number): SymmetricEigen {
  // `w` holds Vᵀ row-major (w[j·k + i] = V(i, j)): the hot loops then scan rows.
  const w = Float64Array.from(a);
  const d = new Float64Array(k);
  const e = new Float64Array(k);
  if (k > 0) {
    tridiagonalize(k, w, d, e);
    diagonalize(k, w, d, e);
  }
  const vectors = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) vectors[i * k + j] = w[j * k + i] as number;
  }
  return { values: d, vectors };
}

/** tred2: Householder reduction; d the diagonal, e the subdiagonal, w the accumulated transforms. */
function tridiagonalize(n: number, w: Float64Array, d: Float64Array, e: Float64Array): void {
  const get = (r: number, c: number): number => w[r * n + c] as number;
  const set = (r: number, c: number, value: number): void => {
    w[r * n + c] = value;
  };
  for (let j = 0; j < n; j++) d[j] = get(j, n - 1);
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k] as number);
    if (scale === 0) {
      e[i] = d[i - 1] as number;
      for (let j = 0; j < i; j++) {
        d[j] = get(j, i - 1);
        set(j, i, 0);
        set(i, j, 0);
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] = (d[k] as number) / scale;
        h += (d[k] as number) * (d[k] as number);
      }
      let f = d[i - 1] as number;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        set(i, j, f);
        g = (e[j] as number) + get(j, j) * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += get(j, k) * (d[k] as number);
          e[k] = (e[k] as number) + get(j, k) * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] = (e[j] as number) / h;
        f += (e[j] as number) * (d[j] as number);
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = (e[j] as number) - hh * (d[j] as number);
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        g = e[j] as number;
        for (let k = j; k <= i - 1; k++) set(j, k, get(j, k) - (f * (e[k] as number) + g * (d[k] as number)));
        d[j] = get(j, i - 1);
        set(j, i, 0);
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    set(i, n - 1, get(i, i));
    set(i, i, 1);
    const h = d[i + 1] as number;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = get(i + 1, k) / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += get(i + 1, k) * get(j, k);
        for (let k = 0; k <= i; k++) set(j, k, get(j, k) - g * (d[k] as number));
      }
    }
    for (let k = 0; k <= i; k++) set(i + 1, k, 0);
  }
  for (let j = 0; j < n; j++) {
    d[j] = get(j, n - 1);
    set(j, n - 1, 0);
  }
  set(n - 1, n - 1, 1);
  e[0] = 0;
}

/** tql2: implicit QL iterations on the tridiagonal form, then eigenvalues sorted ascending. */
function diagonalize(n: number, w: Float64Array, d: Float64Array, e: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i] as number;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l] as number) + Math.abs(e[l] as number));
    let m = l;
    while (m < n && !(Math.abs(e[m] as number) <= eps * tst1)) m++;
    if (m > l) {
      // Bounded: QL converges in a few iterations per eigenvalue; NaN input must not spin.
      for (let iteration = 0; iteration < 100; iteration++) {
        let g = d[l] as number;
        let p = ((d[l + 1] as number) - g) / (2 * (e[l] as number));
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = (e[l] as number) / (p + r);
        d[l + 1] = (e[l] as number) * (p + r);
        const dl1 = d[l + 1] as number;
        let h = g - (d[l] as number);
        for (let i = l + 2; i < n; i++) d[i] = (d[i] as number) - h;
        f += h;
        p = d[m] as number;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1] as number;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * (e[i] as number);
          h = c * p;
          r = Math.hypot(p, e[i] as number);
          e[i + 1] = s * r;
          s = (e[i] as number) / r;
          c = p / r;
          p = c * (d[i] as number) - s * g;
          d[i + 1] = h + s * (c * g + s * (d[i] as number));
          for (let k = 0; k < n; k++) {
            const upper = w[(i + 1) * n + k] as number;
            const lower = w[i * n + k] as number;
            w[(i + 1) * n + k] = s * lower + c * upper;
            w[i * n + k] = c * lower - s * upper;
          }
        }
        p = (-s * s2 * c3 * el1 * (e[l] as number)) / dl1;
        e[l] = s * p;
        d[l] = c * p;
        if (!(Math.abs(e[l] as number) > eps * tst1)) break;
      }
    }
    d[l] = (d[l] as number) + f;
    e[l] = 0;
  }
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i] as number;
    for (let j = i + 1; j < n; j++) {
      if ((d[j] as number) < p) {
        k = j;
        p = d[j] as number;
      }
    }
    if (k !== i) {
      d[k] = d[i] as number;
      d[i] = p;
      for (let j = 0; j < n; j++) {
        const t = w[i * n + j] as number;
        w[i * n + j] = w[k * n + j] as number;
        w[k * n + j] = t;
      }
    }
  }
}
