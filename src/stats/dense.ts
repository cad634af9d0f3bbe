/**
 * Small dense linear algebra on k × k row-major arrays (k = number of coefficients):
 * triangular solves and products. Never on n-sized data.
 */

/** Solves R·x = b in place (R upper triangular, row-major k × k). */
export function solveUpper(r: Float64Array, k: number, b: Float64Array): void {
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let j = i + 1; j < k; j++) {
      s -= (r[i * k + j] as number) * (b[j] as number);
    }
    b[i] = s / (r[i * k + i] as number);
  }
}

/** Solves Rᵀ·x = b in place (R upper triangular, row-major k × k). */
export function solveUpperTranspose(r: Float64Array, k: number, b: Float64Array): void {
  for (let i = 0; i < k; i++) {
    let s = b[i] as number;
    for (let j = 0; j < i; j++) {
      s -= (r[j * k + i] as number) * (b[j] as number);
    }
    b[i] = s / (r[i * k + i] as number);
  }
}

/** R⁻¹ (upper triangular, row-major k × k). */
export function invertUpper(r: Float64Array, k: number): Float64Array {
  const inv = new Float64Array(k * k);
  const column = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    column.fill(0);
    column[j] = 1;
    solveUpper(r, k, column);
    for (let i = 0; i <= j; i++) {
      inv[i * k + j] = column[i] as number;
    }
  }
  return inv;
}

/** U·Uᵀ for upper triangular U (row-major k × k): (RᵀR)⁻¹ from U = R⁻¹. */
export function upperTimesTranspose(u: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let s = 0;
      for (let l = j; l < k; l++) {
        s += (u[i * k + l] as number) * (u[j * k + l] as number);
      }
      out[i * k + j] = s;
      out[j * k + i] = s;
    }
  }
  return out;
}

/** The 1-norm (max column sum of |a|) of a k × k matrix. */
export function norm1(a: Float64Array, k: number): number {
  let max = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < k; i++) {
      s += Math.abs(a[i * k + j] as number);
    }
    max = Math.max(max, s);
  }
  return max;
}

/**
 * Solves the symmetric positive definite system A·x = b by Cholesky (A row-major k × k).
 * Returns null when A is not numerically positive definite: a pivot (the square of L's
 * diagonal entry) at or below `minPivot` (0 by default) counts as singular.
 */
export function solveSymmetricPositive(a: Float64Array, k: number, b: Float64Array, minPivot = 0): Float64Array | null {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j] as number;
      for (let m = 0; m < j; m++) {
        s -= (l[i * k + m] as number) * (l[j * k + m] as number);
      }
      if (i === j) {
        if (!(s > minPivot)) {
          return null;
        }
        l[i * k + i] = Math.sqrt(s);
      } else {
        l[i * k + j] = s / (l[j * k + j] as number);
      }
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < k; i++) {
    let s = x[i] as number;
    for (let m = 0; m < i; m++) {
      s -= (l[i * k + m] as number) * (x[m] as number);
    }
    x[i] = s / (l[i * k + i] as number);
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let m = i + 1; m < k; m++) {
      s -= (l[m * k + i] as number) * (x[m] as number);
    }
    x[i] = s / (l[i * k + i] as number);
  }
  return x;
}

/** Eigenvalues and eigenvectors of a symmetric matrix: `vectors` row-major, column i the vector of `values[i]`. */
export interface SymmetricEigen {
  readonly values: Float64Array;
  readonly vectors: Float64Array;
}

/**
 * Eigen-decomposition of the symmetric k × k row-major matrix `a` by cyclic Jacobi rotations
 * (accurate to a few ulps of the largest eigenvalue; meant for the small matrices of tests).
 */
export function symmetricEigen(a: Float64Array, k: number): SymmetricEigen {
  const m = Float64Array.from(a);
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const x = (m[i * k + j] as number) ** 2;
        total += x;
        if (i !== j) off += x;
      }
    }
    if (!(off > Number.EPSILON ** 2 * total)) break;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = m[p * k + q] as number;
        if (apq === 0) continue;
        const app = m[p * k + p] as number;
        const aqq = m[q * k + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = m[r * k + p] as number;
          const arq = m[r * k + q] as number;
          m[r * k + p] = c * arp - s * arq;
          m[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = m[p * k + r] as number;
          const aqr = m[q * k + r] as number;
          m[p * k + r] = c * apr - s * aqr;
          m[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p] as number;
          const vrq = v[r * k + q] as number;
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(k);
  for (let i = 0; i < k; i++) values[i] = m[i * k + i] as number;
  return { values, vectors: v };
}
