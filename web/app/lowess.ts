// R's `lowess` (Cleveland 1979, as R's clowess computes it): the smoother that `plot.lm` draws
// through its panels (panel.smooth: f = 2/3, iter = 3, delta = 1% of the range of x).

/** Smoothed values at `x` (which must be sorted ascending) of `y`. */
export function lowess(x: ArrayLike<number>, y: ArrayLike<number>, f = 2 / 3, iter = 3): Float64Array {
  const n = x.length;
  const ys = new Float64Array(n);
  if (n === 0) return ys;
  if (n < 2) {
    ys[0] = y[0] as number;
    return ys;
  }
  const delta = 0.01 * ((x[n - 1] as number) - (x[0] as number));
  const ns = Math.max(2, Math.min(n, Math.floor(f * n + 1e-7)));
  const weights = new Float64Array(n);
  const robustness = new Float64Array(n).fill(1);
  const residuals = new Float64Array(n);
  for (let iteration = 1; iteration <= iter + 1; iteration++) {
    let nleft = 0;
    let nright = ns - 1;
    let last = -1;
    let i = 0;
    for (;;) {
      if (nright < n - 1) {
        const d1 = (x[i] as number) - (x[nleft] as number);
        const d2 = (x[nright + 1] as number) - (x[i] as number);
        if (d1 > d2) {
          nleft++;
          nright++;
          continue;
        }
      }
      const fitted = localFit(x, y, n, x[i] as number, nleft, nright, weights, iteration > 1, robustness);
      ys[i] = fitted ?? (y[i] as number);
      if (last < i - 1) {
        const denom = (x[i] as number) - (x[last] as number);
        for (let j = last + 1; j < i; j++) {
          const alpha = ((x[j] as number) - (x[last] as number)) / denom;
          ys[j] = alpha * (ys[i] as number) + (1 - alpha) * (ys[last] as number);
        }
      }
      last = i;
      const cut = (x[last] as number) + delta;
      for (i = last + 1; i < n; i++) {
        if ((x[i] as number) > cut) break;
        if (x[i] === x[last]) {
          ys[i] = ys[last] as number;
          last = i;
        }
      }
      i = Math.max(last + 1, i - 1);
      if (last >= n - 1) break;
    }
    for (let j = 0; j < n; j++) residuals[j] = (y[j] as number) - (ys[j] as number);
    if (iteration > iter) break;
    let scale = 0;
    for (let j = 0; j < n; j++) scale += Math.abs(residuals[j] as number);
    scale /= n;
    const sorted = Float64Array.from(residuals, Math.abs).sort();
    const m = Math.floor(n / 2);
    const median = n % 2 === 1 ? (sorted[m] as number) : ((sorted[m - 1] as number) + (sorted[m] as number)) / 2;
    const cmad = 6 * median;
    if (cmad < 1e-7 * scale) break;
    for (let j = 0; j < n; j++) {
      const r = Math.abs(residuals[j] as number);
      const u = r / cmad;
      const v = 1 - u * u;
      robustness[j] = r <= 0.001 * cmad ? 1 : r > 0.999 * cmad ? 0 : v * v;
    }
  }
  return ys;
}

/** The weighted local linear fit at `xs` over rows [nleft, nright]; null when every weight is 0. */
function localFit(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  robust: boolean,
  rw: Float64Array,
): number | null {
  const range = (x[n - 1] as number) - (x[0] as number);
  const h = Math.max(xs - (x[nleft] as number), (x[nright] as number) - xs);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  let j = nleft;
  while (j < n) {
    w[j] = 0;
    const r = Math.abs((x[j] as number) - xs);
    if (r <= h9) {
      // Tricube weights, multiplied out: `**` is many times slower in V8 in this loop.
      const u = r / h;
      const v = 1 - u * u * u;
      w[j] = r <= h1 ? 1 : v * v * v;
      if (robust) w[j] = (w[j] as number) * (rw[j] as number);
      a += w[j] as number;
    } else if ((x[j] as number) > xs) break;
    j++;
  }
  const nrt = j - 1;
  if (a <= 0) return null;
  for (j = nleft; j <= nrt; j++) w[j] = (w[j] as number) / a;
  if (h > 0) {
    let mean = 0;
    for (j = nleft; j <= nrt; j++) mean += (w[j] as number) * (x[j] as number);
    let b = xs - mean;
    let c = 0;
    for (j = nleft; j <= nrt; j++) {
      const d = (x[j] as number) - mean;
      c += (w[j] as number) * d * d;
    }
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (j = nleft; j <= nrt; j++) w[j] = (w[j] as number) * (b * ((x[j] as number) - mean) + 1);
    }
  }
  let ys = 0;
  for (j = nleft; j <= nrt; j++) ys += (w[j] as number) * (y[j] as number);
  return ys;
}
