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
