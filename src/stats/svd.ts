/**
 * Singular values of a small square matrix by one-sided Jacobi (Hestenes): rotate pairs of
 * columns until all are orthogonal; the singular values are then the column norms. Used for
 * the condition number statsmodels reports (σ_max/σ_min of the weighted design), from the
 * p × p triangle R·S⁻¹ instead of the n × p design. One-sided Jacobi computes even the
 * smallest singular value to high relative accuracy when the matrix is a well-conditioned
 * one times a column scaling (Demmel & Veselić), which is the situation here.
 */

/** Singular values of the k × k row-major matrix `a`, in decreasing order. */
export function singularValues(a: Float64Array, k: number): Float64Array {
  // Work on columns: store column-major so that a column is contiguous.
  const m = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      m[j * k + i] = a[i * k + j] as number;
    }
  }
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < k; i++) {
          const x = m[p * k + i] as number;
          const y = m[q * k + i] as number;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) {
          continue;
        }
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < k; i++) {
          const x = m[p * k + i] as number;
          const y = m[q * k + i] as number;
          m[p * k + i] = c * x - s * y;
          m[q * k + i] = s * x + c * y;
        }
      }
    }
    if (!rotated) {
      break;
    }
  }
  const values = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let ss = 0;
    let scale = 0;
    for (let i = 0; i < k; i++) {
      scale = Math.max(scale, Math.abs(m[j * k + i] as number));
    }
    if (scale > 0) {
      for (let i = 0; i < k; i++) {
        const v = (m[j * k + i] as number) / scale;
        ss += v * v;
      }
    }
    values[j] = scale * Math.sqrt(ss);
  }
  return values.sort().reverse();
}
